/**
 * `kube-aegis scan --format json` (or another format) of one file in a process of its own, measured from inside it:
 * its CPU time and peak resident memory, then (the scan done) the CPU time of `yaml`'s
 * `parseAllDocuments` of the same text in the same process, the floor any scan stands on.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './paths.js';

export interface MeasuredScan {
  readonly stdout: string;
  readonly status: number;
  /** From the process's start to the end of the scan (its output written), the later parse left out. */
  readonly wallMs: number;
  readonly scanCpuMs: number;
  readonly maxRssMB: number;
  readonly parseCpuMs: number;
}

export function measuredScan(cwd: string, file: string, format: 'json' | 'sarif' | 'stylish' = 'json'): MeasuredScan {
  const script = `
    const { readFileSync } = require('node:fs');
    require(${JSON.stringify(join(ROOT, 'dist', 'cli.js'))}).main(['scan', ${JSON.stringify(file)}, '--format', ${JSON.stringify(format)}, '--fail-on', 'none']).then((status) => {
      const scan = process.cpuUsage();
      const scanWallMs = performance.now();
      const maxRssMB = process.resourceUsage().maxRSS / 1024;
      const text = readFileSync(${JSON.stringify(file)}, 'utf8');
      const before = process.cpuUsage();
      require(${JSON.stringify(join(ROOT, 'node_modules', 'yaml'))}).parseAllDocuments(text);
      const parse = process.cpuUsage(before);
      process.stderr.write('MEASURED ' + JSON.stringify({ status, wallMs: scanWallMs, scanCpuMs: (scan.user + scan.system) / 1000, maxRssMB, parseCpuMs: (parse.user + parse.system) / 1000 }));
    });`;
  // One thread: the figures are those of one process analysing the file, whatever the machine.
  const run = spawnSync(process.execPath, ['-e', script], { cwd, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1', LC_ALL: '', LC_MESSAGES: '', LANG: 'C', KUBE_AEGIS_JOBS: '1' } });
  const measured = /MEASURED (\{.*\})/.exec(run.stderr)?.[1];
  if (!measured) throw new Error(`kube-aegis scan gave no measurement (exit ${run.status}): ${run.stderr.slice(0, 2000)}`);
  return { stdout: run.stdout, ...(JSON.parse(measured) as Omit<MeasuredScan, 'stdout'>) };
}
