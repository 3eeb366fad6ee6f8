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
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { documentKindOf } from '../engine/index.js';
import { clientSupport, readServerOptions, serverCapabilities, type ClientSupport, type ServerOptions } from './capabilities.js';
import { DocumentChecks, isConfigDocument } from './checks.js';
import { codeActions, fixAllEdit, fixDocument, isFixAllData } from './code-actions.js';
import { rangeOf } from './diagnostics.js';
import { FIX_ALL_METHOD, type FixAllParams, type FixAllResult } from './fix-all-protocol.js';
import { configCodeActions, configCompletions } from './config-document.js';
import { securityLevelLenses } from './code-lens.js';
import { executeCommand } from './commands.js';
import { ConfigFiles } from './config-files.js';
import { pullDelivery, pushDelivery, type DiagnosticsDelivery } from './delivery.js';
import { DocumentContexts, pathOf } from './document-context.js';
import { hoverAt } from './hover.js';
import { exposedCollector, MemoryRelease } from './memory.js';
import { PullResults } from './pull-results.js';
import { answerScanFiles, configurationProblemsOf } from './scan-files.js';
import { SETTINGS_SECTION, SettingsStore } from './settings.js';
import { DOCUMENT_STATUS_METHOD, type DocumentStatus, type DocumentStatusParams } from './status-protocol.js';
import { WorkspaceDiagnostics } from './workspace-diagnostics.js';
import { changedSpan, WorkspaceEdits } from './workspace-edits.js';
import { RenderedRoots } from './rendered-roots.js';
import { WorkspaceManifests } from './workspace-manifests.js';
import { isManifestPath } from './workspace-walk.js';
import { setLocale } from '../l10n/t.js';

declare const KUBE_AEGIS_VERSION: string | undefined;
const VERSION = typeof KUBE_AEGIS_VERSION === 'string' ? KUBE_AEGIS_VERSION : '0.0.0-dev';

interface Services {
  readonly connection: Connection;
  readonly options: ServerOptions;
  readonly client: ClientSupport;
  readonly settings: SettingsStore;
  readonly configFiles: ConfigFiles;
  readonly contexts: DocumentContexts;
  readonly checks: DocumentChecks;
  readonly delivery: DiagnosticsDelivery;
  readonly edits: WorkspaceEdits;
  readonly manifests: WorkspaceManifests;
  readonly pullResults: PullResults;
  /** Present when the client pulls diagnostics: then closed files are reported too. */
  readonly workspaceDiagnostics?: WorkspaceDiagnostics;
  readonly rendered: RenderedRoots;
  readonly memory: MemoryRelease;
}

/** Manifests and configuration files, for the cross-file index and the configuration. */
const WATCHED_FILES = ['**/*.{yaml,yml,json}', '**/.kube-aegis.{yaml,yml}'];
/** How long the first walk of the workspace waits for the client to start watching its files. */
const WATCH_REGISTRATION_WAIT_MS = 2000;

/** What the process around the server wants to know. */
export interface ServerHooks {
  /** The client asked the server to shut down (an exit after that is a clean one). */
  shutdown?(): void;
}

export function startServer(connection: Connection, hooks: ServerHooks = {}): void {
  const documents = new TextDocuments(TextDocument);
  connection.onInitialize((params): InitializeResult => {
    // The client's display language (VS Code sends it; any LSP client may): messages, hovers, titles.
    setLocale(params.locale);
    const services = createServices(connection, documents, params);
    listenToDocuments(documents, services);
    answerRequests(connection, services, hooks);
    answerScanFiles(connection, {
      documents,
      contexts: services.contexts,
      configFiles: services.configFiles,
      manifests: services.manifests,
      ...(services.workspaceDiagnostics ? { workspaceDiagnostics: services.workspaceDiagnostics } : {}),
    });
    connection.onInitialized(() => {
      // A file made after the walk listed its folder but before the client watched it would be
      // missed by both: the walk starts once the client watches (or has not answered for a while).
      const watching = registerForChanges(connection, services);
      void Promise.race([watching, sleep(WATCH_REGISTRATION_WAIT_MS, undefined, { ref: false })]).then(() => indexWorkspace(connection, services));
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
    settingsOf: (path, folderUri) => contexts.fileContext(path, folderUri),
    changed: () => {
      checks.indexChanged();
      workspaceDiagnostics?.changed();
    },
    analyseFiles: client.pullDiagnostics,
    owned: (path) => rendered.ownsPath(path),
  });
  manifests.setFolders(folders);
  // Charts and kustomizations: their files stay out of the index, their rendered outputs join it.
  const rendered: RenderedRoots = new RenderedRoots({
    index: {
      setRendered: (rootDir, entries) => manifests.setRendered(rootDir, entries),
      renderedFindingsFor: (key) => manifests.renderedFindingsFor(key),
      rootsChanged: () => inBackground(connection, 'Indexing the workspace', manifests.rootsChanged()),
    },
    documents,
    contexts,
    trusted: options.workspaceTrusted,
    debounceMs: Math.max(options.debounceMs, 150),
    changed: () => {
      checks.indexChanged();
      workspaceDiagnostics?.changed();
    },
    trace: (message) => connection.tracer.log(message),
    error: (message) => connection.console.error(message),
  });
  const workspaceDiagnostics = client.pullDiagnostics
    ? new WorkspaceDiagnostics({
        manifests,
        rendered,
        configFiles,
        openDocuments: async () => {
          // Files only: a scratch buffer is no part of the workspace.
          const open = documents.all().filter((d) => d.uri.startsWith('file:'));
          const results = await Promise.all(open.map(async (d) => ({ uri: d.uri, result: await checks.check(d.uri, 'change') })));
          return results.flatMap(({ uri, result }) => (result ? [{ uri, version: result.version, diagnostics: result.diagnostics }] : []));
        },
        scope: async () => (await contexts.settingsOf()).diagnosticsScope,
        maxProblemsPerFile: async () => (await contexts.settingsOf()).maxProblemsPerFile,
      })
    : undefined;
  const memory = new MemoryRelease({ collect: exposedCollector() });
  const publish = (uri: string, version: number | undefined, diagnostics: Diagnostic[]) => {
    inBackground(connection, 'Publishing diagnostics', connection.sendDiagnostics({ uri, ...(version === undefined ? {} : { version }), diagnostics }));
    memory.checked();
  };
  const refresh = client.diagnosticRefresh ? () => inBackground(connection, 'Refreshing diagnostics', connection.languages.diagnostics.refresh()) : undefined;
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
  return {
    connection,
    options,
    client,
    settings,
    configFiles,
    contexts,
    checks,
    delivery,
    edits: new WorkspaceEdits(client.versionedEdits),
    manifests,
    pullResults: new PullResults(),
    rendered,
    memory,
    ...(workspaceDiagnostics ? { workspaceDiagnostics } : {}),
  };
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

/**
 * Settings or a configuration file changed: every file may read differently (open ones are
 * checked again, files on disk re-analysed), and what the workspace index leaves out may differ.
 */
function configurationChanged(services: Services): void {
  services.configFiles.invalidate();
  services.delivery.configurationChanged();
  services.workspaceDiagnostics?.configurationChanged();
  inBackground(services.connection, 'Indexing the workspace', services.manifests.indexFolders());
}

/** What the status bar shows for a document. */
async function documentStatus(services: Services, uri: string): Promise<DocumentStatus> {
  const context = await services.contexts.contextFor(uri);
  const document = services.checks.documentOf(uri);
  const configProblems = configurationProblemsOf(context.configFile);
  const status = {
    profile: context.config.profile,
    profileSource: context.profileSource,
    ...(context.configFile ? { configUri: pathToFileURL(context.configFile.path).href } : {}),
    ...(configProblems ? { configProblems } : {}),
  };
  if (context.excluded) return { kind: 'excluded', ...status };
  if (document && documentKindOf(uri, document.languageId) === 'abac') return { kind: 'policy', ...status };
  const found = isConfigDocument(uri) ? undefined : await services.checks.analysisOf(uri);
  const manifest = found !== undefined && (found.findings.length > 0 || found.analysis.sections.some((section) => section.objects.length > 0));
  return { kind: manifest ? 'manifest' : 'other', ...status };
}

function listenToDocuments(documents: TextDocuments<TextDocument>, services: Services): void {
  const { checks, delivery } = services;
  // TextDocuments reports an open as a content change too; the open already scheduled a check.
  const opening = new Set<string>();
  const configDocumentEdited = (uri: string) => {
    if (isConfigDocument(uri)) configurationChanged(services);
  };
  documents.onDidOpen(({ document }) => {
    opening.add(document.uri);
    services.workspaceDiagnostics?.changed();
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
    services.workspaceDiagnostics?.documentClosed(document.uri);
    services.settings.forget(document.uri);
    // Closing a configuration file falls back to the file on disk.
    configDocumentEdited(document.uri);
  });
}

function answerRequests(connection: Connection, services: Services, hooks: ServerHooks): void {
  const { checks } = services;
  if (services.client.pullDiagnostics) {
    connection.languages.diagnostics.on(async (params) => {
      if (!checks.isOpen(params.textDocument.uri)) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
      const result = await checks.check(params.textDocument.uri, 'change');
      if (!result) {
        // The document changed or closed meanwhile: the client asks again for the new version.
        throw new ResponseError(LSPErrorCodes.ServerCancelled, 'The document changed.', { retriggerRequest: true });
      }
      services.memory.checked();
      return services.pullResults.report(params.textDocument.uri, result.diagnostics, params.previousResultId);
    });
  }
  connection.onCompletion((params) => {
    const document = checks.documentOf(params.textDocument.uri);
    return document && isConfigDocument(document.uri) ? configCompletions(document, params.position) : [];
  });
  connection.onCodeAction(async (params) => {
    const configDocument = isConfigDocument(params.textDocument.uri) ? checks.documentOf(params.textDocument.uri) : undefined;
    if (configDocument) return configCodeActions(configDocument, params, services.edits);
    const found = await checks.analysisOf(params.textDocument.uri);
    if (!found) return [];
    const { document, analysis, findings, context } = found;
    return codeActions({
      document,
      analysis,
      findings,
      config: context.config,
      unsafeFixes: context.fixAllUnsafe,
      params,
      edits: services.edits,
      canCreateFiles: services.client.createFiles,
      resolvesEdits: services.client.resolveCodeActionEdits,
    });
  });
  connection.onCodeActionResolve(async (action) => {
    if (!isFixAllData(action.data)) return action;
    const found = await checks.analysisOf(action.data.uri);
    // The document moved on since the menu was shown: no edit (a stale one would be refused anyway).
    if (!found || found.document.version !== action.data.version) return action;
    const edit = fixAllEdit(found.document, found.context.config, services.edits, action.data.ruleId, found.context.fixAllUnsafe);
    return edit ? { ...action, edit } : action;
  });
  connection.onCodeLens(async (params) => {
    const renderLenses = services.rendered.lenses(params.textDocument.uri);
    const found = await checks.analysisOf(params.textDocument.uri);
    return [...renderLenses, ...(found ? securityLevelLenses(found.document, found.analysis, found.context.config) : [])];
  });
  connection.onNotification('kubeAegis/workspaceTrusted', () => services.rendered.trust());
  connection.onShutdown(() => {
    hooks.shutdown?.();
    services.rendered.dispose();
    services.memory.dispose();
  });
  connection.onHover(async (params) => {
    const found = await checks.analysisOf(params.textDocument.uri);
    return found ? (hoverAt(found.document, found.findings, params.position, { commandLinks: services.options.commandLinks }) ?? null) : null;
  });
  connection.onExecuteCommand((params) => executeCommand(connection, params, services.client.showDocument));
  if (services.workspaceDiagnostics) {
    const workspace = services.workspaceDiagnostics;
    connection.languages.diagnostics.onWorkspace((params, token) => workspace.report(params, token));
  }
  connection.onRequest(FIX_ALL_METHOD, async (params: FixAllParams): Promise<FixAllResult> => {
    const found = await checks.analysisOf(params.uri);
    if (!found || found.document.version !== params.version) return { applied: [] };
    const fixed = fixDocument(found.document, found.context.config, undefined, found.context.fixAllUnsafe);
    if (fixed.text === found.document.getText()) return { applied: [] };
    const span = changedSpan(found.document.getText(), fixed.text);
    return { edit: { range: rangeOf(found.document, span), newText: span.text }, applied: fixed.applied.map(({ ruleId, title }) => ({ ruleId, title })) };
  });
  connection.onRequest(DOCUMENT_STATUS_METHOD, (params: DocumentStatusParams) => documentStatus(services, params.uri));
  connection.onDidChangeConfiguration((params) => {
    services.settings.changed(params.settings);
    configurationChanged(services);
  });
  connection.onDidChangeWatchedFiles(({ changes }) => {
    if (changes.some((change) => isConfigDocument(change.uri))) {
      configurationChanged(services);
      return;
    }
    for (const change of changes) {
      if (isManifestPath(change.uri)) inBackground(connection, `Re-reading ${change.uri}`, services.manifests.fileChanged(change.uri));
      services.rendered.fileChanged(change.uri);
    }
  });
}

/**
 * Dynamic registrations, allowed only once the client has seen the initialize result. Resolves
 * once the client watches the workspace's files (at once when it does not support that).
 */
function registerForChanges(connection: Connection, services: Services): Promise<void> {
  const { client } = services;
  if (client.configurationChangeRegistration) {
    inBackground(connection, 'Registering for settings changes', connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }));
  }
  let watching: Promise<unknown> = Promise.resolve();
  if (client.watchedFilesRegistration) {
    const watchers = WATCHED_FILES.map((globPattern) => ({ globPattern }));
    watching = connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
    inBackground(connection, 'Watching configuration files', watching);
  }
  if (client.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders(() => {
      const update = connection.workspace.getWorkspaceFolders().then((folders) => {
        const uris = (folders ?? []).map((f) => f.uri);
        services.contexts.setFolders(uris);
        services.manifests.setFolders(uris);
        configurationChanged(services);
      });
      inBackground(connection, 'Reading the workspace folders', update);
    });
  }
  connection.console.info(`Kube Aegis ${VERSION} ready (${client.pullDiagnostics ? 'pull' : 'push'} diagnostics).`);
  return watching.then(
    () => undefined,
    () => undefined,
  );
}
