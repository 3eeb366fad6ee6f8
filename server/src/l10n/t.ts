// Every sentence a person reads goes through `t`: the English text is the catalog key (as in
// VS Code's own l10n), `{0}`, `{1}`… are parameters, so a translation may reorder them. Keys
// must be string literals at the call site, so that the catalogs can be checked against the code.
import zhCn from './catalogs/zh-cn.json';

export type Locale = 'en' | 'zh-cn';
export type Catalog = Readonly<Record<string, string>>;

const catalogs: Readonly<Record<Locale, Catalog>> = { en: {}, 'zh-cn': zhCn };

let active: Catalog = catalogs.en;
let activeLocale: Locale = 'en';

/** Selects the language of every later `t` call; any locale but Simplified Chinese is English. */
export function setLocale(locale: string | undefined): Locale {
  activeLocale = toLocale(locale);
  active = catalogs[activeLocale];
  return activeLocale;
}

/**
 * Tests only: every later lookup goes to `catalog` (a pseudo-locale, say), until `undefined`
 * puts back the catalog of the active locale.
 */
export function useCatalogForTesting(catalog: Catalog | undefined): void {
  active = catalog ?? catalogs[activeLocale];
}

export function currentLocale(): Locale {
  return activeLocale;
}

/** `zh-CN`, `zh_CN.UTF-8`, `zh-Hans`, `zh-cn` → zh-cn; anything else → en. */
export function toLocale(locale: string | undefined): Locale {
  const tag = (locale ?? '').toLowerCase().replace(/_/g, '-').split('.')[0]!;
  return tag === 'zh' || tag.startsWith('zh-cn') || tag.startsWith('zh-hans') || tag.startsWith('zh-sg') ? 'zh-cn' : 'en';
}

/** The message in the active language, parameters put in place. */
export function t(message: string, ...args: ReadonlyArray<string | number>): string {
  return format(active[message] ?? message, args);
}

/**
 * A text that comes from data rather than a literal at the call site (a rule's title, rationale,
 * remediation…): looked up in the same catalog, with the same parameters.
 */
export function translateText(text: string, ...args: ReadonlyArray<string | number>): string {
  return format(active[text] ?? text, args);
}

/** `a`, `a or b`, `a, b or c` in the active language. */
export function listOr(items: readonly string[]): string {
  return joinList(items, (rest, last) => t('{0} or {1}', rest, last));
}

/** `a`, `a and b`, `a, b and c` in the active language. */
export function listAnd(items: readonly string[]): string {
  return joinList(items, (rest, last) => t('{0} and {1}', rest, last));
}

function joinList(items: readonly string[], joinLast: (rest: string, last: string) => string): string {
  if (items.length <= 1) return items[0] ?? '';
  const rest = items.slice(0, -1).reduce((list, item) => t('{0}, {1}', list, item));
  return joinLast(rest, items[items.length - 1]!);
}

function format(template: string, args: ReadonlyArray<string | number>): string {
  if (args.length === 0) return template;
  let out = '';
  let from = 0;
  for (let open = template.indexOf('{', from); open !== -1; open = template.indexOf('{', from)) {
    const close = template.indexOf('}', open);
    if (close === -1) break;
    const index = Number(template.slice(open + 1, close));
    if (!Number.isInteger(index) || index < 0 || index >= args.length || close === open + 1) {
      out += template.slice(from, open + 1);
      from = open + 1;
      continue;
    }
    out += template.slice(from, open) + String(args[index]);
    from = close + 1;
  }
  return flat(out + template.slice(from));
}

/**
 * `text` as one string rather than the chain of pieces it was joined from: a sentence is often
 * kept for long (a finding's message), and its pieces take two or three times its own size.
 * Reading a character makes V8 copy a joined string into one; the garbage collector then drops
 * the pieces.
 */
export function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}
