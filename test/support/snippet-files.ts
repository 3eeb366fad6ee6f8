/**
 * The snippet files the manifest contributes, per display language: package.json names them by a
 * `%key%` that package.nls.json (English) and package.nls.<locale>.json resolve, as VS Code does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.js';

export interface SnippetContribution {
  readonly language: string;
  /** Relative to the repository root, as VS Code resolves it for `locale`. */
  readonly path: string;
}

export function snippetContributions(locale: 'en' | 'zh-cn' = 'en'): SnippetContribution[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { snippets: SnippetContribution[] } };
  const texts = JSON.parse(readFileSync(join(ROOT, locale === 'en' ? 'package.nls.json' : `package.nls.${locale}.json`), 'utf8')) as Record<string, string>;
  return manifest.contributes.snippets.map(({ language, path }) => {
    const resolved = path.startsWith('%') && path.endsWith('%') ? texts[path.slice(1, -1)] : path;
    if (resolved === undefined) throw new Error(`package.nls: no text for ${path}`);
    return { language, path: resolved };
  });
}
