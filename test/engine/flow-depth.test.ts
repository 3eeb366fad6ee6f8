/**
 * The scan of flow nesting redone only around an edit (flow-depth.ts) answers as a scan of the
 * whole edited text: random edits (seeded) of texts of nested brackets, quotes and comments, some
 * nesting just under the limit so that an edit may take them over it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_DEPTH } from '../../server/src/engine/cst-model.js';
import { rescanFlowDepth, scanFlowDepth, type FlowMarks } from '../../server/src/engine/flow-depth.js';
import { changeBetween } from '../../server/src/engine/text-change.js';
import { fc } from '../support/property.js';

/** Lines of the texts; the last ones (an unclosed quote, unbalanced brackets) only come with edits. */
const PIECES = ['a: [b, {c: d}]', 'x: "q[{"', "y: 'it''s [ {'", '# [[[ {{{', 'k: v # [', '- [1, [2]]', 'z: a[b', '', 'p: |', '  [[[]]]', '{', '[', ']', '}', 'w: "unclosed [', "v: 'x"];
const BALANCED = 10;

/** About 45 kB of YAML-like lines, with flow collections `depth` deep in the middle. */
function textWith(depth: number, seed: number): string {
  const lines: string[] = [];
  for (let n = 0; n < 4000; n++) lines.push(PIECES[(n * 7 + seed) % BALANCED]!);
  lines.splice(2000, 0, `deep: ${'['.repeat(depth)}${']'.repeat(depth)}`);
  return lines.join('\n');
}

function assertSameAsWhole(marks: FlowMarks, before: string, after: string): FlowMarks {
  const change = changeBetween(before, after);
  const whole = scanFlowDepth(after);
  if (!change) return whole.marks;
  const again = rescanFlowDepth(marks, after, change);
  assert.equal(again.tooDeepAt, whole.tooDeepAt);
  return again.marks;
}

describe('flow nesting scanned again after an edit', () => {
  it('finds what a scan of the whole text finds', () => {
    const edit = fc.record({ at: fc.integer({ min: 0, max: 9999 }), piece: fc.nat(PIECES.length + 3), remove: fc.boolean() });
    fc.assert(
      fc.property(fc.integer({ min: MAX_DEPTH - 12, max: MAX_DEPTH }), fc.nat(50), fc.array(edit, { minLength: 1, maxLength: 8 }), (depth, seed, edits) => {
        let text = textWith(depth, seed);
        let scanned = scanFlowDepth(text);
        // Each step needs the scan of a text with no nesting too deep before it.
        for (const step of edits) {
          if (scanned.tooDeepAt !== undefined) break;
          const lines = text.split('\n');
          const line = Math.floor((step.at / 10_000) * lines.length);
          if (step.remove) lines.splice(line, 1);
          else if (step.piece >= PIECES.length) lines[line] = `${lines[line]}${'[{"\''[step.piece - PIECES.length]}`;
          else lines.splice(line, 0, PIECES[step.piece]!);
          const next = lines.join('\n');
          const marks = assertSameAsWhole(scanned.marks, text, next);
          text = next;
          scanned = { ...scanFlowDepth(text), marks };
        }
      }),
      { numRuns: 300 },
    );
  });

  it('scans only around the edit when the scan gets back in step', () => {
    const before = textWith(10, 0);
    const { marks } = scanFlowDepth(before);
    assert.ok(marks.offsets.length > 5, 'marks every few kilobytes');
    const at = before.indexOf('\n', before.length >> 1) + 1;
    const after = `${before.slice(0, at)}a: [x]\n${before.slice(at)}`;
    const again = rescanFlowDepth(marks, after, changeBetween(before, after)!);
    assert.equal(again.tooDeepAt, undefined);
    // The marks after the edit are the old ones, moved.
    assert.deepStrictEqual(Array.from(again.marks.offsets.slice(-3)), Array.from(marks.offsets.slice(-3)).map((o) => o + 7));
  });

  it('finds nesting an edit takes over the limit', () => {
    const before = textWith(MAX_DEPTH, 3);
    const { marks, tooDeepAt } = scanFlowDepth(before);
    assert.equal(tooDeepAt, undefined);
    const at = before.indexOf('deep: ') + 6;
    const after = `${before.slice(0, at)}[${before.slice(at)}`;
    assert.equal(rescanFlowDepth(marks, after, changeBetween(before, after)!).tooDeepAt, scanFlowDepth(after).tooDeepAt);
    assert.notEqual(scanFlowDepth(after).tooDeepAt, undefined);
  });
});
