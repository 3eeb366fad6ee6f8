/**
 * `kube-aegis scan` of one file of 50,000 small documents: every document is checked and reported
 * on its own line, the process stays under 500 MB, and its CPU time stays close to that of `yaml`
 * parsing the same text in the same process (CPU time against a floor measured alongside: the
 * machine running the tests may be busy). The absolute time on a quiet machine is a figure of
 * `npm run bench`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempProject } from '../support/cli.js';
import { manyDocuments } from '../support/hostile-inputs.js';
import { ROOT } from '../support/paths.js';

interface Measured {
  readonly status: number;
  readonly scanCpuMs: number;
  readonly maxRssMB: number;
  readonly parseCpuMs: number;
}

/**
 * Runs the built CLI's `scan` on `file` in a process of its own, then (the scan done, its peak
 * memory read) times `yaml`'s `parseAllDocuments` of the same text there.
 */
function scanProcess(cwd: string, file: string): { stdout: string; measured: Measured } {
  const script = `
    const { readFileSync } = require('node:fs');
    require(${JSON.stringify(join(ROOT, 'dist', 'cli.js'))}).main(['scan', ${JSON.stringify(file)}, '--format', 'json', '--fail-on', 'none']).then((status) => {
      const scan = process.cpuUsage();
      const maxRssMB = process.resourceUsage().maxRSS / 1024;
      const text = readFileSync(${JSON.stringify(file)}, 'utf8');
      const before = process.cpuUsage();
      require(${JSON.stringify(join(ROOT, 'node_modules', 'yaml'))}).parseAllDocuments(text);
      const parse = process.cpuUsage(before);
      process.stderr.write('MEASURED ' + JSON.stringify({ status, scanCpuMs: (scan.user + scan.system) / 1000, maxRssMB, parseCpuMs: (parse.user + parse.system) / 1000 }));
    });`;
  const run = spawnSync(process.execPath, ['-e', script], { cwd, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1', LC_ALL: '', LC_MESSAGES: '', LANG: 'C', KUBE_AEGIS_JOBS: '1' } });
  const measured = /MEASURED (\{.*\})/.exec(run.stderr)?.[1];
  assert.ok(measured, `no measurement (exit ${run.status}): ${run.stderr.slice(0, 2000)}`);
  return { stdout: run.stdout, measured: JSON.parse(measured) as Measured };
}

describe('kube-aegis scan of 50,000 small documents in one file', () => {
  it('reports each document on its own line, under 500 MB, in CPU time close to parsing the text', () => {
    const dir = tempProject({ '.kube-aegis.yaml': 'rules:\n  default-namespace: warning\n' });
    // Each ConfigMap is in the default namespace: one finding per document, on its namespace line.
    writeFileSync(join(dir, 'many.yaml'), manyDocuments(50_000, 'default'));
    const { stdout, measured } = scanProcess(dir, 'many.yaml');
    assert.equal(measured.status, 0);
    const [file] = (JSON.parse(stdout) as { files: { findings: { ruleId: string; line: number; column: number; object?: { name?: string } }[] }[] }).files;
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
