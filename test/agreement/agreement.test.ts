/**
 * Agreement with the test fixtures of Polaris, kube-linter, kubesec and kube-score (see README.md
 * here): every verdict must agree, or differ in a way the rule's `differences` metadata explains,
 * and the verdicts that are not documented differences must agree at least AGREEMENT_FLOOR.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AGREEMENT_FLOOR, measureAgreement, renderAccuracyDoc, type RowResult } from '../../scripts/agreement.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { ROOT } from '../support/paths.js';

const result = measureAgreement(ALL_RULES);
const describeRow = (r: RowResult) =>
  `verdicts.tsv:${r.row.line} ${r.row.tool} ${r.row.fixture} ${r.row.object} (${r.row.check}): expected ${r.row.expected}, ${r.row.rules.join('|')} says ${r.actual}`;

describe('agreement with other linters\' fixtures', () => {
  it('compares the verdicts of all four tools', () => {
    assert.deepEqual(result.tools.map((t) => t.tool).sort(), ['kube-linter', 'kube-score', 'kubesec', 'polaris']);
    for (const tool of result.tools) assert.ok(tool.verdicts >= 30, `${tool.tool}: only ${tool.verdicts} verdicts`);
  });

  it('has no difference that is neither fixed nor documented', () => {
    const undocumented = result.rows.filter((r) => r.outcome === 'undocumented');
    assert.deepEqual(undocumented.map(describeRow), []);
  });

  it('names, for each documented difference, a rule whose differences explain it', () => {
    const unexplained = result.rows.filter((r) => r.outcome === 'unexplained');
    assert.deepEqual(unexplained.map((r) => `${describeRow(r)}: ${r.row.difference!.rule} has no difference mentioning "${r.row.difference!.phrase}"`), []);
  });

  it('lists no documented difference where the verdicts now agree', () => {
    const stale = result.rows.filter((r) => r.outcome === 'stale');
    assert.deepEqual(stale.map((r) => `${describeRow(r)}: remove the difference column`), []);
  });

  it(`agrees on at least ${AGREEMENT_FLOOR * 100}% of the verdicts that are not documented differences`, (t) => {
    for (const r of result.rows) if (r.outcome === 'documented') t.diagnostic(`documented difference (${r.row.difference!.rule}): ${describeRow(r)}`);
    t.diagnostic(`${result.verdicts} verdicts, ${result.agree} agree, ${result.documented} documented differences`);
    assert.ok(result.excludingDocumented >= AGREEMENT_FLOOR, `agreement ${(result.excludingDocumented * 100).toFixed(1)}%`);
  });

  it('reports the measured figures in docs/accuracy.md', () => {
    assert.equal(readFileSync(join(ROOT, 'docs', 'accuracy.md'), 'utf8'), renderAccuracyDoc(result), 'docs/accuracy.md is out of date: run npm run generate');
  });

  it('tells each outcome apart on a table of its own', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agreement-'));
    try {
      mkdirSync(join(dir, 'tool'));
      writeFileSync(join(dir, 'tool', 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      ports:\n        - containerPort: 22\n');
      const sshPhrase = "kube-linter's ssh-port check looks at container port 22 only";
      const rows = [
        ['tool', 'pod.yaml', '*', 'ssh', 'fail', 'ssh-port', ''],
        ['tool', 'pod.yaml', 'Pod/p', 'ssh', 'pass', 'ssh-port', ''],
        ['tool', 'pod.yaml', '*', 'ssh', 'pass', 'ssh-port', `ssh-port: ${sshPhrase}`],
        ['tool', 'pod.yaml', '*', 'ssh', 'fail', 'ssh-port', `ssh-port: ${sshPhrase}`],
        ['tool', 'pod.yaml', '*', 'ssh', 'pass', 'ssh-port', 'ssh-port: words no difference holds'],
      ];
      writeFileSync(join(dir, 'verdicts.tsv'), `tool\tfixture\tobject\tcheck\texpected\trule\tdifference\n${rows.map((r) => r.join('\t')).join('\n')}\n`);
      const own = measureAgreement(ALL_RULES, dir);
      assert.deepEqual(own.rows.map((r) => r.outcome), ['agree', 'undocumented', 'documented', 'stale', 'unexplained']);
      assert.equal(own.excludingDocumented, 2 / 4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
