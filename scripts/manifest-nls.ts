/**
 * The extension manifest in two languages. package.json holds `%key%` references where VS Code
 * lets a manifest text be localized (the description, command titles, the untrusted-workspace
 * note, setting descriptions, enum descriptions and deprecation messages, and the snippet files'
 * paths, so that each language has its own snippet files); package.nls.json holds
 * the English texts and package.nls.zh-cn.json the Simplified Chinese ones, both rendered from the
 * same code through the message catalog.
 */
import type { RuleMeta } from '../server/src/engine/rule.js';
import { setLocale, type Locale } from '../server/src/l10n/t.js';
import { manifestTexts, renderSettings } from './render-docs.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Texts = Record<string, string>;

export interface LocalizedManifest {
  readonly manifest: { [key: string]: Json };
  readonly english: Texts;
  readonly chinese: Texts;
}

/** Setting fields whose text VS Code shows and a package.nls file may replace. */
const LOCALIZABLE_FIELDS = new Set(['description', 'markdownDescription', 'deprecationMessage', 'markdownDeprecationMessage']);

export function localizeManifest(pkg: { [key: string]: Json }, metas: readonly RuleMeta[]): LocalizedManifest {
  const render = (locale: Locale) => {
    setLocale(locale);
    try {
      return { settings: renderSettings(metas) as Json, texts: manifestTexts() };
    } finally {
      setLocale('en');
    }
  };
  const en = render('en');
  const zh = render('zh-cn');
  const english: Texts = {};
  const chinese: Texts = {};
  const reference = (key: string, englishText: string, chineseText: string): string => {
    english[key] = englishText;
    chinese[key] = chineseText;
    return `%${key}%`;
  };
  const contributes = pkg.contributes as { [key: string]: Json };
  const commands = (contributes.commands as { [key: string]: Json }[]).map((entry) => {
    const id = String(entry.command);
    const title = en.texts.commands[id];
    if (title === undefined) throw new Error(`no title for command ${id}: add it to manifestTexts() in scripts/render-docs.ts`);
    return { ...entry, title: reference(`command.${id}.title`, title, zh.texts.commands[id]!) };
  });
  const capabilities = pkg.capabilities as { [key: string]: { [key: string]: Json } };
  // A snippet file cannot be localized, but its path can: each language has its own copy
  // (`snippets/<locale>/`, written by `npm run generate` with the names and descriptions translated).
  const snippets = (contributes.snippets as { [key: string]: Json }[]).map((entry) => {
    const file = snippetFileOf(String(entry.path));
    return { ...entry, path: reference(`snippets.${file}.path`, `./snippets/${file}.json`, `./snippets/zh-cn/${file}.json`) };
  });
  const manifest = {
    ...pkg,
    description: reference('description', en.texts.description, zh.texts.description),
    capabilities: {
      ...capabilities,
      untrustedWorkspaces: { ...capabilities.untrustedWorkspaces, description: reference('capabilities.untrustedWorkspaces.description', en.texts.untrustedWorkspaces, zh.texts.untrustedWorkspaces) },
    },
    contributes: { ...contributes, commands, snippets, configuration: withReferences(en.settings, zh.settings, 'configuration', reference) },
  };
  return { manifest, english, chinese };
}

/** The snippet file's name without `.json`, from its English path or from the `%key%` that replaced it. */
export function snippetFileOf(path: string): string {
  const reference = '%snippets.';
  if (path.startsWith(reference)) return path.slice(reference.length, -'.path%'.length);
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.endsWith('.json') ? name.slice(0, -'.json'.length) : name;
}

/** `english` with its localizable texts replaced by references; keys follow the setting names. */
function withReferences(english: Json, chinese: Json, key: string, reference: (key: string, english: string, chinese: string) => string): Json {
  if (Array.isArray(english)) return english.map((item, i) => withReferences(item, (chinese as Json[])[i]!, `${key}.${i}`, reference));
  if (english === null || typeof english !== 'object') return english;
  const other = chinese as { [key: string]: Json };
  return Object.fromEntries(
    Object.entries(english).map(([name, value]): [string, Json] => {
      // `properties` is left out of the keys: `configuration.kubeAegis.rules.<rule id>.description`.
      const at = name === 'properties' ? key : `${key}.${name}`;
      if (typeof value === 'string' && LOCALIZABLE_FIELDS.has(name)) return [name, reference(at, value, String(other[name]))];
      if (name === 'enumDescriptions' && Array.isArray(value)) {
        const values = (english.enum ?? []) as Json[];
        return [name, value.map((text, i) => reference(`${at}.${String(values[i])}`, String(text), String((other[name] as Json[])[i])))];
      }
      return [name, withReferences(value, other[name]!, at, reference)];
    }),
  );
}

interface Snippet {
  readonly description?: string;
  readonly [field: string]: unknown;
}

/** `snippets` with each name and description taken from `bundle` (English text to translation); a missing one is an error. */
export function translatedSnippets(snippets: Record<string, Snippet>, bundle: Record<string, string>, file: string): Record<string, Snippet> {
  const translate = (text: string): string => {
    const translated = bundle[text];
    if (translated === undefined) throw new Error(`${file}: no translation of ${JSON.stringify(text)} in client/l10n/bundle.l10n.zh-cn.json`);
    return translated;
  };
  return Object.fromEntries(
    Object.entries(snippets).map(([name, snippet]) => [translate(name), snippet.description ? { ...snippet, description: translate(snippet.description) } : snippet]),
  );
}

/** A package.nls file: sorted keys, one per line. */
export function nlsFile(texts: Texts): string {
  const keys = Object.keys(texts).sort();
  return `{\n${keys.map((k) => `  ${JSON.stringify(k)}: ${JSON.stringify(texts[k])}`).join(',\n')}\n}\n`;
}
