/** The CLI scans `*.jsonl` files as ABAC policy files and everything else as manifests. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanText } from '../../server/src/cli/scan.js';
import { DEFAULT_CONFIG } from '../../server/src/engine/index.js';

const POLICY = '{"user":"alice","ns":"projectCaribou"}\n{"apiVersion":"abac.authorization.kubernetes.io/v1beta1","kind":"Policy","spec":{"user":"bob","readonly":"yes"}}\n';

describe('scanText by file name', () => {
  it('checks *.jsonl files as ABAC policies', () => {
    const report = scanText('policies/abac.jsonl', POLICY, DEFAULT_CONFIG);
    assert.deepEqual(report.findings.map((f) => [report.lines.position(f.start).line, f.ruleId]), [[0, 'abac-legacy-format'], [1, 'abac-syntax']]);
  });

  it('does not apply ABAC rules to YAML files', () => {
    assert.deepEqual(scanText('policies/abac.yaml', POLICY, DEFAULT_CONFIG).findings.filter((f) => f.ruleId.startsWith('abac-')), []);
  });
});
