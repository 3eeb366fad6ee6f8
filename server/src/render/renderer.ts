/**
 * Rendering a root: which program, which value sets, the cache, and unsaved editor buffers
 * (rendered from a temporary copy of the tree, so the user's files are never written).
 */
import { relative, resolve } from 'node:path';
import type { RenderConfig } from '../engine/index.js';
import { FileDigests, RenderCache, renderKey } from './cache.js';
import { renderChart, valueSetsOf, type ValueSet } from './helm.js';
import { renderKustomization } from './kustomize.js';
import { RootMirrors } from './mirror.js';
import type { RenderedDocument, RenderResult } from './output.js';
import type { RenderRoot } from './roots.js';
import { findProgram } from './run.js';
import { t } from '../l10n/t.js';

/** Defaults of the `render:` settings (documented in docs/helm-and-kustomize.md). */
export const RENDER_DEFAULTS = {
  timeoutMs: 60_000,
  releaseName: 'release-name',
  namespace: 'default',
  kubeVersion: '1.34.0',
} as const;

/** Programs named on the command line or in editor settings; they win over `.kube-aegis.yaml`. */
export interface ProgramOverrides {
  readonly helm?: string;
  readonly kustomize?: string;
}

export interface RootRender {
  readonly root: RenderRoot;
  /** Helm: the value set; undefined for a kustomization. */
  readonly valueSet?: ValueSet;
  /** Undefined when the program is missing (see `missing`). */
  readonly result?: RenderResult;
  /** The program that could not be found, as it was asked for. */
  readonly missing?: { readonly program: string; readonly configured: boolean };
  /** The result came from the cache. */
  readonly cached: boolean;
}

export interface RenderRequest {
  readonly root: RenderRoot;
  readonly config: RenderConfig;
  /** Unsaved texts of files of the root (absolute paths). */
  readonly overlays?: ReadonlyMap<string, string>;
  readonly signal?: AbortSignal;
}

export class Renderer {
  readonly cache = new RenderCache();
  /** Copies of roots with unsaved texts (kept between renders, removed by `dispose`). */
  readonly mirrors = new RootMirrors();
  private readonly digests = new FileDigests();

  constructor(private readonly overrides: ProgramOverrides = {}) {}

  /** Renders a root: a kustomization once, a chart once per value set. */
  async render(request: RenderRequest): Promise<RootRender[]> {
    const { root, config } = request;
    const program = this.programFor(root, config);
    if (!program.path) {
      const base = { root, missing: { program: program.asked, configured: program.configured }, cached: false };
      if (root.kind === 'kustomization') return [base];
      return valueSetsOf(root.dir, config.valueSets).map((valueSet) => ({ ...base, valueSet }));
    }
    const files = this.digests.of(root.owned, request.overlays);
    const digests = new Map([...files].map(([path, content]) => [path, content.digest]));
    const timeoutMs = config.timeoutMs ?? RENDER_DEFAULTS.timeoutMs;
    if (root.kind === 'kustomization') {
      const key = renderKey(['kustomize', program.path], digests);
      const known = this.cache.get(key);
      if (known) return [{ root, result: known, cached: true }];
      const dir = this.mirrors.folderFor(root, files, request.overlays);
      const result = await renderKustomization(root, { program: program.path, timeoutMs, ...(request.signal ? { signal: request.signal } : {}) }, dir);
      this.cache.set(key, result);
      return [{ root, result, cached: false }];
    }
    const out: RootRender[] = [];
    for (const valueSet of valueSetsOf(root.dir, config.valueSets)) {
      const options = {
        program: program.path,
        releaseName: config.releaseName ?? RENDER_DEFAULTS.releaseName,
        namespace: config.namespace ?? RENDER_DEFAULTS.namespace,
        kubeVersion: config.kubeVersion ?? RENDER_DEFAULTS.kubeVersion,
        timeoutMs,
        valuesFiles: valueSet.files,
        ...(request.signal ? { signal: request.signal } : {}),
      };
      const key = renderKey(['helm', options.program, options.releaseName, options.namespace, options.kubeVersion, ...valueSet.files], digests);
      const known = this.cache.get(key);
      if (known) {
        out.push({ root, valueSet, result: known, cached: true });
        continue;
      }
      const dir = this.mirrors.folderFor(root, files, request.overlays);
      const result = movedBack(await renderChart(dir, options), dir, root.dir);
      this.cache.set(key, result);
      out.push({ root, valueSet, result, cached: false });
      if (!result.ok && result.cancelled) break;
    }
    return out;
  }

  /** The program for a root: command line or editor setting, then `.kube-aegis.yaml`, then PATH. */
  programFor(root: RenderRoot, config: RenderConfig): { path?: string; asked: string; configured: boolean } {
    if (root.kind === 'chart') {
      const asked = this.overrides.helm ?? config.helm;
      const path = findProgram(asked ?? 'helm');
      return { ...(path ? { path } : {}), asked: asked ?? 'helm', configured: asked !== undefined };
    }
    const asked = this.overrides.kustomize ?? config.kustomize;
    if (asked) {
      const path = findProgram(asked);
      return { ...(path ? { path } : {}), asked, configured: true };
    }
    const path = findProgram('kustomize') ?? findProgram('kubectl');
    return { ...(path ? { path } : {}), asked: t('kustomize or kubectl'), configured: false };
  }
}

/** Document sources of a render of a copy, pointed back at the real files. */
function movedBack(result: RenderResult, builtDir: string, rootDir: string): RenderResult {
  if (builtDir === rootDir) return result;
  const back = (file: string | undefined) => (file ? resolve(rootDir, relative(builtDir, file)) : undefined);
  if (!result.ok) {
    const file = back(result.file);
    const { file: _dropped, ...rest } = result;
    void _dropped;
    return { ...rest, message: result.message.split(builtDir).join(rootDir), ...(file ? { file } : {}) };
  }
  const documents: RenderedDocument[] = result.output.documents.map((d) => {
    const { sourceFile, chartDir, ...rest } = d;
    const file = back(sourceFile);
    const chart = back(chartDir);
    return { ...rest, ...(file ? { sourceFile: file } : {}), ...(chart ? { chartDir: chart } : {}) };
  });
  return { ...result, output: { text: result.output.text, documents } };
}
