/**
 * Requests the VS Code client sends beyond standard LSP for "Scan Workspace". Shared by client
 * and server.
 *
 * With workspace diagnostics (a client that pulls them), the server already reports every
 * manifest of the workspace: `kubeAegis/workspaceSummary` waits for the workspace to be read and
 * says what is in the Problems panel. Otherwise `kubeAegis/scanFiles` analyses files that are
 * not open and publishes their diagnostics.
 */
export const SCAN_FILES_METHOD = 'kubeAegis/scanFiles';
export const WORKSPACE_SUMMARY_METHOD = 'kubeAegis/workspaceSummary';

export interface ScanFilesParams {
  /** `file:` URIs of manifests to read from disk, analyse, and publish diagnostics for. */
  readonly uris: readonly string[];
}

/** A manifest that was not checked, and why. */
export interface SkippedManifest {
  readonly uri: string;
  readonly reason: string;
}

/** A `.kube-aegis.yaml` with mistakes: what they touch does not apply. */
export interface ConfigurationProblems {
  readonly uri: string;
  readonly problems: number;
  /** False when nothing of the file applies (it cannot be read as a configuration). */
  readonly usable: boolean;
  /** The first problem's message. */
  readonly first: string;
}

export interface ScanFilesResult {
  /** How many of the files were read and analysed. */
  readonly scanned: number;
  /** How many diagnostics were published for them. */
  readonly findings: number;
  readonly skipped: readonly SkippedManifest[];
  readonly configurationProblems: readonly ConfigurationProblems[];
}

/** `null` when the server does not report the workspace (open files only, or a client that does not pull). */
export type WorkspaceSummaryResult = ScanFilesResult | null;
