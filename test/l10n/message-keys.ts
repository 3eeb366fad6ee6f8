/**
 * The catalog keys the code uses: the literal first argument of every `t(...)` call in the
 * server (and of `l10n.t(...)` in the client), read with the TypeScript compiler. A call whose
 * first argument is not a literal is collected too, so that a test can fail on it: its key could
 * not be checked against the catalog.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { ROOT } from '../support/paths.js';
import { snippetContributions } from '../support/snippet-files.js';

export interface KeyUse {
  readonly key: string;
  readonly at: string;
}

export interface KeyScan {
  readonly keys: readonly KeyUse[];
  /** `file:line` of each call whose first argument is not a string literal. */
  readonly nonLiteral: readonly string[];
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(path, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/**
 * `isCall` says which call expressions are catalog lookups; `isDataKey` which non-literal first
 * arguments are keys that come from data the caller checks in their place.
 */
function scan(dirs: readonly string[], isCall: (callee: ts.Expression) => boolean, isDataKey: (file: string, argument: string) => boolean = () => false): KeyScan {
  const keys: KeyUse[] = [];
  const nonLiteral: string[] = [];
  for (const file of dirs.flatMap((dir) => sourceFiles(join(ROOT, dir)))) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && isCall(node.expression)) {
        const at = `${relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        const first = node.arguments[0];
        if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) keys.push({ key: first.text, at });
        else if (!(first && isDataKey(relative(ROOT, file), first.getText()))) nonLiteral.push(at);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { keys, nonLiteral };
}

/** Keys of `t(...)` in the server (engine, rules, language server, CLI, renderers) and in the generator of the manifest's texts. */
export function serverKeys(): KeyScan {
  return scan(['server/src', 'scripts'], (callee) => ts.isIdentifier(callee) && callee.text === 't');
}

/**
 * The one client lookup whose keys are data: the Quick Pick's template name and description
 * (`client/src/templates/catalog.ts`), keyed by the texts of the contributed snippet files.
 */
const TEMPLATE_TEXT_LOOKUPS: ReadonlyMap<string, ReadonlySet<string>> = new Map([[join('client', 'src', 'templates', 'catalog.ts'), new Set(['template.name', 'template.description'])]]);

/**
 * Keys of `l10n.t(...)` (VS Code's own localization) in the client, and the name and description
 * of every template of the snippet files the manifest contributes, which the client looks up.
 */
export function clientKeys(): KeyScan {
  const code = scan(
    ['client/src'],
    (callee) => ts.isPropertyAccessExpression(callee) && callee.name.text === 't' && /(^|\.)l10n$/.test(callee.expression.getText()),
    (file, argument) => TEMPLATE_TEXT_LOOKUPS.get(file)?.has(argument) ?? false,
  );
  return { keys: [...code.keys, ...snippetTexts()], nonLiteral: code.nonLiteral };
}

/** The name and (non-empty) description of every snippet of the files in `contributes.snippets`. */
export function snippetTexts(): KeyUse[] {
  return snippetContributions().flatMap(({ path }) => {
    const file = join(ROOT, path);
    const snippets = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { description?: string }>;
    const at = relative(ROOT, file);
    return Object.entries(snippets).flatMap(([name, snippet]) => [
      { key: name, at: `${at}: ${JSON.stringify(name)}` },
      ...(snippet.description ? [{ key: snippet.description, at: `${at}: ${JSON.stringify(name)} description` }] : []),
    ]);
  });
}

/** The `{0}`, `{1}`… a message names, sorted and without repeats. */
export function parametersOf(message: string): string[] {
  return [...new Set(message.match(/\{\d+\}/g) ?? [])].sort();
}
