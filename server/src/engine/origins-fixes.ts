/** Moving the fixes of a rendered finding to the source node that holds the same content. */
import type { Fix, TextEdit } from './edits.js';
import { isMap, isScalar, isSeq, toPlain, type YMap, type YNode } from './model.js';
import type { RenderedFinding } from './origins.js';
import { afterLine, columnOf, contentEnd, deepEqual } from './origins-tree.js';

/**
 * The fixes of a rendered finding, moved to the source node that holds the same content. Two
 * shapes move: replacing a scalar, and inserting a key at the end of a block map; a fix with any
 * other edit is dropped rather than guessed.
 */
export function moveFixes(finding: RenderedFinding, rendered: YNode, source: YNode, sourceText: string): Fix[] {
  if (!deepEqual(toPlain(rendered), toPlain(source))) return [];
  const out: Fix[] = [];
  for (const fix of finding.fixes) {
    const edits: TextEdit[] = [];
    for (const edit of fix.edits) {
      const moved = moveEdit(edit, finding.text, rendered, source, sourceText);
      if (!moved) break;
      edits.push(moved);
    }
    if (edits.length === fix.edits.length && edits.length > 0) out.push({ title: fix.title, safe: fix.safe, edits });
  }
  return out;
}

function moveEdit(edit: TextEdit, text: string, rendered: YNode, source: YNode, sourceText: string): TextEdit | undefined {
  const pair = twinAt(rendered, source, edit.start, edit.end);
  if (pair && isScalar(pair.rendered) && edit.start === pair.rendered.start && edit.end === pair.rendered.end && isScalar(pair.source)) {
    return { start: pair.source.start, end: pair.source.end, text: edit.text };
  }
  if (edit.start !== edit.end) return undefined;
  // An insertion after the last line of a block map: the same map in the source, re-indented.
  const indent = /^\n?( *)/.exec(edit.text)![1]!.length;
  const map = mapEndingAt(rendered, source, text, edit.start, indent);
  if (!map) return undefined;
  const renderedColumn = columnOf(text, map.rendered.pairs[0]!.key.start);
  const sourceColumn = columnOf(sourceText, map.source.pairs[0]!.key.start);
  const at = afterLine(sourceText, contentEnd(sourceText, map.source));
  const lines = edit.text.split('\n');
  const shifted = lines.map((line) => (line.trim() === '' ? line : reindent(line, sourceColumn - renderedColumn))).join('\n');
  const needsNewline = at === sourceText.length && !sourceText.endsWith('\n');
  return { start: at, end: at, text: needsNewline ? `\n${shifted.replace(/\n$/, '')}` : shifted };
}

function reindent(line: string, by: number): string {
  if (by >= 0) return ' '.repeat(by) + line;
  const spaces = line.length - line.trimStart().length;
  return line.slice(Math.min(spaces, -by));
}

/** The pair of twin nodes (same place in both trees) that holds a range, deepest first. */
function twinAt(rendered: YNode, source: YNode, start: number, end: number): { rendered: YNode; source: YNode } | undefined {
  if (!(rendered.start <= start && end <= rendered.end)) return undefined;
  if (isMap(rendered) && isMap(source)) {
    for (const pair of rendered.pairs) {
      const twin = [...source.pairs].reverse().find((p) => p.key.value === pair.key.value);
      if (!twin) continue;
      const inner = twinAt(pair.value, twin.value, start, end);
      if (inner) return inner;
    }
  } else if (isSeq(rendered) && isSeq(source)) {
    for (let i = 0; i < rendered.items.length && i < source.items.length; i++) {
      const inner = twinAt(rendered.items[i]!, source.items[i]!, start, end);
      if (inner) return inner;
    }
  }
  return { rendered, source };
}

/** The block map (in both trees) whose content ends on the line before `offset`. */
function mapEndingAt(rendered: YNode, source: YNode, text: string, offset: number, indent: number): { rendered: YMap; source: YMap } | undefined {
  const candidates: { rendered: YMap; source: YMap }[] = [];
  const visit = (r: YNode, s: YNode) => {
    if (isMap(r) && isMap(s)) {
      if (!r.flow && !s.flow && r.pairs.length && s.pairs.length && afterLine(text, contentEnd(text, r)) === offset) candidates.push({ rendered: r, source: s });
      for (const pair of r.pairs) {
        const twin = [...s.pairs].reverse().find((p) => p.key.value === pair.key.value);
        if (twin) visit(pair.value, twin.value);
      }
    } else if (isSeq(r) && isSeq(s)) {
      for (let i = 0; i < r.items.length && i < s.items.length; i++) visit(r.items[i]!, s.items[i]!);
    }
  };
  visit(rendered, source);
  // Nested maps can end on the same line: the insertion's indentation tells which one it goes into.
  return candidates.find((c) => columnOf(text, c.rendered.pairs[0]!.key.start) === indent);
}
