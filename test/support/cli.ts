/** Running the built `kube-aegis` command on throw-away directories. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';
import { ROOT } from './paths.js';

export const CLI = join(ROOT, 'bin', 'kube-aegis.js');

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `kube-aegis <args>` in `cwd`, with `input` on standard input (NO_COLOR set unless `env` says otherwise). */
export function runCli(args: readonly string[], options: { cwd: string; input?: string; env?: NodeJS.ProcessEnv }): CliRun {
  if (!existsSync(join(ROOT, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    // English unless a test asks for a language: the machine's own locale must not change the output.
    env: { ...process.env, NO_COLOR: '1', LC_ALL: '', LC_MESSAGES: '', LANG: 'C', ...options.env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A temporary directory holding `files` (relative path -> content), removed after the tests. */
export function tempProject(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kube-aegis-cli-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export const readText = (dir: string, path: string): string => readFileSync(join(dir, path), 'utf8');

export interface JsonFinding {
  readonly ruleId: string;
  readonly severity: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly fixable: boolean;
  /** A fix exists that `--fix` does not apply (unsafe, or left to a person). */
  readonly suggestedFix: boolean;
}

/** Findings of `--format json` output, as `path:line ruleId` strings and the raw objects. */
export function jsonFindings(stdout: string): { path: string; finding: JsonFinding }[] {
  const parsed = JSON.parse(stdout) as { files: { path: string; findings: JsonFinding[] }[] };
  return parsed.files.flatMap((file) => file.findings.map((finding) => ({ path: file.path, finding })));
}

/** Rule ids reported, per `path:line`, sorted: a compact thing to compare in tests. */
export function findingKeys(stdout: string): string[] {
  return jsonFindings(stdout).map(({ path, finding }) => `${path}:${finding.line} ${finding.ruleId}`).sort();
}

/** 1-based number of the first line of `text` that contains `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`"${needle}" is not in the text`);
  return index + 1;
}

/**
 * A pod hardened against every Pod Security Standards control and hygiene rule, so that it
 * stays silent as rules are added; tests derive their bad inputs from it.
 */
export const QUIET_POD = `apiVersion: v1
kind: Pod
metadata:
  name: app
  namespace: shop
spec:
  automountServiceAccountToken: false
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: app
      image: example.com/app:1.0.0
      resources:
        requests: {cpu: 100m, memory: 64Mi}
        limits: {cpu: 200m, memory: 128Mi}
      securityContext:
        privileged: false
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities:
          drop: [ALL]
---
# Isolates the pods of the namespace (cross-file rules look for one).
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;
/** The quiet pod with one error: a privileged container (a PSS baseline control). */
export const PRIVILEGED_POD = QUIET_POD.replace('privileged: false', 'privileged: true');
/** The quiet pod with one warning (a hygiene rule, outside the PSS): an image without a tag. */
export const UNTAGGED_POD = QUIET_POD.replace('example.com/app:1.0.0', 'example.com/app');
