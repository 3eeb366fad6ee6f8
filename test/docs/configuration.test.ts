/** The example configuration in docs/configuration.md is valid and means what it says. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseConfigText } from '../../server/src/engine/index.js';
import { ROOT } from '../support/paths.js';

describe('docs/configuration.md', () => {
  it('shows a valid .kube-aegis.yaml', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'configuration.md'), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    assert.ok(example, 'no yaml example');
    const { input, problems } = parseConfigText(example);
    assert.deepEqual(problems, []);
    assert.equal(input.profile, 'default');
    assert.equal(input.rules?.['image-digest'], 'info');
    assert.deepEqual(input.trustedRegistries, ['registry.example.com', 'ghcr.io/acme', 'docker.io/library']);
    assert.equal(input.kubernetesVersion, '1.31');
    assert.deepEqual(input.exemptions?.[0], { kind: 'DaemonSet', namespace: 'monitoring', name: 'node-exporter', rules: ['host-namespaces', 'host-path-volume', 'host-port'] });
  });
});
