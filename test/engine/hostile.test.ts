/**
 * Hostile input: each case gets a clear diagnostic or is skipped with one notice, fast, and
 * without holding much memory. Also: the engine never throws on any realworld manifest.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Analyzer, DEFAULT_CONFIG, mergeConfig, SKIPPED_RULE, SYNTAX_RULE, type EngineConfig, type Finding } from '../../server/src/engine/index.js';
import { toPlain } from '../../server/src/engine/model.js';
import { parseSection } from '../../server/src/engine/parse.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { corpusSkip } from '../support/corpora.js';
import { corpusFiles } from '../support/corpus.js';
import { defineRule } from '../../server/src/engine/rule.js';
import { aliasBomb, binaryBytes, deepNesting, hugeDocument, latin1Bytes, manyDocuments } from '../support/hostile-inputs.js';

/**
 * Analyses `text`, checking time and heap growth; returns the findings. CPU time, not wall time:
 * the bound is about hangs, and the machine running the tests may be busy with other work.
 */
function analyse(text: string, { seconds = 10, heapMB = 150, config = DEFAULT_CONFIG }: { seconds?: number; heapMB?: number; config?: EngineConfig } = {}): Finding[] {
  const heapBefore = process.memoryUsage().heapUsed;
  const cpu = process.cpuUsage();
  const findings = new Analyzer(ALL_RULES, config).analyze(text).findings;
  const used = process.cpuUsage(cpu);
  const elapsed = (used.user + used.system) / 1000;
  const grown = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  assert.ok(elapsed < seconds * 1000, `took ${Math.round(elapsed)} ms of CPU`);
  assert.ok(grown < heapMB, `heap grew by ${Math.round(grown)} MB`);
  for (const f of findings) assert.ok(f.start >= 0 && f.start <= f.end && f.end <= text.length, `${f.ruleId} range ${f.start}-${f.end}`);
  return [...findings];
}

const ids = (findings: readonly Finding[]) => findings.map((f) => f.ruleId);
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n    - name: a\n      image: example.com/a:1.0.0\n      securityContext: {privileged: true}\n';

describe('hostile input', () => {
  it('an alias bomb (billion laughs) is checked without expanding it', () => {
    const text = aliasBomb(9);
    const findings = analyse(text, { seconds: 5, heapMB: 50 });
    assert.ok(ids(findings).includes('privileged-container'), 'the pod beside the bomb is still checked');
    assert.ok(!ids(findings).includes(SYNTAX_RULE));
    // Plain data keeps aliases shared: 9^9 strings would not fit in memory.
    const plain = toPlain(parseSection(text).roots[0]) as { 'x-bomb': { l8: unknown[][] } };
    assert.equal(plain['x-bomb'].l8[0], plain['x-bomb'].l8[1]);
  });

  it('a 10 MB document is skipped with one notice', () => {
    const findings = analyse(hugeDocument(10_000_000), { heapMB: 200 });
    assert.deepEqual(ids(findings), [SKIPPED_RULE]);
    assert.match(findings[0]!.message, /maxDocumentSize/);
  });

  it('50,000 documents in one file are all checked: the time budget is per document', () => {
    const text = manyDocuments(50_000);
    assert.deepEqual(analyse(text, { seconds: 40, heapMB: 400 }), []);
    // A budget too small for any document cuts each one short, with a warning that names what was skipped.
    const stopped = analyse(manyDocuments(3), { config: mergeConfig(DEFAULT_CONFIG, { timeBudgetMs: 0 }) });
    assert.deepEqual(ids(stopped), [SKIPPED_RULE, SKIPPED_RULE, SKIPPED_RULE]);
    assert.ok(stopped.every((f) => f.severity === 'warning'));
    assert.match(stopped[0]!.message, /timeBudgetMs.*Not checked: rules .*default-namespace.* on ConfigMap c0/);
  });

  it('a slow document is cut short by its own budget and the documents after it are checked in full', () => {
    const slow = defineRule({
      meta: { ...ALL_RULES[0]!.meta, id: 'slow-rule' },
      checkObject(object) {
        if (object.name !== 'slow') return;
        const until = performance.now() + 120;
        while (performance.now() < until);
      },
    });
    const text = `${POD.replace('name: a', 'name: slow')}---\n${POD}`;
    const analyzer = new Analyzer([slow, ...ALL_RULES], mergeConfig(DEFAULT_CONFIG, { timeBudgetMs: 50, rules: { 'slow-rule': 'info' } }));
    const findings = analyzer.analyze(text).findings;
    const skipped = findings.filter((f) => f.ruleId === SKIPPED_RULE);
    assert.equal(skipped.length, 1);
    assert.equal(skipped[0]!.severity, 'warning');
    assert.ok(skipped[0]!.start < text.indexOf('---'), 'the warning is on the slow document');
    assert.match(skipped[0]!.message, /Not checked: rules .*privileged-container.* on Pod slow/);
    const second = text.indexOf('---');
    assert.ok(findings.some((f) => f.ruleId === 'privileged-container' && f.start > second), 'the next document is checked');
  });

  for (const style of ['block', 'flow'] as const) {
    it(`200 levels of ${style} nesting are checked`, () => {
      const findings = analyse(deepNesting(200, style), { seconds: 5, heapMB: 50 });
      assert.ok(ids(findings).includes('privileged-container'));
      assert.ok(!ids(findings).includes(SYNTAX_RULE));
    });
  }

  it('absurd nesting gets a clear syntax diagnostic', () => {
    const findings = analyse(deepNesting(5000, 'flow'), { seconds: 10, heapMB: 100 });
    assert.deepEqual(ids(findings), [SYNTAX_RULE]);
    assert.match(findings[0]!.message, /Nesting too deep/);
  });

  it('binary data is skipped with one warning', () => {
    for (const text of [binaryBytes(200_000).toString('utf8'), binaryBytes(200_000).toString('latin1'), 'apiVersion: v1\nkind: Pod\x00\n']) {
      const findings = analyse(text, { seconds: 5, heapMB: 50 });
      assert.deepEqual(ids(findings), [SKIPPED_RULE]);
      assert.equal(findings[0]!.severity, 'warning');
      assert.match(findings[0]!.message, /binary data/);
    }
  });

  it('text with bytes that are not UTF-8, or with U+FFFD, is checked like any text', () => {
    const latin1 = latin1Bytes().toString('utf8');
    assert.ok(latin1.includes('\uFFFD'));
    assert.deepEqual(analyse(latin1), []);
    for (const marked of [POD.replace('name: a', 'name: a # caf\uFFFD'), Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from(`\n${POD}`)]).toString('utf8')]) {
      assert.ok(ids(analyse(marked)).includes('privileged-container'), JSON.stringify(marked.slice(0, 40)));
    }
  });

  it('an empty file, a lone `---`, blank lines and comments hold nothing to report', () => {
    for (const text of ['', '---', '---\n', '\n\n', '# only a comment\n', '---\n---\n...\n', '\uFEFF']) assert.deepEqual(analyse(text), [], JSON.stringify(text));
  });

  it('never throws on any realworld manifest', { skip: corpusSkip('realworld') }, () => {
    for (const file of corpusFiles('realworld')) {
      assert.doesNotThrow(() => analyse(file.text, { heapMB: 500 }), file.name);
    }
  });
});
