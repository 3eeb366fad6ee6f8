// The bundles validate with code ajv generated at build time (scripts/standalone-validators.mjs);
// run from source, the same schemas are compiled at run time. Both must judge alike, errors included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { validatorOf, SCHEMAS, type SchemaName } from '../../server/src/engine/schema-validators.js';
// @ts-expect-error: a plain ES module of the build, without type declarations
import { standaloneSource } from '../../scripts/standalone-validators.mjs';

const MODULE = join(__dirname, '..', '..', 'server', 'src', 'engine', 'schema-validators.ts');

const SAMPLES: Record<SchemaName, unknown[]> = {
  config: [
    {},
    { profile: 'restricted', rules: { 'privileged-container': 'error', 'image-tag': { severity: 'off' } }, trustedRegistries: ['registry.example.com'] },
    { profile: 'strict', rules: { 'privileged-container': 'loud', 'no-such-rule': 'warning' }, unknownKey: 1, ignore: 'vendor/' },
    { maxDocumentSize: -3, timeBudgetMs: 'soon', resources: { requests: { cpu: 1 } }, exemptions: [{}], podSpecPaths: [{ kind: 3 }] },
    'not a mapping',
  ],
  abac: [
    { apiVersion: 'abac.authorization.kubernetes.io/v1beta1', kind: 'Policy', spec: { user: 'alice', namespace: '*', resource: '*', apiGroup: '*' } },
    { apiVersion: 'abac.authorization.kubernetes.io/v1beta1', kind: 'Policy', spec: { user: 1, readonly: 'yes', nonsense: true } },
    { apiVersion: 'v0', kind: 'Rule' },
    {},
  ],
  podSecurityContext: [
    { runAsNonRoot: true, runAsUser: 1000, fsGroup: 2000, seccompProfile: { type: 'RuntimeDefault' } },
    { runAsNonRoot: 'yes', runAsUser: -1, sysctls: [{ name: 1 }], seccompProfile: { type: 'Loose' }, privileged: true },
  ],
  containerSecurityContext: [
    { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
    { privileged: 'no', capabilities: { add: [7], drop: 'ALL' }, procMount: 'Open', fsGroup: 1, seLinuxOptions: { level: 5 } },
  ],
};

test('the validators generated for the bundles judge every sample as those compiled at run time', async () => {
  const module = { exports: {} as { validatorOf?: typeof validatorOf } };
  new Function('module', 'exports', 'require', await standaloneSource(MODULE))(module, module.exports, createRequire(MODULE));
  const generated = module.exports.validatorOf!;
  assert.deepEqual(Object.keys(SAMPLES).sort(), Object.keys(SCHEMAS).sort());
  for (const name of Object.keys(SCHEMAS) as SchemaName[]) {
    for (const sample of SAMPLES[name]) {
      const atRunTime = validatorOf(name);
      const ahead = generated(name);
      const valid = atRunTime(sample);
      assert.equal(ahead(sample), valid, `${name}: ${JSON.stringify(sample)}`);
      assert.deepEqual(ahead.errors ?? null, atRunTime.errors ?? null, `${name}: ${JSON.stringify(sample)}`);
    }
  }
  // The samples reach both verdicts, so the comparison is not of empty error lists alone.
  assert.ok(validatorOf('config')(SAMPLES.config[0]));
  assert.ok(!validatorOf('config')(SAMPLES.config[2]));
});
