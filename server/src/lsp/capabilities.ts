/** What the client can do, and what the server offers in return. */
import { TextDocumentSyncKind, type ClientCapabilities, type ServerCapabilities } from 'vscode-languageserver/node';
import { CODE_ACTION_KINDS } from './code-actions.js';

export interface ClientSupport {
  /** `textDocument/diagnostic`: the client pulls, so the server does not push. */
  readonly pullDiagnostics: boolean;
  readonly diagnosticRefresh: boolean;
  /** `workspace/configuration` requests. */
  readonly configuration: boolean;
  readonly configurationChangeRegistration: boolean;
  readonly watchedFilesRegistration: boolean;
  readonly workspaceFolders: boolean;
  /** Workspace edits with `documentChanges` (versioned text document edits). */
  readonly versionedEdits: boolean;
  /** Workspace edits that create files (`CreateFile` in `documentChanges`). */
  readonly createFiles: boolean;
  /** `window/showDocument`, to open a rule's documentation. */
  readonly showDocument: boolean;
  /** `codeAction/resolve` that fills in `edit`: costly edits are computed only when chosen. */
  readonly resolveCodeActionEdits: boolean;
}

export function clientSupport(capabilities: ClientCapabilities): ClientSupport {
  const workspace = capabilities.workspace;
  return {
    pullDiagnostics: capabilities.textDocument?.diagnostic !== undefined,
    diagnosticRefresh: workspace?.diagnostics?.refreshSupport === true,
    configuration: workspace?.configuration === true,
    configurationChangeRegistration: workspace?.didChangeConfiguration?.dynamicRegistration === true,
    watchedFilesRegistration: workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    workspaceFolders: workspace?.workspaceFolders === true,
    versionedEdits: workspace?.workspaceEdit?.documentChanges === true,
    createFiles: workspace?.workspaceEdit?.documentChanges === true && workspace.workspaceEdit.resourceOperations?.includes('create') === true,
    showDocument: capabilities.window?.showDocument?.support === true,
    resolveCodeActionEdits: capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true,
  };
}

export function serverCapabilities(client: ClientSupport): ServerCapabilities {
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
    codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS, resolveProvider: true },
    hoverProvider: true,
    // Keys, rule ids and values of .kube-aegis.yaml (manifests get none).
    completionProvider: { triggerCharacters: [' '] },
    codeLensProvider: { resolveProvider: false },
    // Inter-file: a document's cross-file findings change when other files do. Workspace
    // diagnostics: files that are not open are reported too, as the CLI reports them.
    ...(client.pullDiagnostics
      ? { diagnosticProvider: { identifier: 'kube-aegis', interFileDependencies: true, workspaceDiagnostics: true } }
      : {}),
    ...(client.workspaceFolders ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } } : {}),
  };
}

export interface ServerOptions {
  /** Quiet time after a change before the document is checked. */
  readonly debounceMs: number;
  /** The client runs `command:` links in hovers (the VS Code extension says so). */
  readonly commandLinks: boolean;
  /**
   * False when the client says the workspace is not trusted (VS Code's Restricted Mode): then
   * helm and kustomize are never run. Clients that say nothing are trusted, as for any program
   * they start.
   */
  readonly workspaceTrusted: boolean;
}

const DEFAULT_DEBOUNCE_MS = 75;

/** Options from `initializationOptions` (e.g. `{ "debounceMs": 50 }`); anything else is ignored. */
export function readServerOptions(raw: unknown): ServerOptions {
  const options = typeof raw === 'object' && raw !== null ? (raw as { debounceMs?: unknown; commandLinks?: unknown }) : {};
  const debounce = options.debounceMs;
  const valid = typeof debounce === 'number' && Number.isFinite(debounce) && debounce >= 0 && debounce <= 5000;
  const trusted = typeof raw === 'object' && raw !== null ? (raw as { workspaceTrusted?: unknown }).workspaceTrusted : undefined;
  return { debounceMs: valid ? debounce : DEFAULT_DEBOUNCE_MS, commandLinks: options.commandLinks === true, workspaceTrusted: trusted !== false };
}
