import { t } from '../l10n/t.js';
/** What the CLI may do on the terminal it writes to: colour and a progress line. */

export interface OutputStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** ANSI styles of the terminal output. */
export const STYLES = {
  error: '\x1b[31m',
  warning: '\x1b[33m',
  info: '\x1b[36m',
  dim: '\x1b[2m',
  bold: '\x1b[1m',
  underline: '\x1b[4m',
} as const;
export type Style = keyof typeof STYLES;

/** `paint(style, text)`: the text in that style when `color`, else the text alone. */
export function painter(color: boolean): (style: Style, text: string) => string {
  return (style, text) => (color ? `${STYLES[style]}${text}\x1b[0m` : text);
}

/** Colour only on a terminal, and never when NO_COLOR is set to anything (https://no-color.org). */
export function useColor(stream: OutputStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

export interface ProgressOptions {
  /** Nothing is shown before a scan has run this long: short scans stay silent. */
  readonly delayMs?: number;
  /** The line is redrawn at most this often. */
  readonly intervalMs?: number;
  readonly now?: () => number;
}

/**
 * One line on a terminal, redrawn in place (`scanning 120/900 files`) while a long scan runs, and
 * erased before the report is printed. On anything but a terminal it writes nothing.
 */
export class Progress {
  private readonly start: number;
  private readonly delayMs: number;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private last = -Infinity;
  private shown = false;

  constructor(
    private readonly stream: OutputStream | undefined,
    options: ProgressOptions = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.start = this.now();
    this.delayMs = options.delayMs ?? 1000;
    this.intervalMs = options.intervalMs ?? 100;
  }

  update(step: 'reading' | 'checking', done: number, total: number): void {
    if (!this.stream?.isTTY) return;
    const now = this.now();
    if (now - this.start < this.delayMs || now - this.last < this.intervalMs) return;
    this.last = now;
    this.shown = true;
    const line = step === 'reading' ? t('kube-aegis: reading {0}/{1} files', done, total) : t('kube-aegis: checking {0}/{1} files', done, total);
    this.stream.write(`\r\x1b[K${line}`);
  }

  /** Erases the line, if one was drawn. */
  finish(): void {
    if (this.shown) this.stream!.write('\r\x1b[K');
    this.shown = false;
  }
}

/** A character that takes two terminal columns (CJK ideographs, kana, Hangul, full-width forms). */
export const WIDE_CHARACTER = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/** The terminal columns `text` takes. */
export function columns(text: string): number {
  let count = 0;
  for (const c of text) count += WIDE_CHARACTER.test(c) ? 2 : 1;
  return count;
}

/** `text` followed by spaces up to `width` terminal columns. */
export function padToColumns(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - columns(text)));
}
