/** Fixes applied together by fix-all: rules that touch the same block, and values left empty. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG, fixAll, mergeConfig, nonOverlapping } from '../../server/src/engine/index.js';
import { ALL_RULES } from '../../server/src/rules/index.js';

const restricted = mergeConfig(DEFAULT_CONFIG, { profile: 'restricted' });

describe('fix-all across rules', () => {
  it('empties capabilities.add and adds drop: [ALL] without breaking the block', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: db',
      'spec:',
      '  securityContext:',
      '    runAsNonRoot: true',
      '    seccompProfile: {type: RuntimeDefault}',
      '  containers:',
      '    - name: db',
      '      image: example.com/db:1.0.0',
      '      securityContext:',
      '        allowPrivilegeEscalation: false',
      '        capabilities:',
      '          add:',
      '            - IPC_LOCK',
      '      ports:',
      '        - containerPort: 9042',
      '',
    ].join('\n');
    const fixed = fixAll(text, ALL_RULES, restricted, { unsafe: true }).text;
    assert.equal(
      fixed,
      text.replace('          add:\n            - IPC_LOCK\n', '          drop:\n            - ALL\n'),
    );
  });

  it('defers an insertion that touches either end of another edit to the next round', () => {
    const replace = { title: 'replace', safe: true, edits: [{ start: 10, end: 20, text: 'x' }] };
    const atEnd = { title: 'insert at end', safe: true, edits: [{ start: 20, end: 20, text: 'y' }] };
    const atStart = { title: 'insert at start', safe: true, edits: [{ start: 10, end: 10, text: 'z' }] };
    const after = { title: 'insert after', safe: true, edits: [{ start: 21, end: 21, text: 'w' }] };
    assert.deepEqual(nonOverlapping([replace, atEnd, atStart, after]).map((f) => f.title), ['replace', 'insert after']);
  });
});

describe('fix-all on empty values', () => {
  it('fills `key:` after the colon, keeping a trailing comment a comment', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: edge',
      'spec:',
      '  securityContext:',
      '    runAsNonRoot:  # to do',
      '    seccompProfile:  # to do',
      '  containers:',
      '    - name: a',
      '      image: example.com/a:1.0.0',
      '      securityContext:',
      '        allowPrivilegeEscalation:',
      '        capabilities:',
      '          drop:  # later',
      '',
    ].join('\n');
    const expected = text
      .replace('runAsNonRoot:  # to do', 'runAsNonRoot: true  # to do')
      .replace('seccompProfile:  # to do', 'seccompProfile:  # to do\n      type: RuntimeDefault')
      .replace('allowPrivilegeEscalation:', 'allowPrivilegeEscalation: false')
      .replace('drop:  # later', 'drop:  # later\n            - ALL');
    assert.equal(fixAll(text, ALL_RULES, restricted, { unsafe: true }).text, expected);
  });
});
