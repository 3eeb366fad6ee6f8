/**
 * `npm run bench`: how fast the engine, the CLI and the language server are, each figure measured
 * in the same run as its reference.
 *
 *   cold scan      the whole file through the engine, against `yaml`'s `parseAllDocuments` of the
 *                  same text (the floor); runs alternate, medians after warm-up
 *   re-analysis    one-line edit inside a small document, with the Analyzer of the previous version
 *   CLI            throughput over the realworld corpus: in process, and the real `kube-aegis scan`
 *                  process on one thread (`--jobs 1`) and on one per core (`--jobs <cores>`), with the ratio; the
 *                  CPU time of each process and of its main thread, also held to one core (Linux),
 *                  from which the ratio on idle cores is estimated
 *   many documents `kube-aegis scan` of one file of 50,000 small documents (ConfigMaps; one-line
 *                  privileged pods with ten findings each): wall and CPU time, peak memory, and
 *                  `yaml`'s parse of the same text in the same process (the target: 3 s, 500 MB)
 *   rendering      helm template / kustomize render time against the time from a change to the
 *                  findings on source lines, for the argo-cd chart and microservices-demo
 *   LSP            edit latency over stdio and resident memory, ours and yaml-language-server's;
 *                  ours also pulled (`textDocument/diagnostic` after each change, as VS Code asks)
 *
 *   LSP positions  argo-cd edited in its first document, the middle of its largest document and
 *                  its last document; a 100k-line single ConfigMap in its middle; memory after 100
 *                  edits spread over argo-cd; open time against yaml-language-server's
 *
 * Options: --quick (fewer runs, no 100k-line inputs), --no-lsp, --lsp-only, --json <file>,
 * --rendering (the rendering figures alone), --cli (the CLI figures alone).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { scanText } from '../../server/src/cli/scan.js';
import { Analyzer, DEFAULT_CONFIG } from '../../server/src/engine/index.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { SERVER_NODE_FLAGS } from '../../client/src/server-process.js';
import { manyDocuments, manyPods } from '../support/hostile-inputs.js';
import { measuredScan } from '../support/measured-scan.js';
import { CORPORA, ROOT } from '../support/paths.js';
import { documentLines, editLine, measureServer, middleKeyLine, middleLine, type EditPosition, type LatencyResult, type ServerUnderTest } from './lsp-latency.js';
import { generateConfigMapDocument, generateManifests } from './manifests.js';
import { renderBench } from './render.js';

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const RENDERING_ONLY = args.includes('--rendering');
const LSP_ONLY = args.includes('--lsp-only');
const CLI_ONLY = args.includes('--cli');
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
const ARGO = join(CORPORA, 'realworld', 'argo-cd', 'manifests', 'install.yaml');

interface Input {
  readonly name: string;
  readonly text: string;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const lineCount = (text: string) => text.split('\n').length;

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

/**
 * Runs the functions in turn, `warmup` rounds unrecorded, then `runs` recorded rounds; returns
 * wall times per function, and process CPU times under `<name>Cpu` (steadier on a busy machine).
 */
function alternate(fns: Record<string, () => unknown>, warmup: number, runs: number): Record<string, number[]> {
  const times: Record<string, number[]> = {};
  for (const name of Object.keys(fns)) times[name] = [];
  for (const name of Object.keys(fns)) times[`${name}Cpu`] = [];
  for (let round = 0; round < warmup + runs; round++) {
    for (const [name, fn] of Object.entries(fns)) {
      const cpu = cpuMs();
      const start = performance.now();
      fn();
      const elapsed = performance.now() - start;
      if (round >= warmup) {
        times[name]!.push(elapsed);
        times[`${name}Cpu`]!.push(cpuMs() - cpu);
      }
    }
  }
  return times;
}

interface ColdScan {
  readonly input: string;
  readonly lines: number;
  readonly sizeKB: number;
  readonly floorMs: number;
  readonly scanMs: number;
  /** Median scan time over median floor time. */
  readonly ratio: number;
  /** Median of the per-round ratios (each scan against the floor run just before it). */
  readonly pairedRatio: number;
  /** The same ratio in process CPU time. */
  readonly cpuRatio: number;
  readonly runs: number;
}

function coldScan(input: Input): ColdScan {
  // Small inputs need more warm-up rounds before both sides run optimised code, and more runs:
  // a round of a few milliseconds is at the mercy of one garbage collection or timer tick.
  const big = input.text.length > 1_000_000;
  const small = input.text.length < 100_000;
  const runs = QUICK ? 3 : big ? 5 : small ? 60 : 15;
  const times = alternate(
    {
      floor: () => parseAllDocuments(input.text),
      scan: () => new Analyzer(ALL_RULES, DEFAULT_CONFIG).analyze(input.text),
    },
    big ? 2 : small ? 30 : 10,
    runs,
  );
  const floorMs = median(times.floor!);
  const scanMs = median(times.scan!);
  return {
    input: input.name,
    lines: lineCount(input.text),
    sizeKB: round(input.text.length / 1024, 0),
    floorMs: round(floorMs, 1),
    scanMs: round(scanMs, 1),
    ratio: round(scanMs / floorMs),
    pairedRatio: round(median(times.scan!.map((t, i) => t / times.floor![i]!))),
    cpuRatio: round(median(times.scanCpu!) / median(times.floorCpu!)),
    runs,
  };
}

interface Reanalysis {
  readonly input: string;
  readonly editMs: number;
  readonly reparsedSections: number;
  readonly fullScanMs: number;
}

function reanalysis(input: Input): Reanalysis {
  const lines = input.text.split('\n');
  const line = editLine(input.text);
  const versions = [input.text, [...lines.slice(0, line), `${lines[line]}x`, ...lines.slice(line + 1)].join('\n')];
  const analyzer = new Analyzer(ALL_RULES, DEFAULT_CONFIG);
  analyzer.analyze(versions[0]!);
  const times: number[] = [];
  let reparsed = 0;
  for (let i = 1; i <= (QUICK ? 10 : 30); i++) {
    const start = performance.now();
    reparsed = analyzer.analyze(versions[i % 2]!).reparsed;
    if (i > 3) times.push(performance.now() - start);
  }
  const full = alternate({ full: () => new Analyzer(ALL_RULES, DEFAULT_CONFIG).analyze(versions[1]!) }, 1, 3).full!;
  return { input: input.name, editMs: round(median(times)), reparsedSections: reparsed, fullScanMs: round(median(full), 1) };
}

function corpusFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) corpusFiles(path, out);
    else if (/\.(ya?ml|json)$/.test(entry.name)) out.push(path);
  }
  return out;
}

interface Throughput {
  readonly mode: string;
  /** Wall time. */
  readonly ms: number;
  readonly MBps: number;
  readonly filesPerS: number;
  /** CPU time of the process (all threads), when known. */
  readonly cpuMs?: number;
  /** CPU time of the main thread, where the system tells it (Linux). */
  readonly mainCpuMs?: number;
  /** CPU time of the busiest thread (main, a worker, or one of V8's), where the system tells it (Linux). */
  readonly busiestThreadCpuMs?: number;
}

interface CliRun {
  readonly ms: number;
  readonly cpuMs: number;
  readonly mainCpuMs: number;
  /** NaN where threads cannot be watched (not Linux). */
  readonly busiestThreadCpuMs: number;
}

/** Whether `taskset` can hold a process to one core (Linux). */
const CAN_PIN = process.platform === 'linux' && spawnSync('taskset', ['-c', '0', 'true']).status === 0;

/**
 * One `kube-aegis scan` process over `dir` (JSON output). The process reports on exit its CPU time
 * (all threads: the workers, and V8's own threads that compile and collect garbage) and its main
 * thread's (Linux). `oneCore`: held to one core, so that CPU times measure work alone, not
 * the contention of threads that run at once on a shared machine; its threads are then watched
 * as it runs (from the other cores), for the CPU time of the busiest: a worker's is gone from the
 * process once the worker ends.
 */
async function runCliProcess(dir: string, jobs: number, oneCore = false): Promise<CliRun> {
  const cli = join(ROOT, 'bin', 'kube-aegis.js');
  const mainThread = `(() => { try { const f = require('fs').readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) * 1000 / 100; } catch { return NaN; } })()`;
  const script = `process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('CPU ' + (u.user + u.system) / 1000 + ' MAIN ' + ${mainThread}); }); process.argv.splice(1, 0, ${JSON.stringify(cli)}); require(${JSON.stringify(cli)});`;
  const env = { ...process.env, KUBE_AEGIS_JOBS: String(jobs) };
  const command = [process.execPath, '-e', script, 'scan', dir, '--format', 'json', '--fail-on', 'none'];
  const [program, ...rest] = oneCore ? ['taskset', '-c', '0', ...command] : command;
  const start = performance.now();
  const child = spawn(program!, rest, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  // Read and dropped: the report goes through a pipe, as it did to a reader before.
  child.stdout.resume();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const threads = new Map<string, number>();
  // Only beside a run held to one core: unpinned, the watching would take CPU from the run it times.
  const watch = oneCore && CAN_WATCH_THREADS ? setInterval(() => watchThreads(child.pid!, threads), 10) : undefined;
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const ms = performance.now() - start;
  if (watch) clearInterval(watch);
  if (status !== 0) throw new Error(`kube-aegis scan failed (${status}): ${stderr}`);
  const mainCpuMs = Number(/MAIN ([\d.]+)/.exec(stderr)?.[1] ?? NaN);
  // The main thread's own figure is its last word; the watch sees each thread until 10 ms before it ends.
  const busiestThreadCpuMs = watch ? Math.max(mainCpuMs, ...threads.values()) : NaN;
  return { ms, cpuMs: Number(/CPU ([\d.]+)/.exec(stderr)?.[1] ?? NaN), mainCpuMs, busiestThreadCpuMs };
}

const CAN_WATCH_THREADS = process.platform === 'linux' && existsSync('/proc/self/task');

/** Notes the CPU time (ms) of each live thread of process `pid`, by thread id. */
function watchThreads(pid: number, cpuByThread: Map<string, number>): void {
  let ids: string[];
  try {
    ids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return;
  }
  for (const id of ids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${id}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpuByThread.set(id, ((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
}

/**
 * The wall time a run would take on `cores` idle cores, at best: the CPU time of its busiest
 * thread (the main thread's where threads cannot be watched), or all its CPU time spread evenly
 * over the cores, whichever is longer.
 */
function idleWallMs(run: { readonly cpuMs: number; readonly mainCpuMs: number; readonly busiestThreadCpuMs: number }, cores: number): number {
  const busiest = Number.isNaN(run.busiestThreadCpuMs) ? run.mainCpuMs : run.busiestThreadCpuMs;
  return Math.max(busiest, run.cpuMs / cores);
}

interface CliThroughput {
  readonly files: number;
  readonly sizeMB: number;
  readonly modes: Throughput[];
  /** Threads of the multi-threaded runs (`--jobs`, one per core: `os.availableParallelism()`). */
  readonly threads: number;
  /** Median single-thread wall time over median multi-thread wall time (one process each, alternating). */
  readonly ratio?: number;
  /**
   * The same ratio on an idle machine, estimated from CPU times measured on one core (`idleWallMs`
   * of each mode): what the code allows, whatever the load of the machine when measured.
   */
  readonly idleRatioEstimate?: number;
  /** Load average (1 minute) before and after: the wall-time ratio means little on a busy machine. */
  readonly load: readonly number[];
}

async function cliThroughput(): Promise<CliThroughput> {
  const dir = join(CORPORA, 'realworld');
  const files = corpusFiles(dir).sort();
  const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
  const sizeMB = bytes / 1024 / 1024;
  const threads = availableParallelism();
  const load = [loadavg()[0]!];
  const figure = (mode: string, ms: number, cpu?: number, mainCpu?: number, busiestCpu?: number): Throughput => ({
    mode,
    ms: round(ms, 0),
    MBps: round(sizeMB / (ms / 1000)),
    filesPerS: round(files.length / (ms / 1000), 0),
    ...(cpu !== undefined ? { cpuMs: round(cpu, 0) } : {}),
    ...(mainCpu !== undefined && !Number.isNaN(mainCpu) ? { mainCpuMs: round(mainCpu, 0) } : {}),
    ...(busiestCpu !== undefined && !Number.isNaN(busiestCpu) ? { busiestThreadCpuMs: round(busiestCpu, 0) } : {}),
  });
  const inProcess = () => {
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      scanText(file, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, DEFAULT_CONFIG);
    }
  };
  const sequentialTimes = alternate({ scan: inProcess }, 1, QUICK ? 2 : 3);
  const modes = [figure('in process, 1 thread', median(sequentialTimes.scan!), median(sequentialTimes.scanCpu!))];
  let ratio: number | undefined;
  let idleRatioEstimate: number | undefined;
  if (existsSync(join(ROOT, 'dist', 'cli.js'))) {
    // Alternating, so that a change of load on a shared machine falls on both alike.
    const single: CliRun[] = [];
    const parallel: CliRun[] = [];
    for (let i = 0; i < (QUICK ? 2 : 5); i++) {
      single.push(await runCliProcess(dir, 1));
      // Asked for: on fewer than MIN_CORES_FOR_THREADS cores the CLI would choose one thread.
      parallel.push(await runCliProcess(dir, threads));
    }
    const ms = (runs: CliRun[]) => median(runs.map((r) => r.ms));
    const cpu = (runs: CliRun[]) => median(runs.map((r) => r.cpuMs));
    const mainCpu = (runs: CliRun[]) => median(runs.map((r) => r.mainCpuMs));
    modes.push(figure('kube-aegis scan --jobs 1 (process, JSON output)', ms(single), cpu(single), mainCpu(single)));
    modes.push(figure(`kube-aegis scan, ${threads} threads (process, JSON output)`, ms(parallel), cpu(parallel), mainCpu(parallel)));
    ratio = round(ms(single) / ms(parallel));
    if (CAN_PIN) {
      // Held to one core, the CPU times are the work each mode does, free of the contention of a shared machine.
      const singleOneCore: CliRun[] = [];
      const parallelOneCore: CliRun[] = [];
      for (let i = 0; i < (QUICK ? 2 : 3); i++) {
        singleOneCore.push(await runCliProcess(dir, 1, true));
        parallelOneCore.push(await runCliProcess(dir, threads, true));
      }
      const busiestCpu = (runs: CliRun[]) => median(runs.map((r) => r.busiestThreadCpuMs));
      const work = (runs: CliRun[]) => ({ cpuMs: cpu(runs), mainCpuMs: mainCpu(runs), busiestThreadCpuMs: busiestCpu(runs) });
      modes.push(figure('kube-aegis scan --jobs 1, held to one core', ms(singleOneCore), cpu(singleOneCore), mainCpu(singleOneCore), busiestCpu(singleOneCore)));
      modes.push(figure(`kube-aegis scan --jobs ${threads}, held to one core`, ms(parallelOneCore), cpu(parallelOneCore), mainCpu(parallelOneCore), busiestCpu(parallelOneCore)));
      if (threads > 1) idleRatioEstimate = round(idleWallMs(work(singleOneCore), threads) / idleWallMs(work(parallelOneCore), threads));
    }
  }
  load.push(loadavg()[0]!);
  return {
    files: files.length,
    sizeMB: round(sizeMB),
    modes,
    threads,
    ...(ratio !== undefined ? { ratio } : {}),
    ...(idleRatioEstimate !== undefined ? { idleRatioEstimate } : {}),
    load: load.map((l) => round(l, 1)),
  };
}

interface ManyDocuments {
  readonly input: string;
  readonly sizeMB: number;
  readonly findings: number;
  /** Medians over the runs, each run a process of its own. */
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakRssMB: number;
  /** `parseAllDocuments` of the same text, in the same process after the scan. */
  readonly parseCpuMs: number;
  readonly cpuRatio: number;
  readonly runs: number;
}

/** `kube-aegis scan --format json` of one generated file of many small documents. */
function manyDocumentsScan(name: string, text: string): ManyDocuments {
  const dir = mkdtempSync(join(tmpdir(), 'kube-aegis-bench-'));
  try {
    writeFileSync(join(dir, 'many.yaml'), text);
    const runs = Array.from({ length: QUICK ? 1 : 3 }, () => measuredScan(dir, 'many.yaml'));
    const findings = (JSON.parse(runs[0]!.stdout) as { files: { findings: unknown[] }[] }).files[0]!.findings.length;
    const cpu = median(runs.map((r) => r.scanCpuMs));
    const parse = median(runs.map((r) => r.parseCpuMs));
    return {
      input: name,
      sizeMB: round(text.length / 1024 / 1024),
      findings,
      wallMs: round(median(runs.map((r) => r.wallMs)), 0),
      cpuMs: round(cpu, 0),
      peakRssMB: round(median(runs.map((r) => r.maxRssMB)), 0),
      parseCpuMs: round(parse, 0),
      cpuRatio: round(cpu / parse),
      runs: runs.length,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Where the language servers are edited in each input: every `---` document position the targets name. */
function editPositions(input: Input): EditPosition[] {
  const lines = input.text.split('\n');
  if (!input.name.startsWith('argo-cd')) return [{ name: 'middle line', line: middleLine(lines, 0, lines.length), style: 'comment' }];
  const documents = documentLines(input.text);
  const largest = documents.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
  const at = (name: string, d: { start: number; end: number }): EditPosition => ({ name: `${name} (line ${middleLine(lines, d.start, d.end) + 1})`, line: middleLine(lines, d.start, d.end), style: 'comment' });
  const keyLine = middleKeyLine(lines, largest.start, largest.end);
  return [
    at('first document', documents[0]!),
    at(`middle of the largest document (${largest.end - largest.start} lines)`, largest),
    at('last document', documents[documents.length - 1]!),
    // Edits that change the structure there: typing after a key (`key:x` does not parse), and a line indented.
    { name: `largest document, key typed on (line ${keyLine + 1})`, line: keyLine, style: 'append' },
    { name: `largest document, line indented (line ${keyLine + 1})`, line: keyLine, style: 'indent' },
  ];
}

async function lspLatency(inputs: readonly Input[]): Promise<LatencyResult[]> {
  const ours: ServerUnderTest = {
    name: 'kube-aegis',
    command: [process.execPath, ...SERVER_NODE_FLAGS, join(ROOT, 'dist', 'server.js'), '--stdio'],
    initializationOptions: { debounceMs: 0 },
    debounceMs: 0,
  };
  // VS Code asks for diagnostics (pull) rather than waiting for them: measured too, apart.
  const oursPulled: ServerUnderTest = { ...ours, name: 'kube-aegis (pulled)', pull: true };
  const yamlLs: ServerUnderTest = {
    name: 'yaml-language-server',
    command: [process.execPath, join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio'],
    settings: (section) => (section === 'yaml' ? { validate: true, hover: false, completion: false, schemaStore: { enable: false } } : null),
    debounceMs: 200,
  };
  const dir = mkdtempSync(join(tmpdir(), 'kube-aegis-bench-'));
  const results: LatencyResult[] = [];
  try {
    for (const input of inputs) {
      const file = join(dir, `${input.name.replace(/\W+/g, '-')}.yaml`);
      writeFileSync(file, input.text);
      const positions = editPositions(input);
      // Ours also after 100 edits spread over argo-cd (memory); yaml-language-server takes a second or more per edit, so fewer of them.
      results.push(...(await measureServer(ours, file, input.text, { positions, edits: QUICK ? 6 : 30, warmup: QUICK ? 4 : 10, ...(input.name.startsWith('argo-cd') ? { spreadEdits: 100 } : {}) })));
      results.push(...(await measureServer(oursPulled, file, input.text, { positions, edits: QUICK ? 6 : 30, warmup: QUICK ? 4 : 10 })));
      results.push(...(await measureServer(yamlLs, file, input.text, { positions, edits: QUICK ? 4 : 10, warmup: QUICK ? 2 : 3 })));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

function table(title: string, rows: readonly object[]): string {
  if (rows.length === 0) return '';
  const records = rows as readonly Record<string, unknown>[];
  // Every row's columns, in the order they first appear: a figure known for some rows only gets its column too.
  const columns = [...new Set(records.flatMap((row) => Object.keys(row).filter((c) => !Array.isArray(row[c]))))];
  const cells = records.map((row) => columns.map((c) => String(row[c] ?? '')));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ');
  return [`\n${title}`, line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

async function main(): Promise<void> {
  const inputs: Input[] = [
    ...(LSP_ONLY ? [] : [{ name: 'generated 1k lines', text: generateManifests(1_000) }]),
    { name: 'generated 10k lines', text: generateManifests(10_000) },
    ...(QUICK || LSP_ONLY ? [] : [{ name: 'generated 100k lines', text: generateManifests(100_000) }]),
  ];
  if (existsSync(ARGO)) inputs.push({ name: 'argo-cd install.yaml', text: readFileSync(ARGO, 'utf8') });
  else console.warn(`argo-cd install.yaml not found under ${CORPORA} (set KUBE_AEGIS_CORPORA)`);

  const results: Record<string, unknown> = {
    node: process.version,
    cpus: (await import('node:os')).cpus().length,
    date: new Date().toISOString(),
    // The machine may be shared: its load (1, 5, 15 minutes) when the run starts and ends.
    loadAverageAtStart: (await import('node:os')).loadavg().map((l) => round(l, 1)),
  };
  const rendering = async () => {
    const rows = await renderBench(QUICK ? 3 : 7);
    results.rendering = rows;
    console.log(table('Rendering: engine render time vs change-to-diagnostics (ms, medians; our share = the difference, also in CPU time; unchanged = second render, from the cache; load = 1-minute load average)', rows));
  };
  const cliSection = async () => {
    const cli = await cliThroughput();
    results.cli = cli;
    console.log(table(`CLI throughput over the realworld corpus (${cli.files} files, ${cli.sizeMB} MB)`, cli.modes));
    console.log(`single thread / ${cli.threads} threads: ${cli.ratio ?? 'n/a'} (wall time; load average ${cli.load.join(' -> ')} on ${cli.threads} cores)`);
    if (cli.idleRatioEstimate !== undefined) console.log(`single thread / ${cli.threads} threads on idle cores, estimated from the CPU times held to one core (each run: its busiest thread's CPU or all its CPU over ${cli.threads} cores, whichever is longer): ${cli.idleRatioEstimate}`);
  };
  if (RENDERING_ONLY || CLI_ONLY) {
    if (RENDERING_ONLY) await rendering();
    else await cliSection();
    const json = JSON.stringify(results, null, 2);
    if (jsonOut) writeFileSync(jsonOut, `${json}\n`);
    console.log(`\n${json}`);
    return;
  }
  if (!LSP_ONLY) {
    const cold = inputs.map(coldScan);
    results.coldScan = cold;
    console.log(table('Cold scan vs parseAllDocuments (ms, medians)', cold));
    const edits = inputs.map(reanalysis);
    results.reanalysis = edits;
    console.log(table('Re-analysis after a one-line edit (Analyzer reuse, ms)', edits));
    await cliSection();
    if (existsSync(join(ROOT, 'dist', 'cli.js'))) {
      const many = [manyDocumentsScan('50,000 ConfigMaps', manyDocuments(50_000)), manyDocumentsScan('50,000 one-line privileged pods', manyPods(50_000))];
      results.manyDocuments = many;
      console.log(table('kube-aegis scan of one file of many small documents (one process each, JSON output; CPU ms; the target is 3 s and 500 MB)', many));
    }
    if (existsSync(join(CORPORA, 'helm')) && existsSync(join(CORPORA, 'kustomize'))) await rendering();
  }
  if (!args.includes('--no-lsp') && existsSync(join(ROOT, 'dist', 'server.js'))) {
    const lspInputs = [
      ...inputs.filter((i) => i.name === 'generated 10k lines' || i.name.startsWith('argo-cd')),
      ...(QUICK ? [] : [{ name: 'ConfigMap of 100k lines, one document', text: generateConfigMapDocument(100_000) }]),
    ];
    const lsp = await lspLatency(lspInputs);
    results.lsp = lsp;
    const fileOf = (r: LatencyResult) => r.file.replace(/.*kube-aegis-bench-[^/]+\//, '');
    const ratio = lsp
      .filter((r) => r.server === 'kube-aegis')
      .map((r) => {
        const peer = lsp.find((p) => p.server === 'yaml-language-server' && p.file === r.file && p.position === r.position)!;
        return {
          file: fileOf(r),
          position: r.position,
          editP50: round(r.editP50Ms, 1),
          peerEditP50NoDebounce: round(peer.editP50NoDebounceMs, 1),
          ratioNoDebounce: round(r.editP50Ms / Math.max(peer.editP50NoDebounceMs, 0.1), 3),
          openMs: round(r.openMs, 0),
          peerOpenMs: round(peer.openMs, 0),
          openRatio: round(r.openMs / peer.openMs),
          rssMB: round(r.rssMB ?? NaN, 0),
          rssAfterEditsMB: r.rssAfterEditsMB === undefined ? '' : round(r.rssAfterEditsMB, 0),
          rssSettledMB: r.rssSettledMB === undefined ? '' : round(r.rssSettledMB, 0),
          peerRssMB: round(peer.rssMB ?? NaN, 0),
        };
      });
    results.lspComparison = ratio;
    console.log(
      table(
        'Language servers over stdio (ms; our debounce set to 0, default 75 ms; yaml-language-server debounces 200 ms; pulled: answered `unchanged` of the measured edits; server CPU: per measured edit, all its threads)',
        lsp.map((r) => ({ server: r.server, file: fileOf(r), position: r.position, openMs: round(r.openMs, 0), firstEditsP50Ms: round(r.firstEditsP50Ms, 1), editP50Ms: round(r.editP50Ms, 1), editP90Ms: round(r.editP90Ms, 1), editP50NoDebounceMs: round(r.editP50NoDebounceMs, 1), rssMB: round(r.rssMB ?? NaN, 0), unchangedAnswers: r.unchangedAnswers ?? '', serverCpuPerEditMs: r.serverCpuPerEditMs === undefined ? '' : round(r.serverCpuPerEditMs, 1) })),
      ),
    );
    console.log(table('Ours against yaml-language-server (edit p50 without debounce, open time, RSS MB; after edits: 100 more spread over the file, as the last diagnostics arrive and 5 s later)', ratio));
  }
  results.loadAverageAtEnd = (await import('node:os')).loadavg().map((l) => round(l, 1));
  const json = JSON.stringify(results, null, 2);
  if (jsonOut) writeFileSync(jsonOut, `${json}\n`);
  console.log(`\n${json}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
