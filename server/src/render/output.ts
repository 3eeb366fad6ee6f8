import { t } from '../l10n/t.js';
/** What a renderer gives back, whichever engine produced it. */

export interface RenderedDocument {
  /** Range of the document in the rendered text. */
  readonly start: number;
  readonly end: number;
  /** How the engine named the document's source (`# Source:` of helm, the origin path of kustomize). */
  readonly sourceName: string;
  /** Absolute path of the template or resource file it came from, when that file is known. */
  readonly sourceFile?: string;
  /** Helm: the folder of the (sub)chart whose template produced it. */
  readonly chartDir?: string;
  /** Helm: the chart names from the rendered chart down to that subchart (empty for the chart itself). */
  readonly subcharts?: readonly string[];
}

export interface RenderOutput {
  readonly text: string;
  readonly documents: readonly RenderedDocument[];
}

export type RenderResult =
  | {
      readonly ok: true;
      readonly output: RenderOutput;
      readonly ms: number;
      /** This process's CPU time while the engine ran (see `RunResult.cpuMs`). */
      readonly cpuMs?: number;
    }
  | {
      readonly ok: false;
      readonly message: string;
      /** Where the engine says the failure is (absolute path and 1-based line), when it says so. */
      readonly file?: string;
      readonly line?: number;
      readonly ms: number;
      readonly cancelled?: boolean;
    };

/** Offsets of the documents of a `---` separated stream (each starting after its separator line). */
export function splitStream(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const separator = /^---[ \t]*(?:#.*)?\r?$/gm;
  let start = 0;
  for (const match of text.matchAll(separator)) {
    if (match.index > start) out.push({ start, end: match.index });
    start = match.index + match[0].length + 1;
  }
  if (start < text.length) out.push({ start, end: text.length });
  return out.filter((d) => text.slice(d.start, d.end).trim() !== '');
}

/** The first line of a message, without helm's `Error: ` prefix. */
export function firstErrorLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('level=') && !l.startsWith('Use --debug'));
  const error = lines.find((l) => l.startsWith('Error:')) ?? lines[0] ?? t('no message');
  return error.replace(/^Error:\s*/, '');
}
