/** Filling in a key that has no value keeps a comment on its line where it was. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, EditKit, type Plain } from '../../server/src/engine/edits.js';
import { getMap } from '../../server/src/engine/model.js';
import { parseSection } from '../../server/src/engine/parse.js';

function setInSpec(text: string, key: string, value: Plain): string {
  const spec = getMap(parseSection(text).roots[0], 'spec')!;
  return applyEdits(text, new EditKit(text).setKey(spec, key, value));
}

describe('EditKit.setKey on an empty value', () => {
  it('writes a scalar right after the colon, before the comment', () => {
    assert.equal(setInSpec('spec:\n  flag:   # decide later\n  other: 1\n', 'flag', false), 'spec:\n  flag: false   # decide later\n  other: 1\n');
    assert.equal(setInSpec('spec:\n  flag:\n', 'flag', false), 'spec:\n  flag: false\n');
  });

  it('writes a block below the key, leaving the comment on the key line', () => {
    assert.equal(
      setInSpec('spec:\n  limits:  # to do\n  other: 1\n', 'limits', { cpu: '1' }),
      'spec:\n  limits:  # to do\n    cpu: "1"\n  other: 1\n',
    );
  });

  it('replaces a null scalar by a block without moving its comment', () => {
    assert.equal(setInSpec('spec:\n  limits: null  # to do\n', 'limits', { cpu: 'x' }), 'spec:\n  limits:  # to do\n    cpu: x\n');
  });
});
