/** The manifests of a corpus, read once: the PSA fixtures of the repository, or a big corpus when present. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { corpusDir } from './corpora.js';
import { PSA_FIXTURES } from './paths.js';

export interface CorpusFile {
  /** Path relative to the corpus's parent folder (`realworld/...`, `psa-conformance/...`). */
  readonly name: string;
  readonly text: string;
}

const MANIFEST = /\.(ya?ml|json)$/;

function walk(dir: string, out: string[]): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (MANIFEST.test(entry.name)) out.push(path);
  }
  return out;
}

/**
 * Every manifest of the corpus, with a leading byte-order mark removed (as the CLI does); none
 * when `realworld` is not here (tests guard with `corpusSkip('realworld')`).
 */
export function corpusFiles(corpus: 'realworld' | 'psa-conformance'): CorpusFile[] {
  const dir = corpus === 'psa-conformance' ? PSA_FIXTURES : corpusDir(corpus);
  if (!dir) return [];
  return walk(dir, [])
    .sort()
    .map((path) => {
      const text = readFileSync(path, 'utf8');
      return { name: relative(join(dir, '..'), path), text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
    });
}
