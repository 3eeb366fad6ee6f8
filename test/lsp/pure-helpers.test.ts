/** The pure parts of the server: reading settings, the single-span edit of a fix-all, code lens titles. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../server/src/engine/index.js';
import { readServerOptions } from '../../server/src/lsp/capabilities.js';
import { lensTitle } from '../../server/src/lsp/code-lens.js';
import { levelFindingsText } from '../../server/src/lsp/commands.js';
import { readSettings } from '../../server/src/lsp/settings.js';
import { changedSpan } from '../../server/src/lsp/workspace-edits.js';

describe('readSettings', () => {
  it('reads every kubeAegis setting', () => {
    const settings = readSettings({
      profile: 'baseline',
      rules: { 'privileged-container': 'off', 'run-as-non-root': { severity: 'error' } },
      trustedRegistries: ['registry.example.com'],
      resources: { requests: { cpu: '50m' }, limits: { memory: '1Gi' } },
      run: 'onSave',
      ignore: ['generated/**'],
      exclude: ['charts/**'],
      diagnosticsScope: 'openFiles',
      maxProblemsPerFile: 200,
      trace: { server: 'verbose' },
      kubernetesVersion: '1.31',
      fixAll: { unsafe: true },
    });
    assert.deepEqual(settings, {
      config: {
        profile: 'baseline',
        rules: { 'privileged-container': 'off', 'run-as-non-root': 'error' },
        trustedRegistries: ['registry.example.com'],
        resources: { requests: { cpu: '50m' }, limits: { memory: '1Gi' } },
        kubernetesVersion: '1.31',
      },
      run: 'onSave',
      // `ignore` (the name .kube-aegis.yaml uses) and `exclude`, its earlier name, both count.
      exclude: ['generated/**', 'charts/**'],
      fixAllUnsafe: true,
      diagnosticsScope: 'openFiles',
      maxProblemsPerFile: 200,
    });
  });

  it('treats default values as unset, so .kube-aegis.yaml decides them', () => {
    assert.deepEqual(readSettings({ profile: 'default', rules: {}, trustedRegistries: [], resources: {}, run: 'onType', exclude: [], kubernetesVersion: '', fixAll: { unsafe: false }, maxProblemsPerFile: 5000 }), {
      config: {},
      run: 'onType',
      exclude: [],
      fixAllUnsafe: false,
      diagnosticsScope: 'workspace',
      maxProblemsPerFile: 5000,
    });
  });

  it('ignores malformed values', () => {
    assert.deepEqual(readSettings({ profile: 'strict', rules: { a: 'loud', b: 3 }, trustedRegistries: 'x', resources: { limits: { cpu: 2 } }, run: 'sometimes', exclude: [1, 'a/**'], kubernetesVersion: '1.x', fixAll: { unsafe: 'yes' }, diagnosticsScope: 'all', maxProblemsPerFile: 0.5 }), {
      config: {},
      run: 'onType',
      exclude: ['a/**'],
      fixAllUnsafe: false,
      diagnosticsScope: 'workspace',
      maxProblemsPerFile: 5000,
    });
    assert.equal(readSettings({ maxProblemsPerFile: 0 }).maxProblemsPerFile, 5000);
    assert.deepEqual(readSettings(null).config, {});
  });
});

describe('readServerOptions', () => {
  it('takes a debounce delay within bounds', () => {
    assert.equal(readServerOptions({ debounceMs: 20 }).debounceMs, 20);
    assert.equal(readServerOptions({ debounceMs: -1 }).debounceMs, 75);
    assert.equal(readServerOptions({ kubeAegis: {} }).debounceMs, 75);
    assert.equal(readServerOptions(undefined).debounceMs, 75);
  });
});

describe('changedSpan', () => {
  it('replaces only the span between the common prefix and suffix', () => {
    const before = 'a: 1\nprivileged: true\nb: 2\n';
    const after = 'a: 1\nprivileged: false\nb: 2\n';
    const edit = changedSpan(before, after);
    assert.deepEqual(edit, { start: 17, end: 20, text: 'fals' });
    assert.equal(applyEdits(before, [edit]), after);
  });

  it('never splits a surrogate pair', () => {
    const before = 'x: \u{1F600}\n';
    const after = 'x: \u{1F601}\n';
    const edit = changedSpan(before, after);
    assert.deepEqual(edit, { start: 3, end: 5, text: '\u{1F601}' });
    assert.equal(changedSpan('same', 'same').text, '');
  });
});

describe('Pod Security code lens', () => {
  const blocker = (ruleId: string) => ({ ruleId, severity: 'error' as const, message: `${ruleId} message`, start: 0, end: 1, fixes: [] });
  it('names the level, and counts what stands in the way of the next one', () => {
    assert.equal(lensTitle({ level: 'restricted', blockers: [] }), 'Pod Security: restricted');
    assert.equal(lensTitle({ level: 'privileged', next: 'baseline', blockers: [blocker('host-network')] }), 'Pod Security: privileged — 1 finding stands in the way of baseline');
    assert.equal(
      lensTitle({ level: 'baseline', next: 'restricted', blockers: [blocker('run-as-non-root'), blocker('seccomp-profile')] }),
      'Pod Security: baseline — 2 findings stand in the way of restricted',
    );
  });

  it('lists the findings in a message for clients that hand the command back', () => {
    const range = (line: number) => ({ start: { line, character: 4 }, end: { line, character: 8 } });
    const text = levelFindingsText({
      uri: 'file:///w/pod.yaml',
      workload: 'Deployment web',
      level: 'baseline',
      next: 'restricted',
      blockers: [
        { ruleId: 'run-as-non-root', message: 'Runs as root.', range: range(9) },
        { ruleId: 'seccomp-profile', message: 'No seccomp profile.', range: range(12) },
      ],
    });
    assert.equal(text, 'Deployment web: Pod Security baseline; in the way of restricted:\nline 10: run-as-non-root: Runs as root.\nline 13: seccomp-profile: No seccomp profile.');
    assert.equal(levelFindingsText({ uri: 'file:///w/pod.yaml', workload: 'Pod clean', level: 'restricted', blockers: [] }), 'Pod clean: Pod Security restricted.');
  });
});
