/**
 * The text of an open document, kept current from the client's incremental changes: line starts
 * moved by each change rather than computed again, and positions in UTF-16 code units with line
 * ends `\n`, `\r\n` or `\r`, as LSP counts them (what `vscode-languageserver-textdocument` does).
 *
 * What differs is how a large text is rebuilt after a change. Joining the pieces of a string makes
 * V8 copy them into a new string of the whole text on its heap, in memory it maps afresh each time
 * and frees only at its next full collection: for a 2 MB manifest, most of an edit's time. A text
 * of single-byte characters that large is rebuilt in a buffer instead, and handed to V8 as an
 * external string (Node makes one for strings past about 1 MB), whose memory is reused.
 */
import type { TextDocumentsConfiguration } from 'vscode-languageserver/node';
import type { Position, Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';

/** From this length (UTF-16 units, one byte each), a text is rebuilt in a buffer (see above). */
export const BUFFERED_TEXT_LENGTH = 1024 * 1024;

const NOT_ONE_BYTE = /[^\u0000-\u00ff]/;
const LF = 10;
const CR = 13;

export class EditedDocument implements TextDocument {
  private content: string;
  /** Offset of each line's first character (undefined: to be computed from the content). */
  private lineStarts: number[] | undefined;
  /** Every character is below U+0100 (the text can be rebuilt in a buffer of bytes). */
  private oneByte: boolean;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    private currentVersion: number,
    content: string,
    private readonly bufferedFrom = BUFFERED_TEXT_LENGTH,
  ) {
    this.content = content;
    this.oneByte = !NOT_ONE_BYTE.test(content);
  }

  get version(): number {
    return this.currentVersion;
  }

  get lineCount(): number {
    return this.starts().length;
  }

  getText(range?: Range): string {
    if (!range) return this.content;
    return this.content.substring(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  positionAt(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.content.length));
    const starts = this.starts();
    // The last line starting at or before `at`.
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= at) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: this.beforeLineEnd(at, starts[low]!) - starts[low]! };
  }

  offsetAt(position: Position): number {
    const starts = this.starts();
    if (position.line >= starts.length) return this.content.length;
    if (position.line < 0) return 0;
    const start = starts[position.line]!;
    if (position.character <= 0) return start;
    const next = position.line + 1 < starts.length ? starts[position.line + 1]! : this.content.length;
    return this.beforeLineEnd(Math.min(start + position.character, next), start);
  }

  /** The range of line `line` without its line break (of the last line when past the end). */
  getLineRange(line: number): Range {
    const starts = this.starts();
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    if (line >= starts.length) {
      const last = starts.length - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: this.content.length - starts[last]! } };
    }
    const { start, next } = this.lineBounds(line);
    return { start: { line, character: 0 }, end: { line, character: this.beforeLineEnd(next, start) - start } };
  }

  /** The line break that ends line `line` (empty for the last line, or past the end). */
  getEOLCharacters(line: number): string {
    if (line < 0 || line >= this.starts().length) return '';
    const { start, next } = this.lineBounds(line);
    return this.content.substring(this.beforeLineEnd(next, start), next);
  }

  /** Applies the client's changes, in order, and takes the version they make. */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if ('range' in change) this.replace(ordered(change.range), change.text);
      else {
        this.content = change.text;
        this.oneByte = !NOT_ONE_BYTE.test(change.text);
        this.lineStarts = undefined;
      }
    }
    this.currentVersion = version;
  }

  private replace(range: Range, text: string): void {
    const start = this.offsetAt(range.start);
    const end = this.offsetAt(range.end);
    this.oneByte = this.oneByte && !NOT_ONE_BYTE.test(text);
    this.content = this.spliced(start, end, text);
    const starts = this.lineStarts;
    if (!starts) return;
    // A change that joins or splits a `\r\n` moves line starts it does not touch: counted again when next needed.
    const joined = (at: number) => this.content.charCodeAt(at - 1) === CR && this.content.charCodeAt(at) === LF;
    if (joined(start) || joined(start + text.length)) {
      this.lineStarts = undefined;
      return;
    }
    const added = lineStartsIn(text, start);
    const firstLine = Math.max(range.start.line, 0);
    const lastLine = Math.max(range.end.line, 0);
    if (added.length === lastLine - firstLine) {
      for (let i = 0; i < added.length; i++) starts[firstLine + 1 + i] = added[i]!;
    } else {
      // Spread into splice's arguments only while that is safe for the call stack.
      this.lineStarts = added.length < 10_000 ? (starts.splice(firstLine + 1, lastLine - firstLine, ...added), starts) : [...starts.slice(0, firstLine + 1), ...added, ...starts.slice(lastLine + 1)];
    }
    const moved = text.length - (end - start);
    if (moved === 0) return;
    const after = this.lineStarts!;
    for (let i = firstLine + 1 + added.length; i < after.length; i++) after[i] = after[i]! + moved;
  }

  /** The content with `[start, end)` replaced by `text`. */
  private spliced(start: number, end: number, text: string): string {
    const { content } = this;
    if (!this.oneByte || content.length < this.bufferedFrom) return content.slice(0, start) + text + content.slice(end);
    const bytes = Buffer.allocUnsafe(content.length - (end - start) + text.length);
    let at = bytes.write(content.slice(0, start), 0, 'latin1');
    at += bytes.write(text, at, 'latin1');
    bytes.write(content.slice(end), at, 'latin1');
    return bytes.toString('latin1');
  }

  private lineBounds(line: number): { start: number; next: number } {
    const starts = this.starts();
    return { start: starts[line]!, next: line + 1 < starts.length ? starts[line + 1]! : this.content.length };
  }

  private starts(): number[] {
    return (this.lineStarts ??= [0, ...lineStartsIn(this.content, 0)]);
  }

  /** `offset`, moved back before the line end it would fall after or inside (positions never point into a line break). */
  private beforeLineEnd(offset: number, lineStart: number): number {
    let at = offset;
    while (at > lineStart) {
      const code = this.content.charCodeAt(at - 1);
      if (code !== LF && code !== CR) break;
      at--;
    }
    return at;
  }
}

/** Where the lines after each line break of `text` start, offset by `base`. */
function lineStartsIn(text: string, base: number): number[] {
  const starts: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === CR) {
      if (text.charCodeAt(i + 1) === LF) i++;
      starts.push(base + i + 1);
    } else if (code === LF) {
      starts.push(base + i + 1);
    }
  }
  return starts;
}

function ordered(range: Range): Range {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? { start: end, end: start } : range;
}

/** For `TextDocuments`: how documents are made and changed. */
export const EDITED_DOCUMENTS: TextDocumentsConfiguration<TextDocument> = {
  create: (uri, languageId, version, content) => new EditedDocument(uri, languageId, version, content),
  update: (document, changes, version) => {
    if (!(document instanceof EditedDocument)) throw new Error(`${document.uri} was not made by EDITED_DOCUMENTS`);
    document.update(changes, version);
    return document;
  },
};
