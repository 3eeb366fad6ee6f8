// The display language of a test VS Code. VS Code shows a language other than English only when
// `languagepacks.json` in its user data folder names a language pack for it whose translations
// include VS Code's own texts (`vscode`); otherwise `--locale` is ignored and the workbench, and
// `vscode.env.language`, stay English. A desktop VS Code writes that file when a language-pack
// extension is installed; code-server's `--install-extension` does not (its command line never
// starts the language pack service that does it), so the tests write it here, the same way, from
// the small language pack in test/vscode/fixtures/language-pack-<locale>/.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'vscode', 'fixtures');

/** The folder of the test language pack for `locale`. */
export function languagePackFolder(locale) {
  return path.join(FIXTURES, `language-pack-${locale.toLowerCase()}`);
}

/**
 * Writes `languagepacks.json` into the user data folder so that VS Code started with
 * `--locale <locale>` shows that language. Throws when there is no test language pack for it.
 */
export function useLanguagePack(userDataFolder, locale) {
  const folder = languagePackFolder(locale);
  const manifestFile = path.join(folder, 'package.json');
  if (!existsSync(manifestFile)) throw new Error(`no language pack for the display language ${locale} (looked for ${folder})`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const extensionIdentifier = { id: `${manifest.publisher}.${manifest.name}`.toLowerCase() };
  const localization = manifest.contributes.localizations.find((entry) => entry.languageId === locale.toLowerCase());
  if (!localization?.translations.some((translation) => translation.id === 'vscode')) {
    throw new Error(`${manifestFile} has no translation of VS Code's texts for ${locale}`);
  }
  const entry = {
    // VS Code keys its cache of generated messages (user data/clp/<hash>.<locale>) by this hash of
    // the packs' ids and versions: a new version of the pack is a new cache.
    hash: createHash('md5').update(extensionIdentifier.id).update(manifest.version).digest('hex'),
    extensions: [{ extensionIdentifier, version: manifest.version }],
    translations: Object.fromEntries(localization.translations.map((translation) => [translation.id, path.join(folder, translation.path)])),
    label: localization.localizedLanguageName ?? localization.languageName,
  };
  writeFileSync(path.join(userDataFolder, 'languagepacks.json'), JSON.stringify({ [localization.languageId]: entry }));
}
