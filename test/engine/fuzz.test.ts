/**
 * Property-based fuzzing of the engine and of every fix, on random mutations of the rule
 * fixtures and of realworld manifests: no exception, bounded time, ranges inside the text,
 * every fix re-parses and removes its finding, fix-all is idempotent.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fc } from '../support/property.js';
import { Analyzer, applyEdits, DEFAULT_CONFIG, fixAll, SYNTAX_RULE, type Finding } from '../../server/src/engine/index.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { loadRuleFixtures } from '../support/fixtures.js';
import { corpusDir } from '../support/corpora.js';
import { mutatedText } from '../support/yaml-arbitraries.js';

/** Generous: the machine may be busy; a hang or a blow-up is what this catches. */
const TIME_LIMIT_MS = 2_000;
// Every rule on, whatever its profile, so that every fix is exercised.
const CONFIG = { ...DEFAULT_CONFIG, rules: Object.fromEntries(ALL_RULES.map((r) => [r.meta.id, r.meta.severity])) };

/** Realworld manifests join the fixtures as bases when that corpus is here. */
const REALWORLD_DIR = corpusDir('realworld');
const REALWORLD = [
  'prometheus-operator/example/rbac/prometheus-operator/prometheus-operator-deployment.yaml',
  'kubernetes-examples/AI/vllm-deployment/vllm-deployment.yaml',
  'microservices-demo/release/istio-manifests.yaml',
];

const bases: string[] = [
  ...loadRuleFixtures().flatMap((f) => [f.bad, f.good].filter((t): t is string => t !== undefined)),
  ...(REALWORLD_DIR ? REALWORLD.map((path) => readFileSync(join(REALWORLD_DIR, path), 'utf8')) : []),
];

function analyse(text: string): Finding[] {
  const start = performance.now();
  const findings = new Analyzer(ALL_RULES, CONFIG).analyze(text).findings;
  assert.ok(performance.now() - start < TIME_LIMIT_MS, `analysis took ${performance.now() - start} ms`);
  return [...findings];
}

function assertInside(text: string, span: { start: number; end: number }, what: string): void {
  assert.ok(Number.isInteger(span.start) && Number.isInteger(span.end), `${what}: offsets are integers`);
  assert.ok(span.start >= 0 && span.start <= span.end && span.end <= text.length, `${what}: ${span.start}-${span.end} outside 0-${text.length}`);
}

const count = (findings: readonly Finding[], like: Finding) => findings.filter((f) => f.ruleId === like.ruleId && f.message === like.message).length;

const mutated = fc.constantFrom(...bases).chain(mutatedText);

describe('engine under random mutations', () => {
  it('never throws, stays fast and reports ranges inside the text', () => {
    fc.assert(
      fc.property(mutated, (text) => {
        for (const finding of analyse(text)) {
          assertInside(text, finding, finding.ruleId);
          for (const fix of finding.fixes) for (const edit of fix.edits) assertInside(text, edit, `${finding.ruleId} fix "${fix.title}"`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('every fix keeps the YAML valid and removes its finding', () => {
    fc.assert(
      fc.property(mutated, (text) => {
        const findings = analyse(text);
        if (findings.some((f) => f.ruleId === SYNTAX_RULE)) return;
        for (const finding of findings) {
          for (const fix of finding.fixes) {
            const fixed = applyEdits(text, fix.edits);
            const after = analyse(fixed);
            assert.deepEqual(after.filter((f) => f.ruleId === SYNTAX_RULE).map((f) => f.message), [], `${finding.ruleId} fix "${fix.title}" broke the YAML:\n${fixed}`);
            assert.ok(count(after, finding) < count(findings, finding), `${finding.ruleId} fix "${fix.title}" did not remove "${finding.message}":\n${fixed}`);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('fix-all is idempotent', () => {
    fc.assert(
      fc.property(mutated, (text) => {
        const once = fixAll(text, ALL_RULES, CONFIG).text;
        assert.equal(fixAll(once, ALL_RULES, CONFIG).text, once);
      }),
      { numRuns: 150 },
    );
  });
});
