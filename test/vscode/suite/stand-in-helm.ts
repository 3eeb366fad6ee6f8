/**
 * A chart rendered by a stand-in for helm: a script that notes each run in a log beside it and
 * prints a fixed render, so an editor test can tell whether helm was run at all. The folder's
 * .kube-aegis.yaml names the script (`render.helm`).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface StandInChart {
  /** The chart's files, absolute. */
  readonly chartYaml: string;
  readonly values: string;
  readonly template: string;
  /** The command lines helm was run with, one per run. */
  runs(): string[];
}

const RENDERED = `---
# Source: web/templates/pod.yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: web
spec:
  containers:
    - name: web
      image: registry.example.com/web:1.0
      securityContext:
        privileged: true
`;

/** Writes the chart under `folder/chart`, the stand-in helm and the .kube-aegis.yaml naming it. */
export function writeStandInChart(folder: string): StandInChart {
  const chart = join(folder, 'chart');
  const log = join(folder, 'helm-runs.log');
  const files: Record<string, string> = {
    [join(chart, 'Chart.yaml')]: 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
    [join(chart, 'values.yaml')]: 'securityContext:\n  privileged: true\n',
    [join(chart, 'templates', 'pod.yaml')]: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: web\nspec:\n  containers:\n    - name: web\n      image: registry.example.com/web:1.0\n      securityContext:\n        {{- toYaml .Values.securityContext | nindent 8 }}\n',
    [join(folder, 'helm')]: `#!/bin/sh\necho "$*" >> '${log}'\ncat <<'RENDERED'\n${RENDERED}RENDERED\n`,
    [join(folder, '.kube-aegis.yaml')]: `render:\n  helm: '${join(folder, 'helm')}'\n`,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  chmodSync(join(folder, 'helm'), 0o755);
  return {
    chartYaml: join(chart, 'Chart.yaml'),
    values: join(chart, 'values.yaml'),
    template: join(chart, 'templates', 'pod.yaml'),
    runs: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []),
  };
}
