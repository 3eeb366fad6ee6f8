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

/** `text` with a comment line added at the start of its `index`th section: the section is parsed again in full. */
function addCommentLine(text: string, index: number): string {
  const section = splitSections(text)[index]!;
  const at = section.start + section.text.indexOf('\n') + 1;
  return `${text.slice(0, at)}# edit ${index}\n${text.slice(at)}`;
}

/** `text` with a trailing comment on the fourth line of its `index`th section (inside `metadata`): only that block is parsed again. */
function commentInBlock(text: string, index: number): string {
  const section = splitSections(text)[index]!;
  let at = section.start;
  for (let line = 0; line < 4; line++) at = text.indexOf('\n', at) + 1;
  return `${text.slice(0, at - 1)} # edit ${index}${text.slice(at - 1)}`;
}

describe('Analyzer memory across edits', () => {
  for (const [how, editSection] of [
    ['a comment line added', addCommentLine],
    ['a trailing comment inside a block', commentInBlock],
  ] as const) {
    it(`keeps no old text of the file alive after an edit in each of its documents (${how})`, () => {
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
  }

  it('keeps no old text alive after edits spread inside one large document, each re-parsing only its block', () => {
    // One document of about 40,000 lines: every edit is inside one of its nested blocks.
    const entries = Array.from({ length: 5000 }, (_, n) => `      field${n}:\n        type: string\n        description: Field number ${n} of the schema\n        default: value-${n}`);
    const lines = `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: big.example.com\nspec:\n  schema:\n    properties:\n${entries.join('\n')}\n`.split('\n');
    let text = lines.join('\n');
    const analyzer = new Analyzer(ALL_RULES, DEFAULT_CONFIG);
    analyzer.analyze(text);
    const openedMB = liveHeapMB();
    const edits = 60;
    for (let i = 0; i < edits; i++) {
      const line = 10 + Math.floor((i * (lines.length - 20)) / edits);
      lines[line] = `${lines[line]} # edit ${i}`;
      text = lines.join('\n');
      assert.equal(analyzer.analyze(text).reparsed, 1);
    }
    const editedMB = liveHeapMB();
    const versionMB = (text.length * 2) / 1024 / 1024;
    // The first version stays (the unchanged parts of the model were read from it), the current one is held here.
    assert.ok(editedMB - openedMB < 3 * versionMB + 2, `${(editedMB - openedMB).toFixed(1)} MB more after ${edits} edits (a version is ${versionMB.toFixed(1)} MB)`);
  });
});
