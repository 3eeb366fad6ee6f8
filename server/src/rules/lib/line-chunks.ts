/**
 * What a scan that reads one line at a time found in a large text, kept per chunk of whole lines.
 * An edit of a large embedded file (a dashboard's JSON in a ConfigMap) changes a few of its lines:
 * the text is compared with those scanned recently, and only the chunks holding the changed lines
 * are scanned again; the others give what they found before, moved by the edit's length. Nothing
 * a scan finds may depend on text outside the chunk it is given (a chunk starts and ends at a line
 * start), so the results are those of a scan of the whole text.
 */
import { changeBetween } from '../../engine/text-change.js';

/** Something found, at offsets in the text scanned. */
export interface Located {
  readonly start: number;
  readonly end: number;
}

interface Chunk<T> {
  readonly start: number;
  readonly end: number;
  /** Offsets relative to `start`. */
  readonly found: readonly T[];
}

interface Scanned<T> {
  readonly text: string;
  readonly chunks: readonly Chunk<T>[];
}

export interface LineChunkOptions<T> {
  /** Scans a chunk of whole lines; offsets relative to the chunk. */
  readonly scan: (chunk: string) => readonly T[];
  /** The same finding at offsets moved by `by`. */
  readonly moved: (found: T, by: number) => T;
  /** Characters per chunk, about (a chunk ends at the first line end after that many). */
  readonly chunkSize: number;
  /** How many texts are remembered (each the latest version of a text being edited). */
  readonly remembered: number;
}

export class LineChunkScans<T extends Located> {
  /** Most recently scanned first. */
  private recent: Scanned<T>[] = [];

  constructor(private readonly options: LineChunkOptions<T>) {}

  /** What the scan finds in `text`, chunk after chunk (each chunk's findings in its scan's order). */
  scan(text: string): T[] {
    const { chunks, replaces } = this.chunksOf(text);
    this.remember({ text, chunks }, replaces);
    const out: T[] = [];
    for (const chunk of chunks) for (const found of chunk.found) out.push(chunk.start === 0 ? found : this.options.moved(found, chunk.start));
    return out;
  }

  private chunksOf(text: string): { chunks: readonly Chunk<T>[]; replaces?: Scanned<T> } {
    // The remembered text sharing most with this one: the edited text's previous version.
    let best: Scanned<T> | undefined;
    let bestShared = text.length >> 1;
    let bestChange: ReturnType<typeof changeBetween>;
    for (const scanned of this.recent) {
      if (scanned.text === text) return { chunks: scanned.chunks, replaces: scanned };
      const change = changeBetween(scanned.text, text)!;
      const shared = change.start + scanned.text.length - change.oldEnd;
      if (shared > bestShared) {
        best = scanned;
        bestShared = shared;
        bestChange = change;
      }
    }
    if (!best || !bestChange) return { chunks: this.scanned(text, 0, text.length) };
    const { start, oldEnd, newEnd } = bestChange;
    const delta = newEnd - oldEnd;
    const old = best.chunks;
    // Chunks wholly before the change (their last line break included), and wholly after it
    // (the line break before them included, so that they still start a line).
    let before = 0;
    while (before < old.length && old[before]!.end <= start) before++;
    let after = old.length;
    while (after > before && old[after - 1]!.start > oldEnd) after--;
    const from = before > 0 ? old[before - 1]!.end : 0;
    const to = after < old.length ? old[after]!.start + delta : text.length;
    const chunks = old.slice(0, before).concat(this.scanned(text, from, to));
    for (let i = after; i < old.length; i++) {
      const chunk = old[i]!;
      chunks.push({ start: chunk.start + delta, end: chunk.end + delta, found: chunk.found });
    }
    return { chunks, replaces: best };
  }

  /** `[from, to)` of `text` (both line starts, or the text's end) scanned in chunks. */
  private scanned(text: string, from: number, to: number): Chunk<T>[] {
    const chunks: Chunk<T>[] = [];
    for (let start = from; start < to; ) {
      const lineEnd = start + this.options.chunkSize < to ? text.indexOf('\n', start + this.options.chunkSize) : -1;
      const end = lineEnd === -1 || lineEnd + 1 > to ? to : lineEnd + 1;
      chunks.push({ start, end, found: this.options.scan(text.slice(start, end)) });
      start = end;
    }
    return chunks;
  }

  private remember(scanned: Scanned<T>, replaces: Scanned<T> | undefined): void {
    const others = this.recent.filter((r) => r !== replaces);
    this.recent = [scanned, ...others.slice(0, this.options.remembered - 1)];
  }
}
