/**
 * Writes everything that is derived from rule metadata and rule code:
 *   server/src/rules/index.ts                 the rule registry (one import per rule file)
 *   docs/rules/<id>.md, docs/rules/README.md  rule documentation
 *   docs/rules/zh-cn/…                        the same in Simplified Chinese
 *   schemas/kube-aegis-config.schema.json     the `.kube-aegis.yaml` schema
 *   package.json contributes.configuration    the editor settings, with `%key%` references to
 *   package.nls.json, package.nls.zh-cn.json  their texts (and the manifest's) in English and Chinese
 *   README.md (between markers)               the rule table
 *   snippets/kubernetes.json (three entries)  the templates behind the namespace rules' actions
 *   snippets/zh-cn/*.json                     the snippet files with Chinese names and descriptions
 *   docs/accuracy.md                          agreement with other linters' fixtures (scripts/agreement.ts)
 *
 * `--check` writes nothing and exits 1 when any of them is out of date (the test suite runs it).
 */
import { readdirSync, readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { measureAgreement, renderAccuracyDoc } from './agreement.js';
import { localizeManifest, nlsFile, snippetFileOf, translatedSnippets } from './manifest-nls.js';
import { renderConfigSchema, renderRuleDoc, renderRuleIndex, renderRulesPage, renderRuleTable } from './render-docs.js';
import type { Locale } from '../server/src/l10n/t.js';

const root = join(__dirname, '..');
/** Where each language's rule pages go. */
const DOC_LOCALES: ReadonlyArray<readonly [string, Locale]> = [
  ['docs/rules', 'en'],
  ['docs/rules/zh-cn', 'zh-cn'],
];
const check = process.argv.includes('--check');
const stale: string[] = [];

function emit(relative: string, content: string): void {
  const path = join(root, relative);
  const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (current === content) return;
  if (check) {
    stale.push(relative);
    return;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  console.log(`wrote ${relative}`);
}

async function main(): Promise<void> {
  const ruleFiles = readdirSync(join(root, 'server/src/rules'))
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .map((f) => f.slice(0, -3))
    .sort();
  emit('server/src/rules/index.ts', renderRuleIndex(ruleFiles));

  // Load the rules from their files (not the index, which may be the stale thing being fixed).
  const rules = [];
  for (const file of ruleFiles) {
    const module = await import(join(root, 'server/src/rules', `${file}.ts`));
    const rule = module.default?.default ?? module.default;
    if (rule.meta.id !== file) throw new Error(`rule file ${file}.ts declares id ${rule.meta.id}`);
    rules.push(rule);
  }
  for (const [folder, locale] of DOC_LOCALES) {
    for (const rule of rules) emit(`${folder}/${rule.meta.id}.md`, renderRuleDoc(rule.meta, locale));
    emit(`${folder}/README.md`, renderRulesPage(rules.map((r) => r.meta), locale));
  }
  emit('schemas/kube-aegis-config.schema.json', `${JSON.stringify(renderConfigSchema(rules.map((r) => r.meta)), null, 2)}\n`);

  const pkgPath = 'package.json';
  const pkg = JSON.parse(readFileSync(join(root, pkgPath), 'utf8'));
  const { manifest, english, chinese } = localizeManifest(pkg, rules.map((r) => r.meta));
  emit(pkgPath, `${JSON.stringify(manifest, null, 2)}\n`);
  emit('package.nls.json', nlsFile(english));
  emit('package.nls.zh-cn.json', nlsFile(chinese));

  const readmePath = 'README.md';
  if (existsSync(join(root, readmePath))) {
    const readme = readFileSync(join(root, readmePath), 'utf8');
    const begin = '<!-- rules:begin -->';
    const end = '<!-- rules:end -->';
    const from = readme.indexOf(begin);
    const to = readme.indexOf(end);
    if (from >= 0 && to > from) {
      emit(readmePath, `${readme.slice(0, from + begin.length)}\n${renderRuleTable(rules.map((r) => r.meta), 'docs/rules/')}${readme.slice(to)}`);
    }
  }

  // The snippets of the namespace rules' templates are written from the templates, in place,
  // so that the template command and the code actions offer one text.
  const snippetsPath = 'snippets/kubernetes.json';
  const snippets = JSON.parse(readFileSync(join(root, snippetsPath), 'utf8'));
  const { TENANCY_TEMPLATES, snippetOf } = await import(join(root, 'server/src/rules/lib/tenancy-templates.ts'));
  for (const template of TENANCY_TEMPLATES) snippets[template.snippet.name] = snippetOf(template);
  emit(snippetsPath, `${JSON.stringify(snippets, null, 2)}\n`);
  // VS Code reads no translation for a snippet file: the Chinese copies carry the names and
  // descriptions of the client's bundle (the template picker's texts), bodies unchanged.
  const bundle = JSON.parse(readFileSync(join(root, 'client/l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
  for (const entry of (manifest.contributes as { snippets: { path: string }[] }).snippets) {
    const file = `${snippetFileOf(entry.path)}.json`;
    const english = `snippets/${file}` === snippetsPath ? snippets : JSON.parse(readFileSync(join(root, 'snippets', file), 'utf8'));
    emit(`snippets/zh-cn/${file}`, `${JSON.stringify(translatedSnippets(english, bundle, file), null, 2)}\n`);
  }

  // Measured, not typed: the figures change with the rules' code as well as their metadata.
  emit('docs/accuracy.md', renderAccuracyDoc(measureAgreement(rules)));

  if (check && stale.length) {
    console.error(`generated files are out of date: ${stale.join(', ')}\nrun: npm run generate`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
