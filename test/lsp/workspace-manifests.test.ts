/**
 * The workspace index while files change under a walk: a file read again after the walk started
 * (the file event of a file made meanwhile) is kept, not dropped because the walk never listed it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, beforeEach, describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/engine/index.js';
import { WorkspaceManifests, type FileSettings } from '../../server/src/lsp/workspace-manifests.js';

const POD = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: team\nspec:\n  containers:\n    - name: app\n      image: nginx:1.25\n`;

describe('WorkspaceManifests during a walk of the workspace', () => {
  const roots: string[] = [];
  after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));
  /** A new workspace folder for each test. */
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kube-aegis-manifests-'));
    roots.push(root);
  });

  /** An index whose walk stops at `holdAt` (its first read) until `release` is called, and the files it holds. */
  function heldIndex(holdAt: string) {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const atHold = new Promise<void>((resolve) => (reached = resolve));
    let holding = false;
    const settings: FileSettings = { config: DEFAULT_CONFIG, configKey: 'default', excluded: false };
    const manifests = new WorkspaceManifests({
      settingsOf: async (path) => {
        if (path === holdAt && !holding) {
          holding = true;
          reached();
          await held;
        }
        return settings;
      },
      changed: () => undefined,
      analyseFiles: true,
      owned: () => false,
    });
    manifests.setFolders([pathToFileURL(root).href]);
    const indexed = () => manifests.closedFiles().map((file) => [file.uri.slice(file.uri.lastIndexOf('/') + 1), file.text] as const).sort();
    return { manifests, atHold, release, indexed };
  }

  it('keeps a file made after the walk listed its folder, once its file event was read', async () => {
    writeFileSync(join(root, 'a.yaml'), POD('a'));
    const { manifests, atHold, release, indexed } = heldIndex(join(root, 'a.yaml'));
    const walking = manifests.indexFolders();
    await atHold;
    writeFileSync(join(root, 'b.yaml'), POD('b'));
    await manifests.fileChanged(pathToFileURL(join(root, 'b.yaml')).href);
    release();
    await walking;
    assert.deepEqual(indexed(), [
      ['a.yaml', POD('a')],
      ['b.yaml', POD('b')],
    ]);
  });

  it('still drops a file that is gone when a later walk ends', async () => {
    writeFileSync(join(root, 'a.yaml'), POD('a'));
    writeFileSync(join(root, 'c.yaml'), POD('c'));
    const { manifests, indexed } = heldIndex('');
    await manifests.indexFolders();
    assert.deepEqual(indexed().map(([name]) => name), ['a.yaml', 'c.yaml']);
    await manifests.fileChanged(pathToFileURL(join(root, 'c.yaml')).href);
    rmSync(join(root, 'c.yaml'));
    await manifests.indexFolders();
    assert.deepEqual(indexed().map(([name]) => name), ['a.yaml']);
  });
});
