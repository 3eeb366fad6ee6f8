/**
 * The catalogs against the code: every key the code looks up has a Simplified Chinese entry with
 * the same parameters, every entry is still used (by a `t` call or as rule metadata), and the
 * files stay sorted with one entry per line, so that parallel changes merge cleanly.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { ROOT } from '../support/paths.js';
import { metadataTexts } from './metadata-texts.js';
import { clientKeys, parametersOf, serverKeys, snippetTexts, type KeyScan } from './message-keys.js';

const readJson = (path: string): Record<string, string> => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Record<string, string>;

/** The layout `npm run generate` and people keep: sorted keys, one `"key": "value"` per line. */
function assertSortedOnePerLine(path: string): void {
  const text = readFileSync(join(ROOT, path), 'utf8');
  const catalog = JSON.parse(text) as Record<string, string>;
  const keys = Object.keys(catalog);
  assert.deepEqual(keys, [...keys].sort(), `${path}: keys are not sorted`);
  const expected = `{\n${keys.map((k) => `  ${JSON.stringify(k)}: ${JSON.stringify(catalog[k])}`).join(',\n')}\n}\n`;
  assert.equal(text, expected, `${path}: one entry per line, two spaces of indentation, a final newline`);
}

function assertTranslated(scan: KeyScan, catalog: Record<string, string>, name: string): void {
  assert.deepEqual(scan.nonLiteral, [], `calls whose key is not a string literal (the catalog cannot be checked against them)`);
  const missing = scan.keys.filter((use) => catalog[use.key] === undefined).map((use) => `${use.at}: ${JSON.stringify(use.key)}`);
  assert.deepEqual([...new Set(missing)], [], `keys missing from ${name}`);
  const mismatched = Object.entries(catalog)
    .filter(([key, value]) => parametersOf(key).join() !== parametersOf(value).join())
    .map(([key]) => key);
  assert.deepEqual(mismatched, [], `${name}: translations whose {n} parameters differ from their key's`);
}

describe('message catalogs', () => {
  it('zh-cn has every server message, with the same parameters', () => {
    assertTranslated(serverKeys(), readJson('server/src/l10n/catalogs/zh-cn.json'), 'server/src/l10n/catalogs/zh-cn.json');
  });

  it('zh-cn holds no entry that neither the code nor rule metadata uses', () => {
    const used = new Set([...serverKeys().keys.map((use) => use.key), ...metadataTexts(ALL_RULES)]);
    const stale = Object.keys(readJson('server/src/l10n/catalogs/zh-cn.json')).filter((key) => !used.has(key));
    assert.deepEqual(stale, []);
  });

  it('the client bundle has every client message, and nothing else', () => {
    const scan = clientKeys();
    const bundle = readJson('client/l10n/bundle.l10n.zh-cn.json');
    assertTranslated(scan, bundle, 'client/l10n/bundle.l10n.zh-cn.json');
    const used = new Set(scan.keys.map((use) => use.key));
    assert.deepEqual(Object.keys(bundle).filter((key) => !used.has(key)), [], 'stale entries in client/l10n/bundle.l10n.zh-cn.json');
  });

  it('the client bundle has the name and description of every secure template (data, not literals)', () => {
    const texts = snippetTexts();
    assert.ok(texts.some((use) => use.key === 'Secure Deployment'), 'the snippet files are read');
    const bundle = readJson('client/l10n/bundle.l10n.zh-cn.json');
    const missing = texts.filter((use) => bundle[use.key] === undefined).map((use) => use.at);
    assert.deepEqual(missing, [], 'template texts missing from client/l10n/bundle.l10n.zh-cn.json');
    assert.ok(clientKeys().keys.some((use) => use.key === 'Secure Deployment'), 'the template texts count as client keys, so their entries are not stale');
  });

  it('package.nls files name every %key% of the manifest, in English and Simplified Chinese', () => {
    const manifest = readFileSync(join(ROOT, 'package.json'), 'utf8');
    const referenced = [...new Set([...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]!))].sort();
    const english = readJson('package.nls.json');
    const chinese = readJson('package.nls.zh-cn.json');
    assert.deepEqual(Object.keys(english).sort(), referenced, 'package.nls.json: keys differ from the %key% references of package.json');
    assert.deepEqual(Object.keys(chinese).sort(), referenced, 'package.nls.zh-cn.json: keys differ from the %key% references of package.json');
    assert.ok(referenced.length > 0, 'the manifest refers to no package.nls key');
  });

  for (const path of ['server/src/l10n/catalogs/zh-cn.json', 'client/l10n/bundle.l10n.zh-cn.json', 'package.nls.json', 'package.nls.zh-cn.json']) {
    it(`${path} is sorted, one entry per line`, () => assertSortedOnePerLine(path));
  }
});
