/**
 * The one request the VS Code client sends beyond standard LSP: analyse files that are not open
 * and publish their diagnostics (the "Scan Workspace" command). Shared by client and server.
 */
export const SCAN_FILES_METHOD = 'kubeAegis/scanFiles';

export interface ScanFilesParams {
  /** `file:` URIs of manifests to read from disk, analyse, and publish diagnostics for. */
  readonly uris: readonly string[];
}

export interface ScanFilesResult {
  /** How many of the files were read and analysed. */
  readonly scanned: number;
  /** How many diagnostics were published for them. */
  readonly findings: number;
}
