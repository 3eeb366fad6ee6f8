/**
 * Fix-all never corrupts a file. Over the realworld corpus, the Pod Security Admission fixtures
 * and fuzzed manifests: the fixed text parses wherever the input did, holds no duplicate key the
 * input did not hold, keeps its comments (every one in the realworld files; in the others, every
 * comment on a line of its own: a comment at the end of an entry's line goes when a fix removes
 * that entry), and fixing it again changes nothing. The checks here are independent of the ones
 * fix-all makes itself: `yaml`'s own parser and duplicate-key check, and comments found by text.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { DEFAULT_CONFIG, fixAll, mergeConfig } from '../../server/src/engine/index.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { corpusFiles } from '../support/corpus.js';
import { loadRuleFixtures } from '../support/fixtures.js';
import { CORPORA } from '../support/paths.js';
import { fc } from '../support/property.js';
import { mutatedText } from '../support/yaml-arbitraries.js';

// Every rule on, including those off by default, so that every fix is exercised.
const EVERYTHING = mergeConfig(DEFAULT_CONFIG, { rules: Object.fromEntries(ALL_RULES.map((r) => [r.meta.id, r.meta.severity])) });

interface Problems {
  readonly syntax: number;
  readonly duplicates: number;
}

function problems(text: string): Problems {
  const errors = parseAllDocuments(text, { merge: true, uniqueKeys: true }).flatMap((d) => ('errors' in d ? d.errors : []));
  const duplicates = errors.filter((e) => e.code === 'DUPLICATE_KEY').length;
  return { syntax: errors.length - duplicates, duplicates };
}

const ownLineComments = (text: string) => (text.match(/^[ \t]*#.*$/gm) ?? []).map((c) => c.trim()).sort();
const allComments = (text: string) => (text.match(/(^|\s)#.*$/gm) ?? []).map((c) => c.trim()).sort();

/** Asserts the properties for one input; returns the fixed text. */
function assertFixedSoundly(text: string, where: string, comments: (text: string) => string[]): string {
  const fixed = fixAll(text, ALL_RULES, EVERYTHING).text;
  if (fixed === text) return fixed;
  const before = problems(text);
  const after = problems(fixed);
  if (before.syntax === 0) assert.equal(after.syntax, 0, `${where}: the fixed text does not parse:\n${fixed}`);
  assert.ok(after.duplicates <= before.duplicates, `${where}: a key written twice after fixing:\n${fixed}`);
  const kept = comments(fixed);
  for (const comment of comments(text)) {
    const index = kept.indexOf(comment);
    assert.ok(index >= 0, `${where}: comment lost: ${comment}\n${fixed}`);
    kept.splice(index, 1);
  }
  assert.equal(fixAll(fixed, ALL_RULES, EVERYTHING).text, fixed, `${where}: fixing again changed the text`);
  return fixed;
}

/** The inputs of the edit cases (merge keys, JSON, `|+` scalars, CRLF, ...): the places edits used to break. */
function editCaseInputs(): string[] {
  const cases = join(__dirname, 'edit-cases');
  return readdirSync(cases).flatMap((name) => readdirSync(join(cases, name)).filter((f) => f.startsWith('input.')).map((f) => readFileSync(join(cases, name, f), 'utf8')));
}

function corpusOrNote(corpus: 'realworld' | 'psa-conformance'): { name: string; text: string }[] | undefined {
  if (existsSync(join(CORPORA, corpus))) return corpusFiles(corpus);
  process.stdout.write(`# ${corpus} corpus not found under ${CORPORA}: its fix-all properties are not checked\n`);
  return undefined;
}

describe('fix-all never corrupts a file', () => {
  const realworld = corpusOrNote('realworld');
  // realworld-fixes.test.ts fixes every file of the corpus; here a seeded sample of them.
  it('on the realworld corpus', { skip: realworld ? false : 'corpus absent' }, () => {
    fc.assert(
      fc.property(fc.constantFrom(...realworld!), (file) => {
        assertFixedSoundly(file.text, file.name, allComments);
      }),
      { numRuns: 50 },
    );
  });

  const psa = corpusOrNote('psa-conformance');
  it('on the Pod Security Admission fixtures', { skip: psa ? false : 'corpus absent' }, () => {
    for (const file of psa!) assertFixedSoundly(file.text, file.name, ownLineComments);
  });

  it('on fuzzed manifests', () => {
    const bases = [
      ...editCaseInputs(),
      ...loadRuleFixtures().flatMap((f) => (f.kind === 'yaml' ? [f.bad, f.good] : []).filter((t): t is string => t !== undefined)),
      ...(psa ?? []).slice(0, 40).map((f) => f.text),
    ];
    fc.assert(
      fc.property(fc.constantFrom(...bases).chain(mutatedText), (text) => {
        assertFixedSoundly(text, 'mutated manifest', ownLineComments);
      }),
      { numRuns: 150 },
    );
  });
});
