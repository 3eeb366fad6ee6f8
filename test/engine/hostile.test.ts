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
import { aliasBomb, binaryBytes, deepNesting, hugeDocument, latin1Bytes, manyDocuments } from '../support/hostile-inputs.js';

/** Analyses `text`, checking time and heap growth; returns the findings. */
function analyse(text: string, { seconds = 10, heapMB = 150, config = DEFAULT_CONFIG }: { seconds?: number; heapMB?: number; config?: EngineConfig } = {}): Finding[] {
  const heapBefore = process.memoryUsage().heapUsed;
  const start = performance.now();
  const findings = new Analyzer(ALL_RULES, config).analyze(text).findings;
  const elapsed = performance.now() - start;
  const grown = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  assert.ok(elapsed < seconds * 1000, `took ${Math.round(elapsed)} ms`);
  assert.ok(grown < heapMB, `heap grew by ${Math.round(grown)} MB`);
  for (const f of findings) assert.ok(f.start >= 0 && f.start <= f.end && f.end <= text.length, `${f.ruleId} range ${f.start}-${f.end}`);
  return [...findings];
}

const ids = (findings: readonly Finding[]) => findings.map((f) => f.ruleId);

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

  it('50,000 documents in one file are checked, or stopped by the time budget with one notice', () => {
    const text = manyDocuments(50_000);
    const full = analyse(text, { seconds: 40, heapMB: 400 });
    assert.ok(full.length === 0 || (full.length === 1 && full[0]!.ruleId === SKIPPED_RULE), JSON.stringify(ids(full)));
    const stopped = analyse(text, { config: mergeConfig(DEFAULT_CONFIG, { timeBudgetMs: 200 }), seconds: 20, heapMB: 400 });
    assert.deepEqual(ids(stopped), [SKIPPED_RULE]);
    assert.match(stopped[0]!.message, /timeBudgetMs/);
  });

  it('an analyzer stopped by its time budget finishes the rest on the next analyses', () => {
    const text = manyDocuments(5_000);
    const analyzer = new Analyzer(ALL_RULES, mergeConfig(DEFAULT_CONFIG, { timeBudgetMs: 100 }));
    let result = analyzer.analyze(text);
    for (let round = 0; round < 200 && result.findings.some((f) => f.ruleId === SKIPPED_RULE); round++) result = analyzer.analyze(text);
    assert.deepEqual(ids(result.findings), []);
    assert.equal(result.sections.length, 5_000);
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

  it('binary data is skipped with one notice', () => {
    for (const text of [binaryBytes(200_000).toString('utf8'), binaryBytes(200_000).toString('latin1'), 'apiVersion: v1\nkind: Pod\x00\n']) {
      const findings = analyse(text, { seconds: 5, heapMB: 50 });
      assert.deepEqual(ids(findings), [SKIPPED_RULE]);
      assert.match(findings[0]!.message, /binary|UTF-8/);
    }
  });

  it('text that is not UTF-8 is skipped with one notice that says so', () => {
    const findings = analyse(latin1Bytes().toString('utf8'));
    assert.deepEqual(ids(findings), [SKIPPED_RULE]);
    assert.match(findings[0]!.message, /not valid UTF-8/);
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
