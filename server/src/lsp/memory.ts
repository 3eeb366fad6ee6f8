/**
 * Giving memory back to the system. Every version of an edited document is a new string of its
 * whole text (and of the document it edits, for a re-parse); the version before becomes garbage
 * in V8's large-object space, which only a full collection frees, and V8 schedules those by how
 * far the whole heap grew: on a 2 MB manifest, a few dozen edits leave tens of MB of dead texts.
 *
 * When the process can collect (Node started with `--expose-gc`, as the VS Code client and the
 * benchmark start it), the server collects itself: after a check whose result went out, once the
 * large objects grew by more than `growthBytes` since the last collection (or half the heap then
 * in use, whichever is more, so that a large workspace is not collected at every edit), and once
 * the edits stop for `idleMs`. Without it, V8 decides alone.
 */
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';

export interface MemoryOptions {
  /** A full collection (`globalThis.gc`), when the process exposes one. */
  readonly collect?: () => void;
  /** Heap growth since the last collection that makes the next check end with one. */
  readonly growthBytes?: number;
  /** Quiet time after which the garbage left by the last edits is collected. */
  readonly idleMs?: number;
  /** Bytes in use: of large objects, and of the whole heap; read after every check, so it must be cheap. */
  readonly used?: () => { readonly largeObjects: number; readonly heap: number };
}

const DEFAULT_GROWTH_BYTES = 16 * 1024 * 1024;
const DEFAULT_IDLE_MS = 1000;

export class MemoryRelease {
  private readonly collect: (() => void) | undefined;
  private readonly growthBytes: number;
  private readonly idleMs: number;
  private readonly used: () => { readonly largeObjects: number; readonly heap: number };
  /** What was in use right after the last collection (live, as far as we know). */
  private baseline: { readonly largeObjects: number; readonly heap: number };
  private idleTimer?: NodeJS.Timeout;
  private scheduled = false;
  /** Something was checked since the last collection (only then is there garbage to give back). */
  private dirty = false;

  constructor(options: MemoryOptions = {}) {
    this.collect = options.collect;
    this.growthBytes = options.growthBytes ?? DEFAULT_GROWTH_BYTES;
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.used = options.used ?? heapInUse;
    this.baseline = this.collect ? this.used() : { largeObjects: 0, heap: 0 };
  }

  /** Whether this process collects by itself (see the module comment). */
  get active(): boolean {
    return this.collect !== undefined;
  }

  /**
   * A check ended and its result was handed to the connection. The collection, when due, runs
   * once the messages already queued are handled, so the result is not held back by it.
   */
  checked(): void {
    if (!this.collect) return;
    this.dirty = true;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.collectNow(), this.idleMs);
    this.idleTimer.unref();
    if (this.scheduled || this.used().largeObjects - this.baseline.largeObjects <= Math.max(this.growthBytes, this.baseline.heap / 2)) return;
    this.scheduled = true;
    setImmediate(() => this.collectNow());
  }

  dispose(): void {
    clearTimeout(this.idleTimer);
  }

  private collectNow(): void {
    this.scheduled = false;
    clearTimeout(this.idleTimer);
    if (!this.collect || !this.dirty) return;
    this.dirty = false;
    this.collect();
    this.baseline = this.used();
  }
}

function heapInUse(): { largeObjects: number; heap: number } {
  let largeObjects = 0;
  for (const space of getHeapSpaceStatistics()) if (space.space_name === 'large_object_space' || space.space_name === 'new_large_object_space') largeObjects += space.space_used_size;
  return { largeObjects, heap: getHeapStatistics().used_heap_size };
}

/** The process's full collection, when Node exposes it (`--expose-gc`). */
export function exposedCollector(): (() => void) | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  return typeof gc === 'function' ? () => gc() : undefined;
}
