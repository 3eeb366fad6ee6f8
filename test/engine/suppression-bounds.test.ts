/**
 * Suppressions cannot be smuggled: a syntax error is never suppressed, a directive counts only
 * in a document that parses (elsewhere what looks like a comment may be part of a value to
 * Kubernetes' decoder), and the configuration refuses what would leave its settings ambiguous.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, DEFAULT_CONFIG, parseConfigText } from '../../server/src/engine/index.js';
import { parseDirective } from '../../server/src/engine/suppress.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { PRIVILEGED_POD } from '../support/hostile-inputs.js';

const ids = (text: string) => analyzeText(text, ALL_RULES, DEFAULT_CONFIG).findings.map((f) => `${f.ruleId} ${f.severity}`);

describe('suppression bounds', () => {
  it('a syntax error is never suppressed, by a file-wide or a next-line directive', () => {
    assert.deepEqual(ids('# kube-aegis-disable\na: [\n'), ['yaml-syntax error']);
    assert.deepEqual(ids('# kube-aegis-disable yaml-syntax\na: [\n'), ['yaml-syntax error']);
    assert.deepEqual(ids('# kube-aegis-disable-next-line yaml-syntax\na: [\n'), ['yaml-syntax error']);
  });

  it('a directive in a document with a syntax error does not count, in it or elsewhere', () => {
    const text = `x: [\n# kube-aegis-disable\n---\n${PRIVILEGED_POD}`;
    const found = ids(text);
    assert.ok(found.includes('yaml-syntax error'), found.join());
    assert.ok(found.includes('privileged-container error'), found.join());
  });

  it('a directive line inside a multi-line quoted scalar with lax indentation is an error, not a comment', () => {
    // Kubernetes' decoder reads the directive line as part of the string and applies the pod.
    for (const quote of ['"', "'"]) {
      const text = `# kube-aegis-disable\n${PRIVILEGED_POD.replace('metadata:\n', `metadata:\n  annotations:\n    a: ${quote}foo\n# kube-aegis-disable\n  bar${quote}\n`)}`;
      assert.deepEqual(ids(text), ['yaml-syntax error'], text);
    }
  });

  it('a directive line that is part of a well-indented quoted scalar is text, not a directive', () => {
    const text = PRIVILEGED_POD.replace('metadata:\n', 'metadata:\n  annotations:\n    a: "foo\n      # kube-aegis-disable\n      bar"\n');
    assert.ok(ids(text).includes('privileged-container error'));
  });

  it('a directive in a comment still works where it is one', () => {
    assert.ok(!ids(`# kube-aegis-disable privileged-container\n${PRIVILEGED_POD}`).includes('privileged-container error'));
  });

  it('reads directives by a scan, in time linear in the comment', () => {
    assert.deepEqual(parseDirective('# kube-aegis-disable-next-line a, b'), { name: 'kube-aegis-disable-next-line', ids: 'a, b' });
    assert.deepEqual(parseDirective('#kube-aegis-disable'), { name: 'kube-aegis-disable', ids: undefined });
    assert.equal(parseDirective('# kube-aegis-disabled'), undefined);
    assert.equal(parseDirective('# kube-aegis-disable a; rm -rf'), undefined);
    const start = performance.now();
    assert.equal(parseDirective(`# kube-aegis-disable${' '.repeat(1_000_000)}!`), undefined);
    assert.ok(performance.now() - start < 500);
  });
});

describe('configuration text', () => {
  it('a second document is an error', () => {
    const { problems } = parseConfigText('profile: baseline\n---\nignore: ["**"]\n');
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /one YAML document/);
  });

  it('a key written twice is an error, at any depth', () => {
    const { problems } = parseConfigText('rules:\n  image-tag: off\n  image-tag: error\nprofile: baseline\nprofile: default\n');
    assert.deepEqual(problems.map((p) => p.message), ['duplicate key "image-tag": only one of its values would apply', 'duplicate key "profile": only one of its values would apply']);
  });

  it('aliases that expand past the limit are an error, not a hang', () => {
    const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 7 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`)];
    const { problems } = parseConfigText(`x-bomb:\n${levels.map((l) => `  ${l}`).join('\n')}\nprofile: baseline\n`);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /aliases expand to more than/);
  });
});
