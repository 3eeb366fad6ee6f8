/**
 * Running a renderer program: no shell, a time limit, bounded output, and an environment that
 * keeps helm and kustomize from loading plugins, reaching a cluster or fetching anything.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The time limit ended the run. */
  readonly timedOut: boolean;
  /** The run was cancelled through its signal. */
  readonly cancelled: boolean;
  readonly ms: number;
  /**
   * This process's CPU time while the program ran: starting it and reading its output (and, in
   * a busy process, whatever else ran meanwhile). The program's own CPU time is not in it.
   */
  readonly cpuMs: number;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** Rendered output beyond this is cut off and the run reported as failed (a runaway template). */
const MAX_OUTPUT = 64 * 1024 * 1024;

export async function runProgram(program: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const startedCpu = process.cpuUsage();
  return new Promise((resolve) => {
    const child = spawn(program, [...args], { cwd: options.cwd, env: sealedEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let timedOut = false;
    let cancelled = false;
    const stop = () => child.kill('SIGKILL');
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    const onAbort = () => {
      cancelled = true;
      stop();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT) stop();
      else into.push(chunk);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    const finish = (code: number | null, spawnError?: Error) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      const stderr = spawnError ? spawnError.message : Buffer.concat(err).toString('utf8');
      const tooLarge = size > MAX_OUTPUT ? `output larger than ${MAX_OUTPUT} bytes; stopped\n` : '';
      const stdout = Buffer.concat(out).toString('utf8');
      const cpu = process.cpuUsage(startedCpu);
      resolve({ code, stdout, stderr: tooLarge + stderr, timedOut, cancelled, ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 });
    };
    child.on('error', (error) => finish(null, error));
    child.on('close', (code) => finish(code));
  });
}

let sealedHome: string | undefined;

/**
 * The environment renderers run with: PATH and locale from ours, everything else of helm and
 * kustomize pointed at an empty folder of our own (no plugins, no repositories, no kubeconfig),
 * and proxies that lead nowhere, so a remote base or chart is reported as an error instead of
 * being downloaded.
 */
export function sealedEnvironment(): NodeJS.ProcessEnv {
  sealedHome ??= makeSealedHome();
  const nowhere = 'http://127.0.0.1:9';
  return {
    PATH: process.env.PATH ?? '',
    LANG: process.env.LANG ?? 'C.UTF-8',
    HOME: sealedHome,
    TMPDIR: tmpdir(),
    HELM_NO_PLUGINS: '1',
    HELM_PLUGINS: join(sealedHome, 'plugins'),
    HELM_CACHE_HOME: join(sealedHome, 'cache'),
    HELM_CONFIG_HOME: join(sealedHome, 'config'),
    HELM_DATA_HOME: join(sealedHome, 'data'),
    KUBECONFIG: join(sealedHome, 'kubeconfig'),
    HTTP_PROXY: nowhere,
    HTTPS_PROXY: nowhere,
    http_proxy: nowhere,
    https_proxy: nowhere,
    NO_PROXY: '',
    no_proxy: '',
    GIT_ALLOW_PROTOCOL: 'file',
    GIT_TERMINAL_PROMPT: '0',
    KUSTOMIZE_PLUGIN_HOME: join(sealedHome, 'plugins'),
  };
}

function makeSealedHome(): string {
  const home = join(tmpdir(), `kube-aegis-render-${process.getuid?.() ?? 'user'}`);
  mkdirSync(join(home, 'plugins'), { recursive: true });
  writeFileSync(join(home, 'kubeconfig'), '');
  return home;
}

/** The program's path: as given when it names a file, else the first match on PATH. */
export function findProgram(name: string): string | undefined {
  if (name.includes('/') || isAbsolute(name)) return existsSync(name) ? name : undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
