/**
 * The sections an Analyzer keeps for reuse do not keep old versions of the file alive: editing
 * one document after another must not hold an old copy of the whole file per edited document.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Analyzer, DEFAULT_CONFIG } from '../../server/src/engine/index.js';
import { splitSections } from '../../server/src/engine/parse.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { generateManifests } from '../bench/manifests.js';

/** Live heap after a full collection (`gc` exposed at run time, in a fresh context). */
function liveHeapMB(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** `text` with a comment line added at the start of its `index`th section. */
function editSection(text: string, index: number): string {
  const section = splitSections(text)[index]!;
  const at = section.start + section.text.indexOf('\n') + 1;
  return `${text.slice(0, at)}# edit ${index}\n${text.slice(at)}`;
}

describe('Analyzer memory across edits', () => {
  it('keeps no old text of the file alive after an edit in each of its documents', () => {
    let text = generateManifests(5000);
    const analyzer = new Analyzer(ALL_RULES, DEFAULT_CONFIG);
    const sections = analyzer.analyze(text).sections.length;
    const openedMB = liveHeapMB();
    for (let index = 0; index < sections; index++) {
      text = editSection(text, index);
      assert.equal(analyzer.analyze(text).reparsed, 1);
    }
    const editedMB = liveHeapMB();
    // Were each kept section a view into the text it was cut from, every version would stay alive.
    const everyVersionMB = (sections * text.length) / 1024 / 1024;
    assert.ok(everyVersionMB > 20, `${everyVersionMB.toFixed(0)} MB of old versions`);
    assert.ok(editedMB - openedMB < 5, `${(editedMB - openedMB).toFixed(1)} MB more after ${sections} edits (${openedMB.toFixed(1)} MB after opening)`);
  });
});
