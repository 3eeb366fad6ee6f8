/** Template expressions make a document unchecked, except where they sit in a YAML comment. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, DEFAULT_CONFIG } from '../../server/src/engine/index.js';
import { ALL_RULES } from '../../server/src/rules/index.js';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n    - name: a\n      image: example.com/a:1.0.0\n      securityContext: {privileged: true}\n';
const ruleIds = (text: string) => analyzeText(text, ALL_RULES, DEFAULT_CONFIG).findings.map((f) => f.ruleId);

describe('template detection', () => {
  it('skips a document with a template expression, with one notice at the expression', () => {
    const text = POD.replace('name: a\nspec', 'name: {{ .Release.Name }}\nspec');
    const findings = analyzeText(text, ALL_RULES, DEFAULT_CONFIG).findings;
    assert.deepEqual(findings.map((f) => f.ruleId), ['helm-template']);
    assert.equal(text.slice(findings[0]!.start, findings[0]!.end), '{{ .Release.Name }}');
  });

  it('checks a document whose only braces are in comments', () => {
    const text = `# rendered from {{ .Values.pod }}\n${POD.replace('name: a\nspec', 'name: a  # was {{ .Release.Name }}\nspec')}`;
    const ids = ruleIds(text);
    assert.ok(ids.includes('privileged-container'), ids.join());
    assert.ok(!ids.includes('helm-template'), ids.join());
  });

  it('still sees an expression in a value that contains a #', () => {
    assert.deepEqual(ruleIds(POD.replace('image: example.com/a:1.0.0', 'image: "example.com/a#{{ .Values.tag }}"')), ['helm-template']);
  });
});
