/**
 * Scalars written over several lines (block scalars such as a `>` shell script, multi-line quoted
 * or plain scalars). A `#` line inside one is part of the value, not a comment: a comment about a
 * line of such a scalar goes above the line where the scalar is held (its key, or its `- `).
 */
import type { YNode } from './model.js';
import type { ParsedSection } from './parse.js';

export interface MultilineScalar {
  readonly start: number;
  readonly end: number;
  /** Where the entry holding the scalar starts: its key, or the scalar itself for a list item. */
  readonly holder: number;
}

/** The multi-line scalars below `roots`, in document order (offsets of `text`, which the roots index). */
export function multilineScalars(text: string, roots: readonly YNode[]): MultilineScalar[] {
  const out: MultilineScalar[] = [];
  const visit = (node: YNode, holder: number): void => {
    if (node.viaAlias) return;
    if (node.kind === 'scalar') {
      if (text.slice(node.start, node.end).trimEnd().includes('\n')) out.push({ start: node.start, end: node.end, holder });
    } else if (node.kind === 'seq') {
      for (const item of node.items) visit(item, item.start);
    } else {
      for (const pair of node.pairs) if (!pair.merged) visit(pair.value, pair.key.start);
    }
  };
  for (const root of roots) visit(root, root.start);
  return out;
}

/** The holder of the multi-line scalar whose lines after the first hold `offset`, if any. */
export function multilineHolderAt(text: string, scalars: readonly MultilineScalar[], offset: number): number | undefined {
  for (const scalar of scalars) {
    if (scalar.start < offset && offset < scalar.end && text.lastIndexOf('\n', offset - 1) >= scalar.start) return scalar.holder;
  }
  return undefined;
}

/** The multi-line scalars of each section's model, found once per model (kept while it is). */
const SECTION_SCALARS = new WeakMap<ParsedSection, readonly MultilineScalar[]>();

/**
 * The file offset whose line a comment about the line of `offset` must precede: the holder of a
 * multi-line scalar whose later lines hold `offset`, or `offset` itself. `section` starts at
 * file offset `start`; its `parsed` model indexes its `text`.
 */
export function commentTarget(section: { readonly start: number; readonly text: string; readonly parsed: ParsedSection }, offset: number): number {
  let scalars = SECTION_SCALARS.get(section.parsed);
  if (!scalars) SECTION_SCALARS.set(section.parsed, (scalars = multilineScalars(section.text, section.parsed.roots)));
  const holder = multilineHolderAt(section.text, scalars, offset - section.start);
  return holder === undefined ? offset : holder + section.start;
}
