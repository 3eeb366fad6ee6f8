/** Walking a workspace folder for the cross-file index: what is read and what is left out. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigFiles } from '../../server/src/lsp/config-files.js';
import { inSkippedFolder, walkManifests, type WalkOptions } from '../../server/src/lsp/workspace-walk.js';

describe('walkManifests', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'kube-aegis-walk-'));
    const files: Record<string, string> = {
      'a.yaml': 'kind: Namespace\n',
      'sub/b.yml': 'kind: Pod\n',
      'sub/c.json': '{"kind": "Pod"}\n',
      'notes.txt': 'kind: Pod\n',
      'policy.jsonl': '{"user": "alice"}\n',
      '.kube-aegis.yaml': 'profile: default\n',
      'node_modules/pkg/chart.yaml': 'kind: Pod\n',
      '.git/config.yaml': 'kind: Pod\n',
      'generated/out.yaml': 'kind: Pod\n',
      'big.yaml': `# ${'x'.repeat(2000)}\n`,
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(root, name, '..'), { recursive: true });
      writeFileSync(join(root, name), text);
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  async function walked(options: Partial<WalkOptions> = {}): Promise<string[]> {
    const out: string[] = [];
    const walk = walkManifests(root, {
      limits: { maxFileBytes: 1000, maxFiles: 100 },
      isExcluded: async (path) => relative(root, path).startsWith('generated'),
      ...options,
    });
    for await (const file of walk) out.push(`${relative(root, file.path)}: ${file.text.trim()}`);
    return out;
  }

  it('reads YAML, JSON and JSON Lines files (as the CLI does), skipping node_modules, .git, excluded and oversized files and the configuration file', async () => {
    const skipped: string[] = [];
    assert.deepEqual(await walked({ skipped: (path, reason) => skipped.push(`${relative(root, path)}: ${reason}`) }), [
      'a.yaml: kind: Namespace',
      'policy.jsonl: {"user": "alice"}',
      'sub/b.yml: kind: Pod',
      'sub/c.json: {"kind": "Pod"}',
    ]);
    // Excluded files are left out on purpose; oversized ones are said to be skipped, and why.
    assert.deepEqual(skipped, ['big.yaml: larger than 1 KiB']);
  });

  it('stops after the file limit, or when cancelled', async () => {
    const skipped: string[] = [];
    const limited = await walked({ limits: { maxFileBytes: 1000, maxFiles: 2 }, skipped: (path, reason) => skipped.push(`${relative(root, path)}: ${reason}`) });
    assert.deepEqual(limited, ['a.yaml: kind: Namespace', 'policy.jsonl: {"user": "alice"}']);
    assert.ok(skipped.includes('sub/b.yml: past the first 2 files of the folder'), skipped.join('\n'));
    assert.deepEqual(await walked({ cancelled: () => true }), []);
  });

  it('tells paths in skipped folders', () => {
    assert.equal(inSkippedFolder(join('node_modules', 'pkg', 'x.yaml')), true);
    assert.equal(inSkippedFolder(join('deploy', '.git', 'x.yaml')), true);
    assert.equal(inSkippedFolder(join('deploy', 'git', 'x.yaml')), false);
  });

  it('follows symbolic links to files of the folder, as the CLI does, and none out of it or to folders', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'kube-aegis-outside-'));
    const linked = mkdtempSync(join(tmpdir(), 'kube-aegis-links-'));
    try {
      writeFileSync(join(outside, 'secret.yaml'), 'kind: Secret\n');
      mkdirSync(join(linked, 'real'));
      writeFileSync(join(linked, 'real', 'pod.yaml'), 'kind: Pod\n');
      symlinkSync(join(outside, 'secret.yaml'), join(linked, 'outside.yaml'));
      symlinkSync(join(linked, 'real', 'pod.yaml'), join(linked, 'inside.yaml'));
      symlinkSync(join(linked, 'real'), join(linked, 'loop'));
      const out: string[] = [];
      for await (const file of walkManifests(linked, { isExcluded: async () => false })) out.push(relative(linked, file.path));
      assert.deepEqual(out, ['inside.yaml', join('real', 'pod.yaml')]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
      rmSync(linked, { recursive: true, force: true });
    }
  });
});

describe('ConfigFiles lookup', () => {
  let top: string;
  before(() => {
    top = mkdtempSync(join(tmpdir(), 'kube-aegis-config-'));
    const files: Record<string, string> = {
      '.kube-aegis.yaml': 'ignore: ["**"]\n',
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
      'repo/deploy/app/pod.yaml': 'kind: Pod\n',
      'folder/app/pod.yaml': 'kind: Pod\n',
      'repo2/.git/HEAD': 'ref: refs/heads/main\n',
      'repo2/.kube-aegis.yaml': 'profile: baseline\n',
      'repo2/deploy/pod.yaml': 'kind: Pod\n',
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(top, name, '..'), { recursive: true });
      writeFileSync(join(top, name), text);
    }
  });
  after(() => rmSync(top, { recursive: true, force: true }));

  it('looks no higher than the workspace folder or the repository root', async () => {
    const files = new ConfigFiles(() => undefined);
    assert.equal(await files.find(join(top, 'repo', 'deploy', 'app')), undefined, 'stops at the repository root');
    assert.equal(await files.find(join(top, 'folder', 'app'), join(top, 'folder')), undefined, 'stops at the workspace folder');
    assert.equal(await files.find(join(top, 'folder', 'app')), undefined, 'outside a repository and any folder: only the folder itself');
    assert.equal((await files.find(join(top, 'repo2', 'deploy'), join(top, 'repo2')))?.input.profile, 'baseline');
    assert.equal((await files.find(join(top, 'repo2', 'deploy')))?.input.profile, 'baseline');
  });
});
