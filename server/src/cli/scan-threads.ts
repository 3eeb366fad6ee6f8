/**
 * Scanning many files on several cores: the main thread and `threads - 1` worker threads analyse
 * the files (workers take the largest first, the main thread the smallest, so the two ends meet
 * with little idle time), then the main thread indexes every file in the order given and runs the
 * cross-file rules over the whole set, as `scanFiles` does on one thread. A worker sends back the
 * findings and what the index keeps of each object (no positioned model: a cross-file rule that
 * reads one gets it parsed again from its section), so the report is the same whatever the
 * number of threads.
 *
 * A worker is this same script started again (`__filename`: the bundle `dist/cli.js`, or this
 * module under a TypeScript loader); it recognises itself by its `workerData`.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { EngineConfig } from '../engine/index.js';
import { currentLocale, setLocale } from '../l10n/t.js';
import { reportsOf, scanOneFile, type FileReport, type FileScan, type ScanInput } from './scan.js';

/** Below this many characters in all, a scan stays on one thread: starting a worker would cost more than it saves. */
export const MIN_PARALLEL_CHARS = 2_000_000;

/**
 * With fewer cores, a scan stays on one thread unless asked: while one thread scans, V8's own
 * threads (the optimising compiler, the garbage collector) already keep a second core about half
 * busy, and a worker adds its own start-up, compilation and collection, so two threads on two
 * cores finish no sooner than one. Each thread is a V8 isolate of its own that warms up alone:
 * its functions run interpreted until it has optimised them itself, and in a cold process that
 * warm-up is about as much CPU time as the scan's steady work, so a second thread doubles it.
 */
export const MIN_CORES_FOR_THREADS = 3;

/** Jobs a worker holds ahead, so that it never waits while the main thread is busy analysing a file of its own. */
const AHEAD = 2;

interface WorkerStart {
  readonly kubeAegisScanWorker: true;
  readonly locale: string;
}

interface Job {
  readonly id: number;
  readonly key: string;
  readonly text: string;
  readonly config: EngineConfig;
  /** Whether the Pod Security level of each workload is wanted (the stylish report prints it). */
  readonly workloads: boolean;
  /** False when the findings are only printed: fixes without edits, as `ScanInput.fixEdits`. */
  readonly fixEdits: boolean;
}

interface JobResult extends FileScan {
  readonly id: number;
}

/**
 * How many threads a scan of `inputs` uses: `requested` (`--jobs`) when given, else one per
 * available core once the input is large enough and there are enough cores; never more than
 * there are files.
 */
export function threadsFor(inputs: readonly ScanInput[], requested: number | undefined): number {
  let chars = 0;
  for (const input of inputs) chars += input.text.length;
  return threadCount(inputs.length, chars, requested);
}

/** `threadsFor` of `files` files of `chars` characters in all, on `cores` cores. */
export function threadCount(files: number, chars: number, requested: number | undefined, cores = availableParallelism()): number {
  if (files < 2) return 1;
  if (requested !== undefined) return Math.min(requested, files);
  return chars < MIN_PARALLEL_CHARS || cores < MIN_CORES_FOR_THREADS ? 1 : Math.min(cores, files);
}

/**
 * Worker threads started before the files are all read: a worker takes a few hundred
 * milliseconds to load the engine, which it can do while the main thread reads the rest. A
 * started worker that no scan takes is stopped by `close`; idle, it does not keep the process
 * alive.
 */
export class ScanWorkers {
  private readonly idle: Worker[] = [];
  private readonly dead = new Set<Worker>();

  /** Starts workers until `count` are waiting (never fewer than there are). */
  prepare(count: number): void {
    while (this.idle.length < count) {
      const worker = startWorker();
      worker.unref();
      // Failed before a scan took it: the scan starts another instead.
      const fail = () => this.dead.add(worker);
      worker.on('error', fail);
      worker.on('exit', fail);
      this.idle.push(worker);
    }
  }

  /** Up to `count` of the waiting workers that are still alive, for a scan to use. */
  take(count: number): Worker[] {
    const taken = this.idle.splice(0).filter((worker) => !this.dead.has(worker));
    for (const worker of taken.splice(count)) void worker.terminate();
    for (const worker of taken) worker.ref();
    return taken;
  }

  /** Stops the workers no scan took. */
  close(): void {
    for (const worker of this.take(0)) void worker.terminate();
  }
}

function startWorker(): Worker {
  const start: WorkerStart = { kubeAegisScanWorker: true, locale: currentLocale() };
  return new Worker(__filename, { workerData: start });
}

/**
 * `scanFiles` on `threads` threads (2 or more). `workloads`: whether the stylish report will ask
 * for the Pod Security levels (workers then work them out with the findings). `started`: workers
 * already loading, used before any new one is started.
 */
export async function scanFilesInThreads(inputs: readonly ScanInput[], threads: number, workloads: boolean, onProgress?: (done: number, total: number) => void, started?: ScanWorkers): Promise<FileReport[]> {
  const done: (FileScan | undefined)[] = new Array(inputs.length);
  let finished = 0;
  const progress = () => onProgress?.(finished, inputs.length);
  // Largest first for the workers, smallest first for the main thread.
  const order = inputs.map((_, i) => i).sort((a, b) => inputs[b]!.text.length - inputs[a]!.text.length || a - b);
  let front = 0;
  let back = order.length - 1;
  const retry: number[] = [];
  const ready = started?.take(threads - 1) ?? [];
  const workers = Array.from({ length: threads - 1 }, (_, i) => run(ready[i] ?? startWorker()));
  // Resolves the main thread's wait for a worker's result or failure.
  let wake: (() => void) | undefined;
  const nextEvent = () => new Promise<void>((resolve) => (wake = resolve));

  interface Running {
    readonly worker: Worker;
    readonly held: Set<number>;
    alive: boolean;
  }
  function run(worker: Worker): Running {
    const running: Running = { worker, held: new Set(), alive: true };
    running.worker.on('message', (result: JobResult) => {
      running.held.delete(result.id);
      const { findings, index, workloads } = result;
      done[result.id] = { findings, index, workloads };
      finished++;
      progress();
      feed(running);
      wake?.();
    });
    // A worker that fails (out of memory, say) hands its files back to the main thread.
    const fail = () => {
      if (!running.alive) return;
      running.alive = false;
      retry.push(...running.held);
      running.held.clear();
      wake?.();
    };
    running.worker.on('error', fail);
    running.worker.on('exit', fail);
    return running;
  }
  function feed(running: Running): void {
    while (running.alive && running.held.size < AHEAD && front <= back) {
      const id = order[front++]!;
      const { path, text, config, fixEdits } = inputs[id]!;
      const job: Job = { id, key: path, text, config, workloads, fixEdits: fixEdits !== false };
      running.held.add(id);
      running.worker.postMessage(job);
    }
  }
  const analyseHere = (id: number) => {
    done[id] = scanOneFile(inputs[id]!, workloads);
    finished++;
    progress();
  };

  try {
    for (const running of workers) feed(running);
    for (;;) {
      const id = retry.pop() ?? (front <= back ? order[back--] : undefined);
      if (id !== undefined) {
        analyseHere(id);
        // Lets the workers' results in, and sends them more.
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      if (finished === inputs.length) break;
      // Nothing left to take: the workers' last results come, or a failed worker's files to take back.
      await nextEvent();
    }
  } finally {
    for (const running of workers) {
      running.alive = false;
      void running.worker.terminate();
    }
  }
  return reportsOf(inputs, done as FileScan[]);
}

/** The worker's side: analyses each file it is sent and sends back what the main thread needs. */
function serveJobs(): void {
  setLocale((workerData as WorkerStart).locale);
  parentPort!.on('message', (job: Job) => {
    const { findings, index, workloads } = scanOneFile({ path: job.key, text: job.text, config: job.config, fixEdits: job.fixEdits }, job.workloads);
    const result: JobResult = { id: job.id, findings, index, workloads };
    parentPort!.postMessage(result);
  });
}

if (!isMainThread && (workerData as Partial<WorkerStart> | undefined)?.kubeAegisScanWorker === true) serveJobs();
