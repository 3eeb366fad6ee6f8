/**
 * A minimal LSP client for protocol tests: spawns the built server (`dist/server.js --stdio`),
 * records what it publishes, and waits on notifications with timeouts (never fixed sleeps).
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  CodeLensRequest,
  ConfigurationRequest,
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type CodeAction,
  type CodeLens,
  type Command,
  type Diagnostic,
  type InitializeResult,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type TextDocumentContentChangeEvent,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SERVER_NODE_FLAGS } from '../../client/src/server-process.js';
import { ROOT } from './paths.js';

export const SERVER_JS = join(ROOT, 'dist', 'server.js');
const DEFAULT_TIMEOUT_MS = 15_000;
/** Server arguments (stdio) that let `liveHeapMB` ask the server for its live heap; Node flags as the extension starts it. */
export const HEAP_PROBE_ARGS = [...SERVER_NODE_FLAGS, '--expose-gc', '--require', join(ROOT, 'test', 'support', 'heap-probe.cjs'), SERVER_JS, '--stdio'];

export interface StartOptions {
  readonly capabilities?: ClientCapabilities;
  readonly initializationOptions?: unknown;
  /** The `kubeAegis` settings, answered to `workspace/configuration`. */
  readonly settings?: unknown;
  readonly rootPath?: string;
  /** `verbose` makes the server log each check (collected in `traces`). */
  readonly trace?: 'off' | 'messages' | 'verbose';
  /** `ipc` is how the VS Code client runs the server (`--node-ipc`); stdio by default. */
  readonly transport?: 'stdio' | 'ipc';
  /** Arguments for node instead of `dist/server.js --stdio` (stdio transport). */
  readonly serverArgs?: readonly string[];
  /** The client's display language, sent in `initialize` (VS Code sends its own, e.g. `zh-cn`). */
  readonly locale?: string;
}

/** Capabilities of a plain client: push diagnostics, code action literals, versioned edits. */
export const BASIC_CAPABILITIES: ClientCapabilities = {
  textDocument: {
    synchronization: { didSave: true },
    publishDiagnostics: { versionSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
  workspace: { configuration: true, workspaceEdit: { documentChanges: true } },
};

interface Waiter {
  readonly uri: string;
  readonly accept: (params: PublishDiagnosticsParams) => boolean;
  readonly resolve: (params: PublishDiagnosticsParams) => void;
}

export class LspTestClient {
  /** Every publishDiagnostics, per URI, in arrival order. */
  readonly published = new Map<string, PublishDiagnosticsParams[]>();
  readonly registrations: string[] = [];
  readonly traces: string[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly texts = new Map<string, TextDocument>();
  private settings: unknown;
  private stderr = '';
  initializeResult!: InitializeResult;

  /** `workspace/diagnostic/refresh` requests received (a client that pulls should pull again). */
  refreshes = 0;
  private readonly refreshWaiters: (() => void)[] = [];

  private constructor(
    private readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const list = this.published.get(params.uri) ?? [];
      list.push(params);
      this.published.set(params.uri, list);
      for (const waiter of [...this.waiters]) {
        if (waiter.uri === params.uri && waiter.accept(params)) {
          this.waiters.delete(waiter);
          waiter.resolve(params);
        }
      }
    });
    connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => this.settings ?? null));
    connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations.map((r) => r.method));
    });
    connection.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++;
      for (const resolve of this.refreshWaiters.splice(0)) resolve();
      return null;
    });
    connection.onNotification('window/logMessage', () => undefined);
    connection.onNotification('$/logTrace', (params: { message: string }) => {
      this.traces.push(params.message);
    });
  }

  static async start(options: StartOptions = {}): Promise<LspTestClient> {
    if (!existsSync(SERVER_JS)) throw new Error(`${SERVER_JS} is missing: run \`npm run build\` first`);
    let child: ChildProcess;
    let connection: ProtocolConnection;
    if (options.transport === 'ipc') {
      child = fork(SERVER_JS, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [...SERVER_NODE_FLAGS] });
      connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    } else {
      // Started as the VS Code extension starts it, unless a test names other arguments.
      const spawned = spawn(process.execPath, options.serverArgs ?? [...SERVER_NODE_FLAGS, SERVER_JS, '--stdio'], { stdio: 'pipe' });
      child = spawned;
      connection = createProtocolConnection(new StreamMessageReader(spawned.stdout), new StreamMessageWriter(spawned.stdin));
    }
    const client = new LspTestClient(child, connection);
    client.settings = options.settings;
    connection.listen();
    const rootUri = options.rootPath ? pathToFileURL(options.rootPath).href : null;
    client.initializeResult = await withTimeout(
      connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri,
        workspaceFolders: rootUri ? [{ uri: rootUri, name: 'root' }] : null,
        capabilities: options.capabilities ?? BASIC_CAPABILITIES,
        ...(options.trace ? { trace: options.trace } : {}),
        ...(options.locale ? { locale: options.locale } : {}),
        initializationOptions: options.initializationOptions ?? { debounceMs: 30 },
      }),
      'initialize',
      () => client.stderr,
    );
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** The server's process id (to read its memory from outside). */
  get serverPid(): number | undefined {
    return this.child.pid;
  }

  /** The server's live heap after a full collection (for a server started with `HEAP_PROBE_ARGS`). */
  liveHeapMB(): Promise<number> {
    const reported = new Promise<number>((resolve) => {
      const listener = (chunk: Buffer) => {
        const match = /heap-probe (\d+)/.exec(chunk.toString());
        if (!match) return;
        this.child.stderr?.off('data', listener);
        resolve(Number(match[1]) / 1024 / 1024);
      };
      this.child.stderr?.on('data', listener);
    });
    this.child.kill('SIGUSR2');
    return withTimeout(reported, 'the live heap', () => this.stderr);
  }

  async open(uri: string, text: string, version = 1, languageId = 'yaml'): Promise<void> {
    this.texts.set(uri, TextDocument.create(uri, languageId, version, text));
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  /** Sends incremental changes (and keeps the client's copy of the text in step). */
  async change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    const document = this.document(uri);
    this.texts.set(uri, TextDocument.update(document, changes, version));
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
  }

  /** Replaces the whole text through one incremental change. */
  async replaceText(uri: string, version: number, text: string): Promise<void> {
    const document = this.document(uri);
    const range: Range = { start: { line: 0, character: 0 }, end: document.positionAt(document.getText().length) };
    await this.change(uri, version, [{ range, text }]);
  }

  async save(uri: string): Promise<void> {
    await this.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
  }

  async close(uri: string): Promise<void> {
    this.texts.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  document(uri: string): TextDocument {
    const document = this.texts.get(uri);
    if (!document) throw new Error(`${uri} is not open`);
    return document;
  }

  /** The latest publish for `uri` that satisfies `accept`, already received or the next one to come. */
  waitForDiagnostics(uri: string, accept: (params: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<PublishDiagnosticsParams> {
    const latest = this.published.get(uri)?.at(-1);
    if (latest && accept(latest)) return Promise.resolve(latest);
    const promise = new Promise<PublishDiagnosticsParams>((resolve) => this.waiters.add({ uri, accept, resolve }));
    const detail = () => {
      const published = this.published.get(uri) ?? [];
      return `published versions: ${JSON.stringify(published.map((p) => p.version))}\nlatest: ${JSON.stringify(summary(published.at(-1)?.diagnostics ?? []))}\n${this.stderr}`;
    };
    return withTimeout(promise, `diagnostics for ${uri}`, detail, timeoutMs);
  }

  /** Diagnostics published for the client's current version of the document. */
  currentDiagnostics(uri: string): Promise<Diagnostic[]> {
    const version = this.document(uri).version;
    return this.waitForDiagnostics(uri, (p) => p.version === version).then((p) => p.diagnostics);
  }

  async setSettings(settings: unknown, push = true): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: push ? { kubeAegis: settings } : null });
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<(CodeAction | Command)[]> {
    return this.request(CodeActionRequest.type.method, { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } }) as Promise<(CodeAction | Command)[]>;
  }

  codeLenses(uri: string): Promise<CodeLens[]> {
    return this.request(CodeLensRequest.type.method, { textDocument: { uri } }) as Promise<CodeLens[]>;
  }

  hover(uri: string, position: Position) {
    return this.request(HoverRequest.type.method, { textDocument: { uri }, position }) as Promise<{ contents: { kind: string; value: string }; range?: Range } | null>;
  }

  pullDiagnostics(uri: string, previousResultId?: string) {
    const params = { textDocument: { uri }, ...(previousResultId === undefined ? {} : { previousResultId }) };
    return this.request(DocumentDiagnosticRequest.type.method, params) as Promise<{ kind: string; resultId?: string; items: Diagnostic[] }>;
  }

  /** The next `workspace/diagnostic/refresh` request from the server. */
  nextRefresh(): Promise<void> {
    return withTimeout(new Promise<void>((resolve) => this.refreshWaiters.push(resolve)), 'workspace/diagnostic/refresh', () => this.stderr);
  }

  request(method: string, params: unknown): Promise<unknown> {
    return withTimeout(this.connection.sendRequest(method, params), method, () => this.stderr);
  }

  /** The text of `uri` after applying a workspace edit (changes or versioned document changes). */
  applied(uri: string, edit: WorkspaceEdit | undefined): string {
    const document = this.document(uri);
    const edits: TextEdit[] = [];
    edits.push(...(edit?.changes?.[uri] ?? []));
    for (const change of edit?.documentChanges ?? []) {
      if ('textDocument' in change && change.textDocument.uri === uri) {
        if (change.textDocument.version !== null && change.textDocument.version !== document.version) throw new Error('edit for another version');
        edits.push(...(change.edits as TextEdit[]));
      }
    }
    return TextDocument.applyEdits(document, edits);
  }

  async stop(): Promise<void> {
    try {
      await withTimeout(this.connection.sendRequest(ShutdownRequest.type), 'shutdown', () => this.stderr, 5000);
      await this.connection.sendNotification(ExitNotification.type);
    } finally {
      this.connection.dispose();
      if (this.child.exitCode === null) {
        await withTimeout(new Promise((resolve) => this.child.once('exit', resolve)), 'server exit', () => this.stderr, 5000).catch(() => this.child.kill());
      }
    }
  }
}

export function withTimeout<T>(promise: Promise<T>, what: string, detail: () => string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${detail()}`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const LSP_FIXTURES = join(ROOT, 'test', 'lsp', 'fixtures');

/**
 * A URI for a document that exists only in the editor, in a folder that does not exist (outside
 * the repository, so no `.kube-aegis.yaml` of ours applies to it).
 */
export function memoryUri(name: string): string {
  return pathToFileURL(join(tmpdir(), 'kube-aegis-lsp-unsaved', name)).href;
}

/** A diagnostic's message as text (LSP allows markup there). */
export function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

/** The `(line:character-line:character code)` summary of diagnostics, sorted. */
export function summary(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics
    .map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${String(d.code)}`)
    .sort();
}
