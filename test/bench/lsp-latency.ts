/**
 * Edit latency and memory of a language server over stdio, measured the same way for every
 * server: open a file, wait for its diagnostics, then change one line at each position asked for
 * (inside a small document, in the middle of the largest one, ...) and time until the diagnostics
 * of that change arrive; optionally, edits spread over the whole file before memory is read again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LSPErrorCodes,
  PublishDiagnosticsNotification,
  ResponseError,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { processCpuMs, residentMB } from '../support/process-memory.js';

export interface ServerUnderTest {
  readonly name: string;
  readonly command: readonly string[];
  readonly initializationOptions?: unknown;
  /** Answer to every `workspace/configuration` item. */
  readonly settings?: (section: string | undefined) => unknown;
  /** The server's own delay between a change and its check (excluded from the edit latency). */
  readonly debounceMs: number;
  /**
   * Ask for the diagnostics after each change (`textDocument/diagnostic` with the last result id,
   * as VS Code does) instead of waiting for `publishDiagnostics`.
   */
  readonly pull?: boolean;
}

/** Where edits are made, and how. */
export interface EditPosition {
  readonly name: string;
  /** The line changed (0-based). */
  readonly line: number;
  /**
   * `append`: `x` added to the line and taken away again (on a key line, `key:x`: the YAML broken
   * and repaired, as while a key is typed); `comment`: a trailing comment toggled; `indent`: one
   * space put before the line and taken away again.
   */
  readonly style: 'append' | 'comment' | 'indent';
}

export interface MeasureOptions {
  readonly positions: readonly EditPosition[];
  /** Measured edits per position. */
  readonly edits: number;
  /** Edits per position before those (reported apart). */
  readonly warmup: number;
  /** Then this many edits spread evenly over the file, each waited for, and memory read again. */
  readonly spreadEdits?: number;
}

export interface LatencyResult {
  readonly server: string;
  readonly file: string;
  /** Where the edits of the figures below were made. */
  readonly position: string;
  /** From didOpen to the first diagnostics. */
  readonly openMs: number;
  /** Resident memory of the server process after opening the file and its first check. */
  readonly rssMB: number | undefined;
  /** Resident memory after every position's edits and `spreadEdits` more spread over the file, as the last diagnostics arrive. */
  readonly rssAfterEditsMB?: number;
  /** The same five seconds later, with nothing sent meanwhile (what V8 gives back once the edits stop). */
  readonly rssSettledMB?: number;
  /** One-line edits: time to the diagnostics of that version, including the server's debounce. */
  readonly editTotalMs: readonly number[];
  /** p50 of the first edits after opening, while the server's code is still being compiled (not in the figures below). */
  readonly firstEditsP50Ms: number;
  /** p50 of the edits after those, as while typing. */
  readonly editP50Ms: number;
  readonly editP90Ms: number;
  /** p50 with the server's debounce subtracted. */
  readonly editP50NoDebounceMs: number;
  readonly debounceMs: number;
  /** Pulling: how many of the measured edits were answered `unchanged` (the client already held the result). */
  readonly unchangedAnswers?: number;
  /** CPU time of the server process (user and system, all its threads) per measured edit: what a loaded machine inflates least. */
  readonly serverCpuPerEditMs?: number;
}

class BenchClient {
  private waiter: ((params: PublishDiagnosticsParams) => void) | undefined;

  private constructor(
    readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {}

  static async start(server: ServerUnderTest): Promise<BenchClient> {
    const [command, ...args] = server.command;
    const child = spawn(command!, args, { stdio: ['pipe', 'pipe', 'ignore'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new BenchClient(child, connection);
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const waiter = client.waiter;
      client.waiter = undefined;
      waiter?.(params);
    });
    connection.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => server.settings?.(item.section) ?? null));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification('window/logMessage', () => undefined);
    connection.onNotification('telemetry/event', () => undefined);
    connection.listen();
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      capabilities: {
        textDocument: { synchronization: { didSave: true }, publishDiagnostics: { versionSupport: true }, ...(server.pull ? { diagnostic: { dynamicRegistration: false } } : {}) },
        workspace: { configuration: true },
      },
      initializationOptions: server.initializationOptions ?? {},
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** The next publishDiagnostics for `uri` after `send` runs (with the given version when the server reports one). */
  async timed(uri: string, version: number, send: () => Promise<void>, timeoutMs = 60_000): Promise<number> {
    const start = performance.now();
    const arrived = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version} within ${timeoutMs} ms`)), timeoutMs);
      const accept = (params: PublishDiagnosticsParams) => {
        if (params.uri === uri && (params.version === undefined || params.version === version)) {
          clearTimeout(timer);
          resolve();
        } else {
          this.waiter = accept;
        }
      };
      this.waiter = accept;
    });
    await send();
    await arrived;
    return performance.now() - start;
  }

  /**
   * Time from `send` to the answer of a diagnostics pull made right after it (asked again when
   * the server cancels it because the document moved on), and that answer's result id.
   */
  async timedPull(uri: string, previousResultId: string | undefined, send: () => Promise<void>): Promise<{ ms: number; resultId?: string; unchanged: boolean }> {
    const start = performance.now();
    await send();
    for (;;) {
      try {
        const report = (await this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, ...(previousResultId ? { previousResultId } : {}) })) as { kind: string; resultId?: string };
        return { ms: performance.now() - start, ...(report.resultId ? { resultId: report.resultId } : {}), unchanged: report.kind === 'unchanged' };
      } catch (error) {
        if (!(error instanceof ResponseError && error.code === LSPErrorCodes.ServerCancelled)) throw error;
      }
    }
  }

  rssMB(): number | undefined {
    return residentMB(this.child.pid);
  }

  cpuMs(): number | undefined {
    return processCpuMs(this.child.pid);
  }

  /**
   * Shuts the server down and waits until its process is gone (killed after 2 s): a server still
   * exiting, or still working, would take CPU from the next one measured.
   */
  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) resolve();
      else this.child.once('exit', () => resolve());
    });
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((resolve) => setTimeout(resolve, 3000))]);
      await this.connection.sendNotification(ExitNotification.type);
    } finally {
      const kill = setTimeout(() => this.child.kill(), 2000);
      await exited;
      clearTimeout(kill);
      this.connection.dispose();
    }
  }
}

/** The line to edit: a value line inside the smallest document near the middle of the file. */
export function editLine(text: string): number {
  const lines = text.split('\n');
  const starts = lines.flatMap((line, i) => (line.startsWith('---') ? [i] : []));
  const middle = starts[Math.floor(starts.length / 2)] ?? 0;
  for (let i = middle + 1; i < lines.length; i++) if (/^\s+name: \S/.test(lines[i]!)) return i;
  return Math.floor(lines.length / 2);
}

/** The `---` documents of a text as line ranges `[start, end)`. */
export function documentLines(text: string): { start: number; end: number }[] {
  const lines = text.split('\n');
  const documents: { start: number; end: number }[] = [];
  let start = 0;
  lines.forEach((line, i) => {
    if (/^---(\s|$)/.test(line) && i > start) {
      documents.push({ start, end: i });
      start = i;
    }
  });
  documents.push({ start, end: lines.length });
  return documents.filter((d) => lines.slice(d.start, d.end).some((l) => /^\w/.test(l)));
}

/**
 * The first line at or after the middle of `[start, end)` where a trailing comment keeps the YAML
 * valid: it holds something, and the line after it is a key or an item indented no deeper (no
 * plain scalar runs on from it, which a comment would cut). An edit that breaks the YAML is
 * another case (see docs/performance.md). Inside a block scalar, any line with content will do.
 */
export function middleLine(lines: readonly string[], start: number, end: number): number {
  const indent = (line: string) => line.length - line.trimStart().length;
  for (let i = (start + end) >> 1; i < end; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || line.startsWith('---') || line.trimStart().startsWith('#')) continue;
    let next = i + 1;
    while (next < lines.length && lines[next]!.trim() === '') next++;
    if (next >= lines.length || (indent(lines[next]!) <= indent(line) && /^\s*(- |[^\s#][^:#]*:( |$))/.test(lines[next]!))) return i;
  }
  return start;
}

/** The first key line (`key:`, its value a block below it) at or after the middle of `[start, end)`. */
export function middleKeyLine(lines: readonly string[], start: number, end: number): number {
  for (let i = (start + end) >> 1; i < end; i++) if (/^\s+[\w.-]+:$/.test(lines[i]!)) return i;
  return start;
}

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!;
};

/** The change that makes version `version` of `line` (even versions edited, odd ones as written). */
function lineChange(original: string, line: number, version: number, style: EditPosition['style']) {
  const edited = style === 'append' ? `${original}x` : style === 'indent' ? ` ${original}` : `${original} # edited`;
  const replacement = version % 2 === 0 ? edited : original;
  const current = version % 2 === 0 ? original : edited;
  return { range: { start: { line, character: 0 }, end: { line, character: current.length } }, text: replacement };
}

/**
 * Opens `file`, then at each position makes `warmup` + `edits` one-line edits (each undoing the
 * one before). The first `warmup` of the first position are reported apart: a fresh process runs
 * them while V8 still compiles its hot paths, which a person typing pays for once.
 */
export async function measureServer(server: ServerUnderTest, file: string, text: string, options: MeasureOptions): Promise<LatencyResult[]> {
  const client = await BenchClient.start(server);
  try {
    const uri = pathToFileURL(file).href;
    const open = () => client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    let resultId: string | undefined;
    let openMs: number;
    if (server.pull) {
      const opened = await client.timedPull(uri, undefined, open);
      ({ resultId } = opened);
      openMs = opened.ms;
    } else {
      openMs = await client.timed(uri, 1, open);
    }
    const rssMB = client.rssMB();
    const lines = text.split('\n');
    let version = 1;
    let unchangedAnswers = 0;
    /** Sends a change and waits for its diagnostics; the time it took. */
    const edit = async (change: ReturnType<typeof lineChange>, counted: boolean): Promise<number> => {
      version++;
      const send = () => client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
      if (!server.pull) return client.timed(uri, version, send);
      const pulled = await client.timedPull(uri, resultId, send);
      resultId = pulled.resultId ?? resultId;
      if (pulled.unchanged && counted) unchangedAnswers++;
      return pulled.ms;
    };
    const results: Omit<LatencyResult, 'rssAfterEditsMB' | 'rssSettledMB'>[] = [];
    for (const position of options.positions) {
      const original = lines[position.line]!;
      const times: number[] = [];
      unchangedAnswers = 0;
      // An even number of edits, so the line is as written when the next position starts.
      const count = options.warmup + options.edits + ((options.warmup + options.edits) % 2);
      let cpuBefore: number | undefined;
      for (let i = 0; i < count; i++) {
        if (i === options.warmup) cpuBefore = client.cpuMs();
        times.push(await edit(lineChange(original, position.line, i % 2 === 0 ? 2 : 3, position.style), i >= options.warmup));
      }
      const cpuAfter = client.cpuMs();
      const measured = times.slice(options.warmup);
      const editP50Ms = percentile(measured, 0.5);
      results.push({
        server: server.name,
        file,
        position: position.name,
        openMs,
        rssMB,
        editTotalMs: times,
        firstEditsP50Ms: percentile(times.slice(0, options.warmup), 0.5),
        editP50Ms,
        editP90Ms: percentile(measured, 0.9),
        editP50NoDebounceMs: Math.max(0, editP50Ms - server.debounceMs),
        debounceMs: server.debounceMs,
        ...(server.pull ? { unchangedAnswers } : {}),
        ...(cpuBefore !== undefined && cpuAfter !== undefined ? { serverCpuPerEditMs: (cpuAfter - cpuBefore) / (count - options.warmup) } : {}),
      });
    }
    if (!options.spreadEdits) return results;
    // Edits spread over the file, each left in place (a session's worth of changes everywhere).
    for (let i = 0; i < options.spreadEdits; i++) {
      const line = middleLine(lines, Math.floor((i * lines.length) / options.spreadEdits), Math.floor(((i + 1) * lines.length) / options.spreadEdits));
      await edit(lineChange(lines[line]!, line, 2, 'comment'), false);
      lines[line] = `${lines[line]} # edited`;
    }
    const rssAfterEditsMB = client.rssMB();
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const rssSettledMB = client.rssMB();
    return results.map((result) => ({ ...result, ...(rssAfterEditsMB !== undefined ? { rssAfterEditsMB } : {}), ...(rssSettledMB !== undefined ? { rssSettledMB } : {}) }));
  } finally {
    await client.stop();
  }
}
