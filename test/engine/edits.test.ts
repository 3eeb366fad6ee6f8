import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, EditKit, nonOverlapping, yamlScalar } from '../../server/src/engine/edits.js';
import { getMap, getSeq, pairOf, type YMap } from '../../server/src/engine/model.js';
import { parseSection } from '../../server/src/engine/parse.js';

function rootOf(text: string): YMap {
  const parsed = parseSection(text);
  assert.equal(parsed.error, undefined);
  return parsed.roots[0] as YMap;
}

describe('EditKit', () => {
  it('inserts a key after the last entry of a block map, at its indentation, keeping comments', () => {
    const text = 'spec:\n  # the app\n  replicas: 1  # one\n  paused: false\nkind: X\n';
    const kit = new EditKit(text);
    const out = applyEdits(text, kit.insertKey(getMap(rootOf(text), 'spec')!, 'minReadySeconds', 5));
    assert.equal(out, 'spec:\n  # the app\n  replicas: 1  # one\n  paused: false\n  minReadySeconds: 5\nkind: X\n');
  });

  it('inserts into a flow map, empty or not', () => {
    const text = 'a: {}\nb: {x: 1}\n';
    const root = rootOf(text);
    const kit = new EditKit(text);
    const out = applyEdits(text, [...kit.insertKey(getMap(root, 'a')!, 'k', true), ...kit.insertKey(getMap(root, 'b')!, 'z', 'v')]);
    assert.equal(out, 'a: {k: true}\nb: {x: 1, z: v}\n');
  });

  it('gives an empty value a space before the new one', () => {
    const text = 'securityContext:\n  runAsNonRoot:\n';
    const pair = pairOf(getMap(rootOf(text), 'securityContext')!, 'runAsNonRoot')!;
    assert.equal(applyEdits(text, [new EditKit(text).replace(pair.value, 'true')]), 'securityContext:\n  runAsNonRoot: true\n');
  });

  it('creates the missing maps of a path in block style', () => {
    const text = 'containers:\n  - name: app\n    image: app:1\n';
    const root = rootOf(text);
    const container = getSeq(root, 'containers')!.items[0] as YMap;
    const out = applyEdits(text, new EditKit(text).setPath(container, ['securityContext', 'capabilities', 'drop'], ['ALL'])!);
    assert.equal(out, 'containers:\n  - name: app\n    image: app:1\n    securityContext:\n      capabilities:\n        drop:\n          - ALL\n');
  });

  it('fills a key that has no value', () => {
    const text = 'spec:\n  securityContext:\n  containers: []\n';
    const out = applyEdits(text, new EditKit(text).setPath(getMap(rootOf(text), 'spec')!, ['securityContext', 'runAsNonRoot'], true)!);
    assert.equal(out, 'spec:\n  securityContext:\n    runAsNonRoot: true\n  containers: []\n');
  });

  it('removes an entry with its lines, and keeps the dash of a sequence item', () => {
    const text = 'ports:\n  - hostPort: 80\n    containerPort: 80\nspec:\n  hostPID: true  # why\n  dnsPolicy: x\n';
    const root = rootOf(text);
    const kit = new EditKit(text);
    const port = getSeq(root, 'ports')!.items[0] as YMap;
    const spec = getMap(root, 'spec')!;
    const out = applyEdits(text, [...kit.removePair(port, pairOf(port, 'hostPort')!), ...kit.removePair(spec, pairOf(spec, 'hostPID')!)]);
    assert.equal(out, 'ports:\n  - containerPort: 80\nspec:\n  dnsPolicy: x\n');
  });

  it('replaces a map that would become empty with {}', () => {
    const text = 'securityContext:\n  privileged: true\n';
    const map = getMap(rootOf(text), 'securityContext')!;
    assert.equal(applyEdits(text, new EditKit(text).removePair(map, map.pairs[0]!)), 'securityContext: {}\n');
  });

  it('removes and appends sequence items in block and flow style', () => {
    const text = 'add: [NET_ADMIN, CHOWN]\ndrop:\n  - NET_RAW\n  - MKNOD\n';
    const root = rootOf(text);
    const kit = new EditKit(text);
    const out = applyEdits(text, [...kit.removeItem(getSeq(root, 'add')!, 0), ...kit.appendItem(getSeq(root, 'drop')!, 'ALL')]);
    assert.equal(out, 'add: [CHOWN]\ndrop:\n  - NET_RAW\n  - MKNOD\n  - ALL\n');
  });

  it('appends at the end of a file without a final newline', () => {
    const text = 'a:\n  b: 1';
    assert.equal(applyEdits(text, new EditKit(text).insertKey(getMap(rootOf(text), 'a')!, 'c', 2)), 'a:\n  b: 1\n  c: 2');
  });

  it('follows the indentation unit of the text', () => {
    const text = 'spec:\n    replicas: 1\n';
    const kit = new EditKit(text);
    assert.equal(kit.indentStep, 4);
    assert.equal(applyEdits(text, kit.setPath(rootOf(text), ['spec', 'template', 'x'], 1)!), 'spec:\n    replicas: 1\n    template:\n        x: 1\n');
  });
});

describe('edit helpers', () => {
  it('quotes scalars only when needed', () => {
    assert.equal(yamlScalar('RuntimeDefault'), 'RuntimeDefault');
    assert.equal(yamlScalar('true'), '"true"');
    assert.equal(yamlScalar('0'), '"0"');
    assert.equal(yamlScalar('a b'), '"a b"');
    assert.equal(yamlScalar(false), 'false');
  });
  it('drops overlapping fixes after the first', () => {
    const fixes = [
      { title: 'a', edits: [{ start: 0, end: 5, text: 'x' }] },
      { title: 'b', edits: [{ start: 3, end: 4, text: 'y' }] },
      { title: 'c', edits: [{ start: 6, end: 6, text: 'z' }] },
    ];
    assert.deepEqual(nonOverlapping(fixes).map((f) => f.title), ['a', 'c']);
  });
});
