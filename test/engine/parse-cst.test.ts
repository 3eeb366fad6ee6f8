/**
 * The syntax-tree model builder against the reference (composed `yaml` Documents converted to
 * the model): same roots, same positions, same scalar values, same first syntax error.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fc } from '../support/property.js';
import { parseSection, splitSections, type ParsedSection } from '../../server/src/engine/parse.js';
import { composeSection, hasRecursiveAlias } from '../support/composed-model.js';
import { corpusSkip } from '../support/corpora.js';
import { corpusFiles } from '../support/corpus.js';
import { mutatedText, yamlText } from '../support/yaml-arbitraries.js';

/** The minimal restricted Pod of the PSA fixtures: the sample when the realworld corpus is not here. */
const psaBasePod = () => corpusFiles('psa-conformance').find((f) => f.name.endsWith('restricted/v1.37/pass/base.yaml'))!.text;

function assertSameAsComposed(text: string, where: string): ParsedSection {
  const built = parseSection(text);
  const composed = composeSection(text);
  assert.deepEqual(built.error, composed.error, `${where}: syntax error`);
  assert.deepEqual(built.roots, composed.roots, `${where}: model`);
  return built;
}

function assertCommentsAreComments(text: string, parsed: ParsedSection, where: string): void {
  for (const comment of parsed.comments) {
    assert.equal(text[comment.start], '#', `${where}: comment at ${comment.start}`);
    assert.ok(text.startsWith(comment.text, comment.start), `${where}: comment text`);
  }
}

describe('model built from the syntax tree', () => {
  for (const corpus of ['realworld', 'psa-conformance'] as const) {
    it(`equals the composed model on every ${corpus} file`, { skip: corpus === 'realworld' && corpusSkip(corpus) }, () => {
      const files = corpusFiles(corpus);
      assert.ok(files.length > 10, `${corpus} corpus not found`);
      for (const file of files) {
        for (const section of splitSections(file.text)) {
          const where = `${file.name} @${section.start}`;
          assertCommentsAreComments(section.text, assertSameAsComposed(section.text, where), where);
        }
      }
    });
  }

  it('types scalars as the core schema does', () => {
    const text = 'a: 0x1F\nb: 0o17\nc: -0\nd: .inf\ne: -.Inf\nf: .NaN\ng: 1e3\nh: 1.50\ni: ~\nj: TRUE\nk: yes\nl: "x\\ty"\nm: |-\n  one\n  two\nn: >+\n  folded\n  line\n\no: !!str 5\np: 007\n';
    assertSameAsComposed(text, 'scalars');
    const root = parseSection(text).roots[0]!;
    assert.equal(root.kind, 'map');
    const values = Object.fromEntries(root.pairs.map((p) => [p.key.value, p.value.kind === 'scalar' ? p.value.value : undefined]));
    assert.deepEqual(values, { a: 31, b: 15, c: -0, d: Infinity, e: -Infinity, f: NaN, g: 1000, h: 1.5, i: null, j: true, k: 'yes', l: 'x\ty', m: 'one\ntwo', n: 'folded line\n\n', o: '5', p: 7 });
  });

  it('resolves aliases and merge keys without expanding them', () => {
    const text = 'base: &b {x: 1, y: 2}\nother: &o {y: 3, z: 4}\nuse:\n  <<: [*b, *o]\n  z: 5\nref: *b\n';
    assertSameAsComposed(text, 'merge');
    const root = parseSection(text).roots[0]!;
    assert.equal(root.kind, 'map');
    const use = root.pairs.find((p) => p.key.value === 'use')!.value;
    assert.equal(use.kind, 'map');
    const last = (key: string) => [...use.pairs].reverse().find((p) => p.key.value === key)?.value;
    assert.deepEqual([last('x'), last('y'), last('z')].map((n) => (n?.kind === 'scalar' ? n.value : undefined)), [1, 2, 5]);
    assert.equal(root.pairs.find((p) => p.key.value === 'ref')!.value.viaAlias, true);
    // Pairs inside flow sequences end where their alias is written, not where its target is.
    for (const flow of ['[<<: *a]\n', 'x: &a 1\ny: [k: *a, *a : v, *a, z: *a]\n', '[*b : c]\n']) assertSameAsComposed(flow, JSON.stringify(flow));
  });

  it('collects comments from the tokens, not from inside scalars', () => {
    const text = '\uFEFF# first\nkey: value # trailing\nscript: |\n  # not a comment\n  echo\nquoted: "a # b"\n# last\n';
    const comments = parseSection(text).comments.map((c) => [c.text, c.ownLine]);
    assert.deepEqual(comments, [['# first', true], ['# trailing', false], ['# last', true]]);
  });

  it('equals the composed model on generated YAML', () => {
    fc.assert(
      fc.property(yamlText, (text) => {
        assertCommentsAreComments(text, assertSameAsComposed(text, JSON.stringify(text)), JSON.stringify(text));
      }),
      { numRuns: 400 },
    );
  });

  it('reports a syntax error whenever the composer does, on mutated YAML', () => {
    const sample = fc.oneof(yamlText, fc.constant(corpusFiles('realworld').find((f) => f.name.endsWith('microservices-demo/release/kubernetes-manifests.yaml'))?.text.slice(0, 3000) ?? psaBasePod()));
    fc.assert(
      fc.property(sample.chain(mutatedText), (text) => {
        for (const section of splitSections(text)) {
          if (hasRecursiveAlias(section.text)) continue; // the reference converter recurses; the builder leaves such aliases empty
          assertSameAsComposed(section.text, JSON.stringify(section.text));
        }
      }),
      { numRuns: 600 },
    );
  });
});
