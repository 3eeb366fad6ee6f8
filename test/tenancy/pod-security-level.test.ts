/**
 * The Pod Security level at a glance: the highest level a pod spec meets and what stands in the
 * way of the next one, on hand-written pods and on the Pod Security Admission conformance
 * fixtures (for the checks the rules implement).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Analyzer, analyzeText, DEFAULT_CONFIG, podSecurityLevel, workloadSecurityLevels } from '../../server/src/engine/index.js';
import { objectsOf, podSpecOf } from '../../server/src/engine/k8s.js';
import { parseSection } from '../../server/src/engine/parse.js';
import { formatStylish } from '../../server/src/cli/format-stylish.js';
import { scanFiles } from '../../server/src/cli/scan.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { PSA_FIXTURES } from '../support/paths.js';

function levelOf(text: string) {
  const object = objectsOf(parseSection(text).roots[0]!)[0]!;
  return podSecurityLevel(podSpecOf(object)!, text, ALL_RULES);
}

const pod = (spec: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${spec}`;
const RESTRICTED = pod(`  securityContext:
    runAsNonRoot: true
    seccompProfile: {type: RuntimeDefault}
  containers:
    - name: app
      image: example.com/app:1.0.0
      securityContext:
        allowPrivilegeEscalation: false
        capabilities: {drop: [ALL]}
`);

describe('podSecurityLevel', () => {
  it('is restricted for a pod that meets every control, with nothing in the way', () => {
    assert.deepEqual(levelOf(RESTRICTED), { level: 'restricted', blockers: [] });
  });

  it('is baseline when only restricted controls fail, listing them', () => {
    const text = RESTRICTED.replace('    runAsNonRoot: true\n', '');
    const result = levelOf(text);
    assert.equal(result.level, 'baseline');
    assert.equal(result.next, 'restricted');
    assert.ok(result.blockers.some((f) => f.ruleId === 'run-as-non-root'));
    assert.ok(result.blockers.every((f) => ALL_RULES.find((r) => r.meta.id === f.ruleId)?.meta.pss));
  });

  it('is privileged when a baseline control fails, listing only baseline blockers', () => {
    const text = RESTRICTED.replace('allowPrivilegeEscalation: false', 'privileged: true').replace('    runAsNonRoot: true\n', '');
    const result = levelOf(text);
    assert.equal(result.level, 'privileged');
    assert.equal(result.next, 'baseline');
    assert.deepEqual(result.blockers.map((f) => f.ruleId), ['privileged-container']);
    assert.equal(text.slice(result.blockers[0]!.start, result.blockers[0]!.end), 'true');
  });

  it('ignores how the tool is configured: the cluster enforces the standard regardless', () => {
    const text = `# kube-aegis-disable\n${RESTRICTED.replace('allowPrivilegeEscalation: false', 'privileged: true')}`;
    const config = { ...DEFAULT_CONFIG, profile: 'baseline' as const, rules: { 'privileged-container': 'off' as const } };
    const [workload] = workloadSecurityLevels(analyzeText(text, ALL_RULES, config), ALL_RULES, config);
    assert.equal(workload!.level, 'privileged');
    assert.deepEqual(workload!.object, { kind: 'Pod', name: 'p' });
    assert.equal(text.slice(workload!.range.start, workload!.range.start + 10), 'apiVersion');
  });
});

describe('workloadSecurityLevels across edits', () => {
  it('follows an edited document, and keeps the levels of the documents that only moved at their new offsets', () => {
    const analyzer = new Analyzer(ALL_RULES, DEFAULT_CONFIG);
    const levels = (text: string) => workloadSecurityLevels(analyzer.analyze(text), ALL_RULES, DEFAULT_CONFIG).map((w) => [w.level, text.slice(w.range.start, w.range.start + 10), ...w.blockers.map((f) => `${f.ruleId}: ${text.slice(f.start, f.end)}`)]);
    const second = RESTRICTED.replace('name: p', 'name: q').replace('allowPrivilegeEscalation: false', 'privileged: true');
    const before = `${RESTRICTED}---\n${second}`;
    assert.deepEqual(levels(before), [['restricted', 'apiVersion'], ['privileged', 'apiVersion', 'privileged-container: true']]);
    // The first pod gains a line (and loses runAsNonRoot): the second moves down, unchanged.
    const after = `${RESTRICTED.replace('    runAsNonRoot: true\n', '    runAsUser: 1000\n    runAsGroup: 1000\n')}---\n${second}`;
    assert.deepEqual(levels(after), [['baseline', 'apiVersion', 'run-as-non-root: spec'], ['privileged', 'apiVersion', 'privileged-container: true']]);
    assert.deepEqual(levels(before), [['restricted', 'apiVersion'], ['privileged', 'apiVersion', 'privileged-container: true']]);
  });
});

describe('podSecurityLevel on the Pod Security Admission conformance fixtures', () => {
  const dir = PSA_FIXTURES;
  const implemented = new Set(ALL_RULES.flatMap((r) => r.meta.pss?.checks ?? []));
  const rows = readFileSync(join(dir, 'INDEX.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .map(([path, level, , verdict, check, , , needsApiValidation]) => ({ path: path!, level: level!, verdict: verdict!, check: check!, needsApiValidation: needsApiValidation === 'yes' }));
  const levelOfFile = (path: string) => levelOf(readFileSync(join(dir, path), 'utf8')).level;

  it('rates the minimal restricted pod restricted', () => {
    assert.equal(levelOfFile('restricted/v1.37/pass/base.yaml'), 'restricted');
  });

  for (const row of rows) {
    if (row.verdict === 'pass') {
      it(`${row.path} meets ${row.level}`, () => {
        const level = levelOfFile(row.path);
        assert.ok(row.level === 'baseline' ? level !== 'privileged' : level === 'restricted', `rated ${level}`);
      });
    } else if (implemented.has(row.check) && !row.needsApiValidation) {
      it(`${row.path} does not meet ${row.level}`, () => {
        const level = levelOfFile(row.path);
        assert.ok(row.level === 'baseline' ? level === 'privileged' : level !== 'restricted', `rated ${level}`);
      });
    }
  }
});

describe('the CLI shows the level of each workload', () => {
  it('prints one level line per workload in the stylish output', () => {
    const text = `${RESTRICTED}---\n${RESTRICTED.replace('name: p', 'name: q').replace('allowPrivilegeEscalation: false', 'privileged: true')}`;
    const [report] = scanFiles([{ path: 'pods.yaml', text, config: DEFAULT_CONFIG }]);
    assert.deepEqual(report!.workloads!.map((w) => [w.object.name, w.level]), [['p', 'restricted'], ['q', 'privileged']]);
    const output = formatStylish([report!], false);
    assert.match(output, /\n {2}1:1 +level +Pod p: Pod Security restricted\n/);
    assert.match(output, /level +Pod q: Pod Security privileged \(1 finding stands in the way of baseline\)\n/);
  });
});
