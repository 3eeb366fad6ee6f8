/**
 * Where the material that does not live in the repository is: the big corpora (realworld Kubernetes
 * manifests, Helm charts, Kustomize trees, the full Kubernetes JSON schemas) and the shared tools.
 *
 * A clone of the repository alone has none of it, and `npm test` must pass there: the tests that
 * need a corpus are skipped with `corpusSkip(name)` as their reason, and `scripts/test.mjs` ends
 * the run with one line naming what was skipped (`skippedCorporaLine`).
 *
 * Looked up, first found wins:
 *   $KUBE_AEGIS_CORPORA             a folder holding realworld/, helm/, kustomize/, ...
 *   $KUBE_AEGIS_SHARED/corpora      the shared material folder (its tools/ are found there too)
 *   <repo>/../shared/corpora        the shared material beside the repository
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** The shared material folder (corpora and tools), whether it exists or not. */
export const SHARED = process.env.KUBE_AEGIS_SHARED ?? join(ROOT, '..', 'shared');
/** The corpora folder, whether it exists or not. */
export const CORPORA = process.env.KUBE_AEGIS_CORPORA ?? join(SHARED, 'corpora');

/** The corpora that tests read when present. */
export const CORPUS_NAMES = ['realworld', 'helm', 'kustomize', 'k8s-json-schema'] as const;
export type CorpusName = (typeof CORPUS_NAMES)[number];

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** The folder of `name`, or undefined when it is not here. */
export function corpusDir(name: CorpusName): string | undefined {
  const dir = join(CORPORA, name);
  return isDirectory(dir) ? dir : undefined;
}

/** For node:test's `skip` option: false when `name` is here, else why the test does not run. */
export function corpusSkip(name: CorpusName): string | false {
  return corpusDir(name) ? false : `corpus ${name}/ not found in ${CORPORA} (set KUBE_AEGIS_CORPORA to run it)`;
}

/** A shared tool (`tools/<path>`), or undefined when it is not here. */
export function sharedTool(path: string): string | undefined {
  const file = join(SHARED, 'tools', path);
  return existsSync(file) ? file : undefined;
}

/** Shared tools that tests run when present. */
export const SHARED_TOOLS = ['nvim-lsp/lsp-check'] as const;

/** One line for the end of a test run, or undefined when every corpus and tool was there. */
export function skippedMaterialLine(): string | undefined {
  const missing = [
    ...CORPUS_NAMES.filter((name) => !corpusDir(name)).map((name) => `corpus ${name}`),
    ...SHARED_TOOLS.filter((tool) => !sharedTool(tool)).map((tool) => `tool ${tool}`),
  ];
  if (missing.length === 0) return undefined;
  return `Skipped the tests that need what is not here (${missing.join(', ')}): looked in ${CORPORA} and ${join(SHARED, 'tools')}; set KUBE_AEGIS_CORPORA or KUBE_AEGIS_SHARED to run them.`;
}
