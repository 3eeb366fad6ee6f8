/**
 * Nodes moved after an edit are views (model-shift.ts): they read exactly as copies moved by the
 * same distance, build their children once, never stack, and let a check keep its verdict per
 * origin across edits without missing what an edit changed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Analyzer, DEFAULT_CONFIG, type Finding } from '../../server/src/engine/index.js';
import { moved, originOf, shifted, shiftedPair } from '../../server/src/engine/model-shift.js';
import { get, isMap, type YMap, type YNode } from '../../server/src/engine/model.js';
import { parseSection } from '../../server/src/engine/parse.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { modelSnapshot } from '../support/model-snapshot.js';

const TEXT = ['spec:', '  a:', '    b: 1', '    c: [x, {d: e}]', '  <<: {m: 1}', '  f:', '  - g: h', '  - i', ''].join('\n');

const snapshot = (node: YNode) => modelSnapshot({ roots: [node], comments: [] });

describe('nodes moved after an edit', () => {
  const root = parseSection(TEXT).roots[0]!;

  it('read as copies moved by the same distance, at every depth', () => {
    for (const by of [5, -3, 1000]) assert.deepStrictEqual(snapshot(shifted(root, by)), snapshot(moved(root, by)), `by ${by}`);
    const pair = (root as YMap).pairs[0]!;
    const view = shiftedPair(pair, 7);
    assert.deepStrictEqual([view.start, view.end, view.key.start, view.value.start, view.value.end], [pair.start + 7, pair.end + 7, pair.key.start + 7, pair.value.start + 7, pair.value.end + 7]);
  });

  it('build their children once: a node read twice is the same node', () => {
    const view = shifted(root, 4) as YMap;
    assert.equal(view.pairs, view.pairs);
    const spec = get(view, 'spec');
    assert.ok(spec && spec === get(view, 'spec'));
    assert.equal(get(spec, 'f', 0), get(spec, 'f', 0));
  });

  it('never stack: a view of a view stands for the first origin, moved by both distances', () => {
    let node: YNode = root;
    for (let i = 0; i < 100; i++) node = shifted(node, i % 2 ? 3 : -1);
    assert.equal(originOf(node), root);
    assert.deepStrictEqual(snapshot(node), snapshot(moved(root, 100)));
    // The children of a view read after more edits stand for the parsed children.
    const child = get(shifted(get(node, 'spec')!, 2), 'a')!;
    assert.equal(originOf(child), get(root, 'spec', 'a'));
    assert.equal(child.start, get(root, 'spec', 'a')!.start + 102);
  });

  it('keep how many entries come from merge keys, and a zero distance is the node itself', () => {
    const spec = get(root, 'spec') as YMap;
    assert.equal(spec.merged, 1);
    assert.equal((shifted(spec, 9) as YMap).merged, 1);
    assert.equal('merged' in (shifted(get(spec, 'a')!, 9) as YMap), false);
    assert.equal(shifted(root, 0), root);
    assert.ok(isMap(shifted(spec, 1)));
  });
});

describe('a check that keeps its verdict per origin (duplicate-key)', () => {
  /** A large mapping of mappings, each with a dozen keys: large enough for its verdicts to be kept. */
  function large(): string[] {
    const lines = ['apiVersion: example.com/v1', 'kind: Widget', 'metadata:', '  name: w', 'spec:', '  fields:'];
    for (let n = 0; n < 60; n++) {
      lines.push(`    field${n}:`, '      properties:');
      for (let k = 0; k < 20; k++) lines.push(`        sub${k}:`, `          type: string`, '          items:', '            type: string');
    }
    return lines;
  }
  const duplicates = (findings: readonly Finding[]) => findings.filter((f) => f.ruleId === 'duplicate-key');

  it('finds a key written twice in a subtree that moved, and forgets it when it is gone', () => {
    const lines = large();
    const analyzer = new Analyzer(ALL_RULES, DEFAULT_CONFIG);
    const versions: string[] = [lines.join('\n')];
    const middle = lines.indexOf('    field30:') + 3;
    // An edit in the middle moves everything after it; then a key written twice after it, in a
    // subtree found clean before, and before it; then the edits undone one by one.
    versions.push([...lines.slice(0, middle), `${lines[middle]} # edited`, ...lines.slice(middle + 1)].join('\n'));
    const after = lines.indexOf('    field50:') + 4;
    const edited = versions[1]!.split('\n');
    versions.push([...edited.slice(0, after), edited[after]!, ...edited.slice(after)].join('\n'));
    const before = lines.indexOf('    field10:') + 4;
    const twice = versions[2]!.split('\n');
    versions.push([...twice.slice(0, before), twice[before]!, ...twice.slice(before)].join('\n'));
    versions.push(versions[2]!, versions[1]!, versions[0]!, versions[2]!);
    const expected = [0, 0, 1, 2, 1, 0, 0, 1];
    versions.forEach((text, i) => {
      const incremental = analyzer.analyze(text).findings;
      const full = new Analyzer(ALL_RULES, DEFAULT_CONFIG).analyze(text).findings;
      assert.equal(duplicates(incremental).length, expected[i], `version ${i}`);
      assert.deepStrictEqual(incremental, full, `version ${i}`);
    });
  });
});
