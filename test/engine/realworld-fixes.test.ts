/**
 * Fix safety on real manifests: every safe fix of every rule, applied to every file of the
 * realworld corpus, leaves YAML that parses, objects that are as valid as before against the
 * Kubernetes schemas, comments that are all still there, and nothing more to fix.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { Analyzer, DEFAULT_CONFIG, fixAll, mergeConfig } from '../../server/src/engine/index.js';
import { objectsOf } from '../../server/src/engine/k8s.js';
import { toPlain } from '../../server/src/engine/model.js';
import { parseSection, splitSections } from '../../server/src/engine/parse.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { k8sSchemaErrors } from '../support/k8s-schema.js';
import { corpusDir, corpusSkip } from '../support/corpora.js';

const REALWORLD = corpusDir('realworld');
// Every rule on, including those off by default, so that every fix is exercised.
const EVERYTHING = mergeConfig(DEFAULT_CONFIG, { rules: Object.fromEntries(ALL_RULES.map((r) => [r.meta.id, r.meta.severity])) });

function corpusFiles(): string[] {
  if (!REALWORLD) return [];
  return readFileSync(join(REALWORLD, 'INDEX.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t')[0]!)
    .filter((path) => path && /\.(ya?ml|json)$/.test(path));
}

function schemaErrorsByObject(text: string): Map<string, number> {
  const out = new Map<string, number>();
  splitSections(text).forEach((section, index) => {
    const parsed = parseSection(section.text);
    for (const object of parsed.error ? [] : parsed.roots.flatMap(objectsOf)) {
      const errors = k8sSchemaErrors(toPlain(object.node) as { apiVersion: string; kind: string });
      if (errors) out.set(`${index}/${object.kind}/${object.name ?? ''}`, errors.length);
    }
  });
  return out;
}

const duplicateKeys = (text: string) => parseAllDocuments(text, { merge: true, uniqueKeys: true }).flatMap((d) => ('errors' in d ? d.errors : [])).filter((e) => e.code === 'DUPLICATE_KEY').length;
const comments = (text: string) => (text.match(/(^|\s)#.*$/gm) ?? []).map((c) => c.trim()).sort();

describe('fixes on the realworld corpus', { skip: corpusSkip('realworld') }, () => {
  for (const file of corpusFiles()) {
    it(file, () => {
      const text = readFileSync(join(REALWORLD!, file), 'utf8');
      const syntaxBefore = new Analyzer(ALL_RULES, EVERYTHING).analyze(text).findings.filter((f) => f.ruleId === 'yaml-syntax').length;
      const fixed = fixAll(text, ALL_RULES, EVERYTHING);
      if (fixed.text === text) return;
      const after = new Analyzer(ALL_RULES, EVERYTHING).analyze(fixed.text).findings;
      assert.equal(after.filter((f) => f.ruleId === 'yaml-syntax').length, syntaxBefore, 'fixes broke the YAML');
      assert.equal(duplicateKeys(fixed.text), duplicateKeys(text), 'fixes wrote a key twice');
      assert.deepEqual(after.filter((f) => f.fixes.some((x) => x.safe)).map((f) => `${f.ruleId}: ${f.message}`), [], 'safe fixes left behind');
      assert.equal(fixAll(fixed.text, ALL_RULES, EVERYTHING).text, fixed.text, 'fixing again changed the text');
      const before = schemaErrorsByObject(text);
      for (const [object, count] of schemaErrorsByObject(fixed.text)) {
        assert.ok(count <= (before.get(object) ?? 0), `${object} has new schema errors after fixing`);
      }
      for (const comment of comments(text)) assert.ok(fixed.text.includes(comment), `comment lost: ${comment}`);
    });
  }
});
