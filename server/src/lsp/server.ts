/**
 * The Kube Aegis language server: wires the LSP connection to the document checks, code
 * actions, code lenses and hovers. Nothing heavy happens in `initialize`; rules run when
 * documents open, and the workspace's manifests are read in the background once initialized.
 */
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { clientSupport, readServerOptions, serverCapabilities, type ClientSupport } from './capabilities.js';
import { DocumentChecks, isConfigDocument } from './checks.js';
import { codeActions } from './code-actions.js';
import { securityLevelLenses } from './code-lens.js';
import { executeCommand } from './commands.js';
import { ConfigFiles } from './config-files.js';
import { pullDelivery, pushDelivery, type DiagnosticsDelivery } from './delivery.js';
import { DocumentContexts, pathOf } from './document-context.js';
import { hoverAt } from './hover.js';
import { PullResults } from './pull-results.js';
import { answerScanFiles } from './scan-files.js';
import { SETTINGS_SECTION, SettingsStore } from './settings.js';
import { WorkspaceEdits } from './workspace-edits.js';
import { RenderedRoots } from './rendered-roots.js';
import { WorkspaceManifests } from './workspace-manifests.js';
import { isManifestPath } from './workspace-walk.js';

declare const KUBE_AEGIS_VERSION: string | undefined;
const VERSION = typeof KUBE_AEGIS_VERSION === 'string' ? KUBE_AEGIS_VERSION : '0.0.0-dev';

interface Services {
  readonly client: ClientSupport;
  readonly settings: SettingsStore;
  readonly configFiles: ConfigFiles;
  readonly contexts: DocumentContexts;
  readonly checks: DocumentChecks;
  readonly delivery: DiagnosticsDelivery;
  readonly edits: WorkspaceEdits;
  readonly manifests: WorkspaceManifests;
  readonly pullResults: PullResults;
  readonly rendered: RenderedRoots;
}

/** Manifests and configuration files, for the cross-file index and the configuration. */
const WATCHED_FILES = ['**/*.{yaml,yml,json}', '**/.kube-aegis.{yaml,yml}'];

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  connection.onInitialize((params): InitializeResult => {
    const services = createServices(connection, documents, params);
    listenToDocuments(documents, services);
    answerRequests(connection, services);
    answerScanFiles(connection, documents, services.contexts);
    connection.onInitialized(() => {
      registerForChanges(connection, services);
      indexWorkspace(connection, services);
    });
    return { capabilities: serverCapabilities(services.client), serverInfo: { name: 'kube-aegis', version: VERSION } };
  });
  documents.listen(connection);
  connection.listen();
}

function failureLogger(connection: Connection, what: string): (error: unknown) => void {
  return (error) => connection.console.error(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
}

/** Runs a promise nobody waits for; a failure is logged (an unhandled rejection would end the process). */
function inBackground(connection: Connection, what: string, promise: Promise<unknown>): void {
  promise.catch(failureLogger(connection, what));
}

function createServices(connection: Connection, documents: TextDocuments<TextDocument>, params: InitializeParams): Services {
  const client = clientSupport(params.capabilities);
  const options = readServerOptions(params.initializationOptions);
  const settings = new SettingsStore(connection, client.configuration);
  const configFiles = new ConfigFiles((path) => documents.all().find((d) => pathOf(d.uri) === path)?.getText());
  const contexts = new DocumentContexts(settings, configFiles);
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  contexts.setFolders(folders);
  // The checks feed the index the open documents; the index tells them when it changed.
  const manifests = new WorkspaceManifests({
    isExcluded: (path, folderUri) => contexts.isExcludedFile(path, folderUri),
    changed: () => checks.indexChanged(),
  });
  manifests.setFolders(folders);
  const publish = (uri: string, version: number | undefined, diagnostics: Diagnostic[]) =>
    inBackground(connection, 'Publishing diagnostics', connection.sendDiagnostics({ uri, ...(version === undefined ? {} : { version }), diagnostics }));
  const refresh = client.diagnosticRefresh ? () => inBackground(connection, 'Refreshing diagnostics', connection.languages.diagnostics.refresh()) : undefined;
  const rendered = new RenderedRoots({
    documents,
    contexts,
    trusted: options.workspaceTrusted,
    debounceMs: Math.max(options.debounceMs, 150),
    changed: () => checks.indexChanged(),
    trace: (message) => connection.tracer.log(message),
    error: (message) => connection.console.error(message),
  });
  const checks = new DocumentChecks(documents, contexts, manifests, {
    rendered,
    debounceMs: options.debounceMs,
    publish,
    // A client that pulls is asked to pull again; otherwise the new diagnostics are pushed.
    crossFileChanged: (changed) => {
      if (client.pullDiagnostics) refresh?.();
      else for (const { uri, version, diagnostics } of changed) publish(uri, version, diagnostics);
    },
    trace: (message) => connection.tracer.log(message),
    error: (message) => connection.console.error(message),
  });
  const delivery = client.pullDiagnostics
    ? pullDelivery(checks, refresh, failureLogger(connection, 'Checking on save'))
    : pushDelivery(checks);
  return { client, settings, configFiles, contexts, checks, delivery, edits: new WorkspaceEdits(client.versionedEdits), manifests, pullResults: new PullResults(), rendered };
}

/** Reads the manifests of the workspace folders in the background (requests are answered meanwhile). */
function indexWorkspace(connection: Connection, services: Services): void {
  inBackground(connection, 'Indexing the workspace', services.manifests.indexFolders());
  inBackground(connection, 'Finding charts and kustomizations', findRenderRoots(services));
}

async function findRenderRoots(services: Services): Promise<void> {
  // After the requests already received: finding the roots walks the folders.
  await new Promise((resolve) => setImmediate(resolve));
  services.rendered.setFolders(services.contexts.folderUris);
}

function listenToDocuments(documents: TextDocuments<TextDocument>, services: Services): void {
  const { checks, delivery } = services;
  // TextDocuments reports an open as a content change too; the open already scheduled a check.
  const opening = new Set<string>();
  const configDocumentEdited = (uri: string) => {
    if (!isConfigDocument(uri)) return;
    services.configFiles.invalidate();
    delivery.configurationChanged();
  };
  documents.onDidOpen(({ document }) => {
    opening.add(document.uri);
    services.rendered.documentOpened(document.uri);
    delivery.opened(document.uri);
    configDocumentEdited(document.uri);
  });
  documents.onDidChangeContent(({ document }) => {
    if (opening.delete(document.uri)) return;
    delivery.changed(document.uri);
    services.rendered.fileChanged(document.uri);
    configDocumentEdited(document.uri);
  });
  documents.onDidSave(({ document }) => delivery.saved(document.uri));
  documents.onDidClose(({ document }) => {
    opening.delete(document.uri);
    checks.close(document.uri);
    services.pullResults.forget(document.uri);
    services.settings.forget(document.uri);
    // Closing a configuration file falls back to the file on disk.
    configDocumentEdited(document.uri);
  });
}

function answerRequests(connection: Connection, services: Services): void {
  const { checks } = services;
  if (services.client.pullDiagnostics) {
    connection.languages.diagnostics.on(async (params) => {
      if (!checks.isOpen(params.textDocument.uri)) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
      const result = await checks.check(params.textDocument.uri, 'change');
      if (!result) {
        // The document changed or closed meanwhile: the client asks again for the new version.
        throw new ResponseError(LSPErrorCodes.ServerCancelled, 'The document changed.', { retriggerRequest: true });
      }
      return services.pullResults.report(params.textDocument.uri, result.diagnostics, params.previousResultId);
    });
  }
  connection.onCodeAction(async (params) => {
    const found = await checks.analysisOf(params.textDocument.uri);
    if (!found) return [];
    const { document, analysis, findings, context } = found;
    return codeActions({ document, analysis, findings, config: context.config, params, edits: services.edits, canCreateFiles: services.client.createFiles });
  });
  connection.onCodeLens(async (params) => {
    const renderLenses = services.rendered.lenses(params.textDocument.uri);
    const found = await checks.analysisOf(params.textDocument.uri);
    return [...renderLenses, ...(found ? securityLevelLenses(found.document, found.analysis, found.context.config) : [])];
  });
  connection.onNotification('kubeAegis/workspaceTrusted', () => services.rendered.trust());
  connection.onShutdown(() => services.rendered.dispose());
  connection.onHover(async (params) => {
    const found = await checks.analysisOf(params.textDocument.uri);
    return found ? (hoverAt(found.document, found.findings, params.position) ?? null) : null;
  });
  connection.onExecuteCommand((params) => executeCommand(connection, params, services.client.showDocument));
  connection.onDidChangeConfiguration((params) => {
    services.settings.changed(params.settings);
    services.delivery.configurationChanged();
    // The `exclude` globs may have changed what the index holds.
    indexWorkspace(connection, services);
  });
  connection.onDidChangeWatchedFiles(({ changes }) => {
    if (changes.some((change) => isConfigDocument(change.uri))) {
      // Settings of every file may differ, and so may what the workspace index leaves out.
      services.configFiles.invalidate();
      services.delivery.configurationChanged();
      indexWorkspace(connection, services);
      return;
    }
    for (const change of changes) {
      if (isManifestPath(change.uri)) inBackground(connection, `Re-reading ${change.uri}`, services.manifests.fileChanged(change.uri));
      services.rendered.fileChanged(change.uri);
    }
  });
}

/** Dynamic registrations, allowed only once the client has seen the initialize result. */
function registerForChanges(connection: Connection, services: Services): void {
  const { client } = services;
  if (client.configurationChangeRegistration) {
    inBackground(connection, 'Registering for settings changes', connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }));
  }
  if (client.watchedFilesRegistration) {
    const watchers = WATCHED_FILES.map((globPattern) => ({ globPattern }));
    inBackground(connection, 'Watching configuration files', connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }));
  }
  if (client.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders(() => {
      const update = connection.workspace.getWorkspaceFolders().then((folders) => {
        const uris = (folders ?? []).map((f) => f.uri);
        services.contexts.setFolders(uris);
        services.manifests.setFolders(uris);
        services.configFiles.invalidate();
        services.delivery.configurationChanged();
        indexWorkspace(connection, services);
      });
      inBackground(connection, 'Reading the workspace folders', update);
    });
  }
  connection.console.info(`Kube Aegis ${VERSION} ready (${client.pullDiagnostics ? 'pull' : 'push'} diagnostics).`);
}
