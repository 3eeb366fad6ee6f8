/**
 * `kube-aegis scan` of one file of 50,000 small documents: every document is checked and reported
 * on its own line, the process stays under 500 MB, and its CPU time stays close to that of `yaml`
 * parsing the same text in the same process (CPU time against a floor measured alongside: the
 * machine running the tests may be busy). The absolute time on a quiet machine is a figure of
 * `npm run bench`.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempProject } from '../support/cli.js';
import { manyDocuments, manyPods } from '../support/hostile-inputs.js';
import { measuredScan, type MeasuredScan } from '../support/measured-scan.js';

/**
 * The CPU time of a scan of the pods against that of `parseAllDocuments` of their text, at most:
 * each pod gets ten findings, two of them from cross-file rules, and a report of 50 to 350 MB.
 */
const POD_CPU_RATIO = 3;

describe('kube-aegis scan of 50,000 small documents in one file', () => {
  it('reports each document on its own line, under 500 MB, in CPU time close to parsing the text', () => {
    const dir = tempProject({ '.kube-aegis.yaml': 'rules:\n  default-namespace: warning\n' });
    // Each ConfigMap is in the default namespace: one finding per document, on its namespace line.
    writeFileSync(join(dir, 'many.yaml'), manyDocuments(50_000, 'default'));
    const measured = measuredScan(dir, 'many.yaml');
    assert.equal(measured.status, 0);
    const [file] = (JSON.parse(measured.stdout) as { files: { findings: { ruleId: string; line: number; column: number; object?: { name?: string } }[] }[] }).files;
    const findings = file!.findings;
    assert.equal(findings.length, 50_000);
    // Document i starts on line 6i + 1 (`---`); `namespace: default` is its sixth line.
    findings.forEach((f, i) => {
      assert.equal(f.ruleId, 'default-namespace');
      assert.deepEqual([f.line, f.column, f.object?.name], [6 * i + 6, 14, `c${i}`]);
    });
    assert.ok(measured.maxRssMB < 500, `peak resident memory ${Math.round(measured.maxRssMB)} MB`);
    const ratio = measured.scanCpuMs / measured.parseCpuMs;
    assert.ok(ratio < 3, `the scan took ${Math.round(measured.scanCpuMs)} ms of CPU, ${ratio.toFixed(2)} times the ${Math.round(measured.parseCpuMs)} ms of parsing the text`);
  });
});

/**
 * 50,000 one-line privileged pods: ten findings each, two of them from the cross-file rules (no
 * NetworkPolicy, the default ServiceAccount's token), and a Pod Security level line each in the
 * stylish report. Each format is counted per pod from its text (no parse of a report of hundreds
 * of megabytes); pod i is on line 2i + 2.
 */
describe('kube-aegis scan of 50,000 one-line privileged pods in one file', () => {
  const PODS = 50_000;
  const PER_POD = 10;
  const pods = manyPods(PODS);
  // One per test: a temporary project is removed when its test ends.
  const podsProject = () => tempProject({ 'pods.yaml': pods });

  /** How many matches of `pattern` fall on each pod, by the pod number `podOf` reads from a match. */
  const perPod = (text: string, pattern: RegExp, podOf: (match: RegExpExecArray) => number): number[] => {
    const counts = new Array<number>(PODS).fill(0);
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) counts[podOf(match)]!++;
    return counts;
  };

  const assertEveryPod = (counts: readonly number[], expected: number, what: string) => {
    const wrong = counts.findIndex((count) => count !== expected);
    assert.equal(wrong, -1, `pod p${wrong} has ${counts[wrong]} ${what}, not ${expected}`);
  };

  const assertMeasured = (measured: MeasuredScan) => {
    assert.ok(measured.maxRssMB < 500, `peak resident memory ${Math.round(measured.maxRssMB)} MB`);
    const ratio = measured.scanCpuMs / measured.parseCpuMs;
    assert.ok(ratio < POD_CPU_RATIO, `the scan took ${Math.round(measured.scanCpuMs)} ms of CPU, ${ratio.toFixed(2)} times the ${Math.round(measured.parseCpuMs)} ms of parsing the text`);
  };

  it('json: every pod reported with its findings, under 500 MB', () => {
    const measured = measuredScan(podsProject(), 'pods.yaml', 'json');
    assert.equal(measured.status, 0);
    assert.equal(measured.stdout.match(/"ruleId": /g)?.length, PODS * PER_POD);
    assertEveryPod(perPod(measured.stdout, /"name": "p(\d+)"/g, (m) => Number(m[1])), PER_POD, 'findings naming it');
    assertEveryPod(perPod(measured.stdout, /"line": (\d+)/g, (m) => (Number(m[1]) - 2) / 2), PER_POD, 'findings on its line');
    assertMeasured(measured);
  });

  it('sarif: every pod reported with its results, under 500 MB', () => {
    const measured = measuredScan(podsProject(), 'pods.yaml', 'sarif');
    assert.equal(measured.status, 0);
    assert.equal(measured.stdout.match(/^ {8}\{\n {10}"ruleId": /gm)?.length, PODS * PER_POD);
    assertEveryPod(perPod(measured.stdout, /"startLine": (\d+)/g, (m) => (Number(m[1]) - 2) / 2), PER_POD, 'results on its line');
    assertMeasured(measured);
  });

  it('stylish: every pod reported with its findings and its Pod Security level, under 500 MB', () => {
    const measured = measuredScan(podsProject(), 'pods.yaml', 'stylish');
    assert.equal(measured.status, 0);
    assert.match(measured.stdout, /\n500000 problems \(100000 errors, 400000 warnings, 0 info\) in 1 file; /);
    assertEveryPod(perPod(measured.stdout, /^ {2}(\d+):\d+ +(?:error|warning) /gm, (m) => (Number(m[1]) - 2) / 2), PER_POD, 'findings on its line');
    const levelOf = (m: RegExpExecArray) => {
      assert.equal(Number(m[1]), 2 * Number(m[2]) + 2, m[0]);
      return Number(m[2]);
    };
    assertEveryPod(perPod(measured.stdout, /^ {2}(\d+):1 +level {4}Pod p(\d+): Pod Security privileged \(1 finding stands in the way of baseline\)$/gm, levelOf), 1, 'Pod Security level lines');
    assertMeasured(measured);
  });
});
