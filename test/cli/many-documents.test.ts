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
import { manyDocuments } from '../support/hostile-inputs.js';
import { measuredScan } from '../support/measured-scan.js';

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
