/**
 * Finding the kustomizations that use a file kept outside their folders (a base, a Component's
 * patch), searched below the file's repository and never across a whole disk.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ReferencingRoots, referenceSearchFolder } from '../../server/src/render/roots.js';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kube-aegis-roots-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    if (name.endsWith('/')) mkdirSync(join(dir, name), { recursive: true });
    else writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('Kustomizations that use a file from elsewhere', () => {
  it('searches the repository holding the file, else a few levels up, never a folder of the file system root', () => {
    const dir = tree({ 'repo/.git/': '', 'repo/a/b/c/d/file.yaml': '', 'loose/a/b/c/file.yaml': '' });
    assert.equal(referenceSearchFolder(join(dir, 'repo', 'a', 'b', 'c', 'd', 'file.yaml')), join(dir, 'repo'));
    assert.equal(referenceSearchFolder(join(dir, 'loose', 'a', 'b', 'c', 'file.yaml')), join(dir, 'loose'));
    // /tmp/x.yaml: its folder is a direct folder of the root, too wide to walk.
    assert.equal(referenceSearchFolder(join(tmpdir(), 'x.yaml')), undefined);
    assert.notEqual(referenceSearchFolder(join(dir, 'x.yaml')), tmpdir());
  });

  it('finds the overlays that use a base and a Component, not the base or the Component themselves', () => {
    const dir = tree({
      '.git/': '',
      'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
      'base/deployment.yaml': 'kind: Deployment\n',
      'components/debug/kustomization.yaml': 'kind: Component\npatches:\n  - path: patch.yaml\n',
      'components/debug/patch.yaml': 'kind: Deployment\n',
      'overlays/dev/kustomization.yaml': 'resources:\n  - ../../base\ncomponents:\n  - ../../components/debug\n',
      'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\n',
      'other/service.yaml': 'kind: Service\n',
    });
    const referencing = new ReferencingRoots();
    const dirsOf = (file: string) => referencing.of(join(dir, file)).map((root) => root.dir).sort();
    assert.deepEqual(dirsOf('base/deployment.yaml'), [join(dir, 'overlays', 'dev'), join(dir, 'overlays', 'prod')]);
    assert.deepEqual(dirsOf('components/debug/patch.yaml'), [join(dir, 'overlays', 'dev')]);
    assert.deepEqual(dirsOf('other/service.yaml'), []);

    // Kept until told: a new overlay is seen after `forget`.
    writeFileSync(join(dir, 'overlays', 'prod', 'kustomization.yaml'), 'resources:\n  - ../../base\ncomponents:\n  - ../../components/debug\n');
    assert.deepEqual(dirsOf('components/debug/patch.yaml'), [join(dir, 'overlays', 'dev')]);
    referencing.forget();
    assert.deepEqual(dirsOf('components/debug/patch.yaml'), [join(dir, 'overlays', 'dev'), join(dir, 'overlays', 'prod')]);
  });
});
