/** The Pod Security label the namespace fix writes follows the configured profile. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG, fixAll, mergeConfig } from '../../server/src/engine/index.js';
import { ALL_RULES } from '../../server/src/rules/index.js';

const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: tenant-a\n';
const ID = 'namespace-pod-security-labels';

describe('namespace-pod-security-labels fix', () => {
  it('enforces restricted by default', () => {
    assert.equal(fixAll(NAMESPACE, ALL_RULES, DEFAULT_CONFIG, { ruleId: ID, unsafe: true }).text, `${NAMESPACE}  labels:\n    pod-security.kubernetes.io/enforce: restricted\n`);
  });

  it('enforces baseline under the baseline profile', () => {
    const config = mergeConfig(DEFAULT_CONFIG, { profile: 'baseline', rules: { [ID]: 'warning' } });
    assert.equal(fixAll(NAMESPACE, ALL_RULES, config, { ruleId: ID, unsafe: true }).text, `${NAMESPACE}  labels:\n    pod-security.kubernetes.io/enforce: baseline\n`);
  });
});
