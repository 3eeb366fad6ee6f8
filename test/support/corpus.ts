/** The manifests of the shared corpora, read once. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CORPORA } from './paths.js';

export interface CorpusFile {
  /** Path relative to the corpora directory. */
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

/** Every manifest below `corpora/<corpus>`, with a leading byte-order mark removed (as the CLI does). */
export function corpusFiles(corpus: 'realworld' | 'psa-conformance'): CorpusFile[] {
  return walk(join(CORPORA, corpus), [])
    .sort()
    .map((path) => {
      const text = readFileSync(path, 'utf8');
      return { name: relative(CORPORA, path), text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
    });
}
