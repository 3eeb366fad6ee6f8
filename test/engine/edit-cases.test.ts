/**
 * Edits that must be well-formed where they land: each folder of `edit-cases/` holds an input
 * (`input.yaml` or `input.json`), the text after the fixes of the rules named in `case.yaml`
 * (`expected.*`: every first fix of their findings, applied round after round, whether safe or
 * not, since what is checked is where the edits land), and the data that must come through
 * unchanged (`keep`: dotted paths). The result must also parse without duplicate keys, keep its
 * comments, stay JSON where it was JSON, keep its line endings and its final newline or lack of it.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { analyzeSet, applyEdits, DEFAULT_CONFIG, fixAll, mergeConfig, nonOverlapping } from '../../server/src/engine/index.js';
import { buildFromCst } from '../../server/src/engine/cst-model.js';
import { ALL_RULES } from '../../server/src/rules/index.js';

const CASES = join(__dirname, 'edit-cases');
const EVERYTHING = mergeConfig(DEFAULT_CONFIG, { rules: Object.fromEntries(ALL_RULES.map((r) => [r.meta.id, r.meta.severity])) });

interface EditCase {
  readonly rules: readonly string[];
  readonly keep: readonly string[];
}

/** Applies the first fix of every finding of `rules` (cross-file rules over the file alone included), round after round, until nothing changes. */
export function applyRuleFixes(text: string, rules: readonly string[]): string {
  let current = text;
  for (let round = 0; round < 10; round++) {
    const findings = analyzeSet([{ key: 'input', text: current, config: EVERYTHING }], ALL_RULES).get('input')!.findings;
    const fixes = nonOverlapping(findings.filter((f) => rules.includes(f.ruleId) && f.fixes[0]).map((f) => f.fixes[0]!));
    const next = applyEdits(current, fixes.flatMap((f) => f.edits));
    if (next === current) break;
    current = next;
  }
  return current;
}

function at(data: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], data);
}

const comments = (text: string) => buildFromCst(text).comments.map((c) => c.text).sort();

describe('edits land well-formed', () => {
  for (const name of readdirSync(CASES).sort()) {
    it(name, () => {
      const dir = join(CASES, name);
      const ext = existsSync(join(dir, 'input.json')) ? 'json' : 'yaml';
      const input = readFileSync(join(dir, `input.${ext}`), 'utf8');
      const expected = readFileSync(join(dir, `expected.${ext}`), 'utf8');
      const spec = parse(readFileSync(join(dir, 'case.yaml'), 'utf8')) as EditCase;
      const output = applyRuleFixes(input, spec.rules);
      assert.equal(output, expected);
      assertWellFormed(input, output, ext, spec);
      // Fix-all (safe fixes of every rule, which may change more than `keep`) on the same input is held to the same form.
      assertWellFormed(input, fixAll(input, ALL_RULES, EVERYTHING).text, ext, { ...spec, keep: [] });
    });
  }
});

/** The result parses without duplicate keys, stays JSON, keeps `keep`, its comments, line endings and final newline. */
function assertWellFormed(input: string, output: string, ext: string, spec: EditCase): void {
  const errors = parseAllDocuments(output, { merge: true, uniqueKeys: true }).flatMap((d) => ('errors' in d ? d.errors : []));
  assert.deepEqual(errors.map((e) => e.message), [], 'the result parses, without duplicate keys');
  if (ext === 'json') assert.doesNotThrow(() => JSON.parse(output), 'the result is JSON');
  const before = parse(input, { merge: true }) as unknown;
  const after = parse(output, { merge: true }) as unknown;
  for (const path of spec.keep) assert.deepEqual(at(after, path), at(before, path), `${path} kept`);
  assert.deepEqual(comments(output).filter((c) => comments(input).includes(c)), comments(input), 'comments kept');
  if (input.includes('\r\n')) assert.doesNotMatch(output, /[^\r]\n/, 'CRLF kept');
  assert.equal(output.endsWith('\n'), input.endsWith('\n'), 'final newline as in the input');
}
