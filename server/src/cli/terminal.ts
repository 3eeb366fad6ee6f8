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

  update(step: string, done: number, total: number): void {
    if (!this.stream?.isTTY) return;
    const now = this.now();
    if (now - this.start < this.delayMs || now - this.last < this.intervalMs) return;
    this.last = now;
    this.shown = true;
    this.stream.write(`\r\x1b[Kkube-aegis: ${step} ${done}/${total} files`);
  }

  /** Erases the line, if one was drawn. */
  finish(): void {
    if (this.shown) this.stream!.write('\r\x1b[K');
    this.shown = false;
  }
}
