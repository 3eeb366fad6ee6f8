/** Where EditKit's edits land: merge keys, flow context, JSON, comments between flow entries, line endings. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { applyEdits, EditKit } from '../../server/src/engine/edits.js';
import { getMap, getSeq, pairOf, type YMap } from '../../server/src/engine/model.js';
import { parseSection } from '../../server/src/engine/parse.js';

function kitOf(text: string): { kit: EditKit; root: YMap } {
  const parsed = parseSection(text);
  assert.equal(parsed.error, undefined);
  return { kit: new EditKit(text, parsed.roots), root: parsed.roots[0] as YMap };
}

const valid = (text: string) => assert.deepEqual(parseAllDocuments(text, { merge: true, uniqueKeys: true }).flatMap((d) => ('errors' in d ? d.errors : [])).map((e) => e.message), [], text);

describe('edits and merge keys', () => {
  const text = 'base: &b\n  a: 1\n  b: 2\nuse:\n  <<: *b\n  c: 3\nonly:\n  <<: *b\n';

  it('sets a merged key by a key of the map itself, leaving the anchor alone', () => {
    const { kit, root } = kitOf(text);
    const out = applyEdits(text, kit.setKey(getMap(root, 'use')!, 'a', 9));
    assert.equal(out, 'base: &b\n  a: 1\n  b: 2\nuse:\n  <<: *b\n  c: 3\n  a: 9\nonly:\n  <<: *b\n');
    valid(out);
  });

  it('inserts below the merge key of a map holding nothing else', () => {
    const { kit, root } = kitOf(text);
    const out = applyEdits(text, kit.insertKey(getMap(root, 'only')!, 'z', true));
    assert.equal(out, `${text}  z: true\n`);
    valid(out);
  });

  it('offers no edit of a merged entry itself (it is written in the anchor)', () => {
    const { kit, root } = kitOf(text);
    const use = getMap(root, 'use')!;
    const merged = pairOf(use, 'b')!;
    assert.equal(merged.merged, true);
    assert.deepEqual(kit.replaceValue(merged, 5), []);
    assert.deepEqual(kit.removePair(use, merged), []);
    assert.equal(kit.setPath(use, ['b', 'x'], 1), undefined);
  });
});

describe('edits in flow context', () => {
  it('writes a collection in flow syntax where a scalar sits inside a flow collection of a YAML file', () => {
    const text = 'items: [{name: a, securityContext: null}]\n';
    const { kit, root } = kitOf(text);
    const item = getSeq(root, 'items')!.items[0] as YMap;
    const out = applyEdits(text, kit.replaceValue(pairOf(item, 'securityContext')!, { capabilities: { drop: ['ALL'] } }));
    assert.equal(out, 'items: [{name: a, securityContext: {capabilities: {drop: [ALL]}}}]\n');
    valid(out);
  });

  it('keeps comments between flow entries when one is removed', () => {
    const text = 'list: [\n  a, # first\n  b, # second\n  c\n]\n';
    const { kit, root } = kitOf(text);
    const list = getSeq(root, 'list')!;
    const first = applyEdits(text, kit.removeItem(list, 0));
    assert.equal(first, 'list: [\n   # first\n  b, # second\n  c\n]\n');
    const last = applyEdits(text, kit.removeItem(list, 2));
    assert.equal(last, 'list: [\n  a, # first\n  b # second\n  \n]\n');
    valid(first);
    valid(last);
  });
});

describe('edits in JSON', () => {
  it('appends to a JSON array in JSON syntax', () => {
    const text = '{"drop": ["NET_RAW"]}\n';
    const { kit, root } = kitOf(text);
    assert.equal(applyEdits(text, kit.appendItem(getSeq(root, 'drop')!, 'ALL')), '{"drop": ["NET_RAW", "ALL"]}\n');
  });

  it('inserts into an empty JSON object, and on its own line in an object written one entry per line', () => {
    const text = '{\n  "a": {},\n  "b": 1\n}\n';
    const { kit, root } = kitOf(text);
    assert.equal(applyEdits(text, kit.insertKey(getMap(root, 'a')!, 'k', 'v')), '{\n  "a": {"k": "v"},\n  "b": 1\n}\n');
    assert.equal(applyEdits(text, kit.insertKey(root, 'c', { d: [true] })), '{\n  "a": {},\n  "b": 1,\n  "c": {\n    "d": [\n      true\n    ]\n  }\n}\n');
  });
});

describe('keep-chomped block scalars', () => {
  it('inserts after the kept newlines, and replaces the scalar without joining the next line to it', () => {
    const text = 'm:\n  a: |+\n    x\n\n\nn: 1\n';
    const { kit, root } = kitOf(text);
    const m = getMap(root, 'm')!;
    assert.equal(applyEdits(text, kit.insertKey(m, 'c', 2)), 'm:\n  a: |+\n    x\n\n\n  c: 2\nn: 1\n');
    const replaced = applyEdits(text, kit.replaceValue(pairOf(m, 'a')!, 'plain'));
    assert.equal(replaced, 'm:\n  a: plain\n\n\nn: 1\n');
    valid(replaced);
  });
});

describe('line endings', () => {
  it('writes CRLF into a CRLF text, and adds no final newline where there was none', () => {
    const text = 'a:\r\n  b: 1';
    const { kit, root } = kitOf(text);
    assert.equal(applyEdits(text, kit.insertKey(getMap(root, 'a')!, 'c', { d: 2 })), 'a:\r\n  b: 1\r\n  c:\r\n    d: 2');
  });
});
