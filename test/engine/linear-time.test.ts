/**
 * Linear time and bounded memory on hostile files: every file of about 200 KB is analysed
 * (all rules on) in under a second of CPU time and 200 MB, and a privileged pod in it is still
 * reported (or the file fails with an error). CPU time, not wall time: the bound is about
 * hangs, and the machine running the tests may be busy with other work.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Analyzer, DEFAULT_CONFIG, SKIPPED_RULE, type EngineConfig, type Finding } from '../../server/src/engine/index.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { LineIndex } from '../../server/src/engine/lines.js';
import { formatStylish } from '../../server/src/cli/format-stylish.js';
import { parseAllDocuments } from 'yaml';
import { hostileFiles, manyDocuments, manyPods, nestedAliasesInMisplacedField } from '../support/hostile-inputs.js';

const CONFIG = { ...DEFAULT_CONFIG, rules: Object.fromEntries(ALL_RULES.map((r) => [r.meta.id, r.meta.severity])) };

/** Analyses `text` with every rule on; returns the findings, the CPU milliseconds and the heap growth in MB. */
function measure(text: string, config: EngineConfig = CONFIG): { findings: readonly Finding[]; cpuMs: number; heapMB: number } {
  const heapBefore = process.memoryUsage().heapUsed;
  const cpu = process.cpuUsage();
  const analysis = new Analyzer(ALL_RULES, config).analyze(text);
  // Fixes are part of a finding: reading their edits is what a client does.
  let edits = 0;
  for (const finding of analysis.findings) for (const fix of finding.fixes) edits += fix.edits.length;
  const used = process.cpuUsage(cpu);
  const heapMB = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  assert.ok(edits >= 0);
  return { findings: analysis.findings, cpuMs: (used.user + used.system) / 1000, heapMB };
}

describe('hostile files of about 200 KB', () => {
  for (const { name, text } of hostileFiles()) {
    it(`${name}: under 1 s and 200 MB, and the privileged pod does not pass`, () => {
      assert.ok(text.length <= 300_000, `${text.length} characters`);
      const { findings, cpuMs, heapMB } = measure(text);
      assert.ok(cpuMs < 1000, `took ${Math.round(cpuMs)} ms of CPU`);
      assert.ok(heapMB < 200, `heap grew by ${Math.round(heapMB)} MB`);
      const failsClosed = findings.some((f) => f.ruleId === 'privileged-container') || findings.some((f) => f.severity === 'error' && f.ruleId === 'yaml-syntax');
      assert.ok(failsClosed, findings.map((f) => f.ruleId).join());
    });
  }

  it('a fix that would expand nested aliases is not built, and the rest is checked', () => {
    const text = nestedAliasesInMisplacedField(12);
    const { findings, cpuMs } = measure(text);
    assert.ok(cpuMs < 1000, `took ${Math.round(cpuMs)} ms of CPU`);
    const misplaced = findings.find((f) => f.ruleId === 'misplaced-security-field');
    assert.ok(misplaced, 'the misplaced field is reported');
    assert.deepEqual(misplaced.fixes, [], 'without a fix that writes 7^11 values');
    assert.ok(findings.some((f) => f.ruleId === 'privileged-container'));
  });
});

/** CPU milliseconds `yaml` takes to parse `text` into documents: the floor any analysis of it stands on. */
function parseCpuMs(text: string): number {
  const cpu = process.cpuUsage();
  parseAllDocuments(text);
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1000;
}

describe('many documents', () => {
  // Against the CPU time of parsing the same text with `yaml`, measured in the same process: a
  // busy machine slows both alike, so the bound can be tight enough to catch a slower engine.
  // Measured (loaded 2-core machine): ConfigMaps 0.9-1.2 times the parse, one-line pods with
  // their ten findings each 2.0-3.2 times.
  it('50,000 small documents are checked in full, in CPU time close to parsing them', () => {
    const text = manyDocuments(50_000);
    const floor = parseCpuMs(text);
    const { findings, cpuMs, heapMB } = measure(text, DEFAULT_CONFIG);
    assert.deepEqual(findings, []);
    assert.ok(cpuMs < 2.5 * floor, `took ${Math.round(cpuMs)} ms of CPU, ${(cpuMs / floor).toFixed(2)} times the ${Math.round(floor)} ms of parsing the text`);
    assert.ok(heapMB < 500, `heap grew by ${Math.round(heapMB)} MB`);
  });

  it('50,000 small documents each reported where it is: none is skipped or merged with another', () => {
    // Each ConfigMap is in the default namespace: one finding per document, on its own `default`.
    const text = manyDocuments(50_000, 'default');
    const floor = parseCpuMs(text);
    const { findings, cpuMs } = measure(text, { ...DEFAULT_CONFIG, rules: { 'default-namespace': 'warning' } });
    const expected: number[] = [];
    for (let at = text.indexOf('namespace: default'); at >= 0; at = text.indexOf('namespace: default', at + 1)) expected.push(at + 'namespace: '.length);
    assert.equal(expected.length, 50_000);
    assert.deepEqual(
      findings.map((f) => f.start),
      expected,
    );
    assert.ok(findings.every((f, i) => f.ruleId === 'default-namespace' && f.object?.name === `c${i}`));
    assert.ok(cpuMs < 2.5 * floor, `took ${Math.round(cpuMs)} ms of CPU, ${(cpuMs / floor).toFixed(2)} times the ${Math.round(floor)} ms of parsing the text`);
  });

  it('5,000 one-line privileged pods: every finding, in CPU time a small multiple of parsing them', () => {
    const text = manyPods(5_000);
    const floor = parseCpuMs(text);
    const { findings, cpuMs } = measure(text, DEFAULT_CONFIG);
    assert.equal(findings.filter((f) => f.ruleId === 'privileged-container').length, 5_000);
    assert.ok(cpuMs < 6 * floor, `took ${Math.round(cpuMs)} ms of CPU, ${(cpuMs / floor).toFixed(2)} times the ${Math.round(floor)} ms of parsing the text`);
  });

  it('a document skipped for its size is a warning that says what was skipped', () => {
    const { findings } = measure(`${'a: b\n'.repeat(400)}---\napiVersion: v1\nkind: Pod\n`, { ...DEFAULT_CONFIG, maxDocumentSize: 1000 });
    assert.deepEqual(findings.map((f) => `${f.ruleId} ${f.severity}`), [`${SKIPPED_RULE} warning`]);
    assert.match(findings[0]!.message, /2000 characters exceed the limit of 1000 \(setting maxDocumentSize\)/);
  });
});

describe('stylish output', () => {
  it('prints a million findings of one file without running out of stack', () => {
    const text = 'x\n'.repeat(1000);
    const finding = (i: number): Finding => ({ ruleId: 'image-tag', severity: 'warning', message: 'm', start: (i * 2) % text.length, end: (i * 2) % text.length, fixes: [] });
    const findings = Array.from({ length: 1_000_000 }, (_, i) => finding(i));
    const workloads = Array.from({ length: 150_000 }, () => ({ level: 'baseline' as const, next: 'restricted' as const, blockers: [], object: { kind: 'Pod' }, range: { start: 0, end: 1 } }));
    const out = formatStylish([{ path: 'big.yaml', text, lines: new LineIndex(text), findings, workloads }], false);
    assert.match(out, /1000000 problems \(0 errors, 1000000 warnings, 0 info\) in 1 file\.\n$/);
  });
});
