/**
 * A document is a template only when template syntax keeps it from parsing as YAML: one that
 * parses is checked, whatever braces its values or comments hold.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, DEFAULT_CONFIG } from '../../server/src/engine/index.js';
import { templateExpression } from '../../server/src/engine/analyze.js';
import { ALL_RULES } from '../../server/src/rules/index.js';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n    - name: a\n      image: example.com/a:1.0.0\n      securityContext: {privileged: true}\n';
const ruleIds = (text: string) => analyzeText(text, ALL_RULES, DEFAULT_CONFIG).findings.map((f) => f.ruleId);

describe('template detection', () => {
  it('skips a document that template syntax keeps from parsing, with one notice at the expression', () => {
    const text = POD.replace('spec:\n', '{{- if .Values.enabled }}\nspec:\n').replace('securityContext', '{{ include "x" . | nindent 6 }}\n      securityContext');
    const findings = analyzeText(text, ALL_RULES, DEFAULT_CONFIG).findings;
    assert.deepEqual(findings.map((f) => f.ruleId), ['helm-template']);
    assert.equal(text.slice(findings[0]!.start, findings[0]!.end), '{{- if .Values.enabled }}');
  });

  it('checks a document that parses, whatever braces its values hold', () => {
    for (const text of [
      POD.replace('name: a\nspec', 'name: a\n  annotations:\n    doc: "{{}}"\nspec'),
      POD.replace('name: a\nspec', 'name: {{ .Release.Name }}\nspec'),
      POD.replace('image: example.com/a:1.0.0', 'image: "example.com/a#{{ .Values.tag }}"'),
    ]) {
      const ids = ruleIds(text);
      assert.ok(ids.includes('privileged-container'), ids.join());
      assert.ok(!ids.includes('helm-template'), ids.join());
    }
  });

  it('checks a document whose only braces are in comments', () => {
    const text = `# rendered from {{ .Values.pod }}\n${POD.replace('name: a\nspec', 'name: a  # was {{ .Release.Name }}\nspec')}`;
    const ids = ruleIds(text);
    assert.ok(ids.includes('privileged-container'), ids.join());
    assert.ok(!ids.includes('helm-template'), ids.join());
  });

  it('reports a syntax error, not a template, when the braces are only in comments', () => {
    assert.deepEqual(ruleIds(`${POD}  bad: [\n# {{ x }}\n`), ['yaml-syntax']);
  });

  it('finds the first expression on one line, in time linear in the line', () => {
    assert.deepEqual(templateExpression('a: "x{{ y }}"'), { index: 5, length: 7 });
    assert.deepEqual(templateExpression('a: 1 # {{ y }}\nb: {{ z }}'), { index: 18, length: 7 });
    assert.equal(templateExpression('a: {{ b\n}}'), undefined);
    const hostile = `a: ${'{{'.repeat(200_000)}\n# {${'{{'.repeat(100_000)}}}`;
    const start = performance.now();
    assert.equal(templateExpression(hostile), undefined);
    assert.ok(performance.now() - start < 500, `${performance.now() - start} ms`);
  });
});
