/**
 * Fixes that copy a value with its aliases expanded are written only when asked for (a quick fix
 * at the cursor, fix-all, `--fix`): analysing a file never writes them out, and a value that would
 * expand past the limit gets no fix at all.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { Analyzer, applyEdits, DEFAULT_CONFIG, fixAll } from '../../server/src/engine/index.js';
import { EditKit, isLazyFix } from '../../server/src/engine/edits.js';
import { ALL_RULES } from '../../server/src/rules/index.js';

/** A pod whose misplaced `capabilities` holds aliases nested `levels` deep (7^levels values), with `containers` containers to copy it to. */
function misplacedAliases(levels: number, containers: number): string {
  const lines = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: many', 'x:', '  l0: &l0 {a: "lol", b: "lol", c: "lol", d: "lol", e: "lol", f: "lol", g: "lol"}'];
  for (let i = 1; i < levels; i++) lines.push(`  l${i}: &l${i} {a: *l${i - 1}, b: *l${i - 1}, c: *l${i - 1}, d: *l${i - 1}, e: *l${i - 1}, f: *l${i - 1}, g: *l${i - 1}}`);
  lines.push('spec:', '  securityContext:', `    capabilities: {drop: [ALL], x: *l${levels - 1}}`, '  containers:');
  for (let c = 0; c < containers; c++) lines.push(`    - name: app${c}`, '      image: example.com/app:1.0.0');
  return `${lines.join('\n')}\n`;
}

/** Counts the values written into a container's securityContext.capabilities (what the move fix writes). */
function countCapabilityWrites(): { count: () => number; restore: () => void } {
  const original = EditKit.prototype.setPath;
  let count = 0;
  EditKit.prototype.setPath = function (this: EditKit, ...args: Parameters<EditKit['setPath']>) {
    if (args[1].join('.') === 'securityContext.capabilities') count++;
    return original.apply(this, args);
  };
  return { count: () => count, restore: () => (EditKit.prototype.setPath = original) };
}

describe('fixes written on demand', () => {
  let restore = () => {};
  afterEach(() => restore());

  it('analysis does not write the moved value; reading the fix does, and it moves the field', () => {
    const writes = countCapabilityWrites();
    restore = writes.restore;
    // In a second document too: moving findings to file offsets keeps their fixes unwritten.
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: first}\n---\n${misplacedAliases(3, 20)}`;
    const misplaced = new Analyzer(ALL_RULES, DEFAULT_CONFIG).analyze(text).findings.find((f) => f.ruleId === 'misplaced-security-field');
    assert.ok(misplaced, 'the misplaced field is reported');
    const [fix] = misplaced.fixes;
    assert.ok(fix && isLazyFix(fix), 'a fix is offered, not yet written');
    assert.equal(fix.title, 'Move capabilities to every container');
    assert.equal(writes.count(), 0, 'nothing written while analysing');
    const moved = applyEdits(text, fix.edits);
    assert.equal(writes.count(), 20, 'written once per container when read');
    fix.edits;
    assert.equal(writes.count(), 20, 'and only once');
    const after = new Analyzer(ALL_RULES, DEFAULT_CONFIG).analyze(moved).findings;
    assert.ok(!after.some((f) => f.ruleId === 'misplaced-security-field'), 'the field moved');
    // Written in block style, aliases expanded: 7 leaves of `l1` under each of the 7 keys of `l2`.
    assert.equal(moved.split(/^ {14}a:\n {16}a: lol$/m).length - 1, 20 * 7, 'each container got the value, aliases expanded');
  });

  it('fix-all writes it; a value that would expand past the limit still gets no fix', () => {
    const text = misplacedAliases(2, 3);
    const result = fixAll(text, ALL_RULES, DEFAULT_CONFIG, { unsafe: true });
    assert.ok(result.applied.some((fix) => fix.ruleId === 'misplaced-security-field'), JSON.stringify(result.applied.map((f) => f.ruleId)));
    const bomb = new Analyzer(ALL_RULES, DEFAULT_CONFIG).analyze(misplacedAliases(6, 2)).findings.find((f) => f.ruleId === 'misplaced-security-field');
    assert.deepEqual(bomb?.fixes, [], '7^6 values: refused');
  });
});
