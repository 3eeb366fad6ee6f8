/**
 * `kustomize build` or `kubectl kustomize` on a kustomization, with origin annotations: the root
 * is built through a throw-away kustomization that lists it as its only resource and asks for
 * `buildMetadata: [originAnnotations]`, so the user's files are never changed. Each object of the
 * output then names the resource file it came from (`config.kubernetes.io/origin`); patches are
 * not recorded there (see engine/origins.ts for how they are found).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { firstErrorLine, splitStream, type RenderedDocument, type RenderResult } from './output.js';
import type { RenderRoot } from './roots.js';
import { runProgram } from './run.js';
import { t } from '../l10n/t.js';

export interface KustomizeOptions {
  /** `kustomize` (run as `kustomize build`) or `kubectl` (run as `kubectl kustomize`). */
  readonly program: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export async function renderKustomization(root: RenderRoot, options: KustomizeOptions, dir: string = root.dir): Promise<RenderResult> {
  if (root.remote.length) {
    return { ok: false, message: t('remote resources are not fetched: {0} (vendor them into the repository to have this kustomization checked)', root.remote.join(', ')), file: root.manifest, ms: 0 };
  }
  const wrapper = mkdtempSync(join(tmpdir(), 'kube-aegis-kustomize-'));
  try {
    writeFileSync(join(wrapper, 'kustomization.yaml'), `resources:\n- ${JSON.stringify(relative(wrapper, dir))}\nbuildMetadata: [originAnnotations]\n`);
    const args = isKubectl(options.program) ? ['kustomize', wrapper] : ['build', wrapper];
    const run = await runProgram(options.program, args, { cwd: wrapper, timeoutMs: options.timeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
    if (run.cancelled) return { ok: false, message: 'cancelled', ms: run.ms, cancelled: true };
    if (run.timedOut) return { ok: false, message: t('kustomize did not finish within {0} ms', options.timeoutMs), ms: run.ms };
    if (run.code !== 0) {
      const message = firstErrorLine(run.stderr).split(wrapper).join('.');
      return { ok: false, message, file: root.manifest, ms: run.ms };
    }
    return { ok: true, output: { text: run.stdout, documents: kustomizeDocuments(run.stdout, wrapper, root.dir, dir) }, ms: run.ms, cpuMs: run.cpuMs };
  } finally {
    rmSync(wrapper, { recursive: true, force: true });
  }
}

export function isKubectl(program: string): boolean {
  return /^kubectl(\.exe)?$/i.test(basename(program));
}

const ORIGIN = /config\.kubernetes\.io\/origin: [|>][-+]?\r?\n[ \t]+(path|configuredIn): (.+)/;

/**
 * Splits the build output into documents and reads each one's origin. Paths in the annotation are
 * relative to the folder built (the throw-away one); when the build ran on a copy of the tree
 * (`builtDir`, for unsaved editor buffers) they are moved back to the real root.
 */
export function kustomizeDocuments(text: string, wrapper: string, rootDir: string, builtDir: string = rootDir): RenderedDocument[] {
  return splitStream(text).map((range) => {
    const match = ORIGIN.exec(text.slice(range.start, range.end));
    if (!match) return { ...range, sourceName: '' };
    const built = resolve(wrapper, unquote(match[2]!.trim()));
    const file = builtDir === rootDir ? built : resolve(rootDir, relative(builtDir, built));
    return { ...range, sourceName: match[2]!.trim(), sourceFile: file };
  });
}

function unquote(value: string): string {
  return /^(['"]).*\1$/.test(value) ? value.slice(1, -1) : value;
}
