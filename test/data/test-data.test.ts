/**
 * The data the tests keep in the repository: the trimmed Kubernetes schemas cover every kind the
 * repository's manifests use, accept and reject what the full schemas do, and are what
 * scripts/test-schemas.ts writes from the corpus (when the corpus is here).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { parseAllDocuments } from 'yaml';
import { buildTestSchemas, renderTestSchemas, repositoryKinds, TEST_SCHEMAS } from '../../scripts/test-schemas.js';
import { corpusDir, corpusSkip } from '../support/corpora.js';
import { k8sSchemaErrors } from '../support/k8s-schema.js';
import { PSA_FIXTURES } from '../support/paths.js';

const stored = JSON.parse(readFileSync(TEST_SCHEMAS, 'utf8')) as ReturnType<typeof buildTestSchemas>;
const DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
};

describe('trimmed Kubernetes schemas (test/data/k8s-schemas)', () => {
  it('know every kind of the repository manifests, with a schema or as one without', () => {
    const known = new Set([...Object.keys(stored.kinds), ...stored.withoutSchema]);
    assert.deepEqual(repositoryKinds().filter((kind) => !known.has(kind)), []);
    for (const kind of ['apps/v1 Deployment', 'v1 Pod', 'networking.k8s.io/v1 NetworkPolicy', 'v1 ResourceQuota']) assert.ok(stored.kinds[kind], kind);
  });

  it('accept a valid Deployment and reject wrong types deep in its pod spec', () => {
    assert.deepEqual(k8sSchemaErrors(DEPLOYMENT), []);
    const wrong = structuredClone(DEPLOYMENT) as typeof DEPLOYMENT & { spec: { replicas?: unknown } };
    wrong.spec.replicas = 'three';
    (wrong.spec.template.spec.containers[0] as Record<string, unknown>).securityContext = { runAsNonRoot: 'yes' };
    const errors = k8sSchemaErrors(wrong)!;
    assert.ok(errors.length > 0, 'no error for replicas: "three"');
    const missingContainers = structuredClone(DEPLOYMENT) as { spec: { template: { spec: Record<string, unknown> } } };
    delete missingContainers.spec.template.spec.containers;
    assert.ok(k8sSchemaErrors(missingContainers as never)!.some((e) => e.includes('containers')));
  });

  it('agree with the full schemas on every PSA fixture', { skip: corpusSkip('k8s-json-schema') }, () => {
    const full = JSON.parse(readFileSync(join(corpusDir('k8s-json-schema')!, 'v1.34.0-standalone', 'pod-v1.json'), 'utf8'));
    delete full.$schema;
    const validate = new Ajv({ strict: false, validateFormats: false, logger: false }).compile(full);
    for (const level of ['baseline', 'restricted']) {
      for (const verdict of ['pass', 'fail']) {
        const dir = join(PSA_FIXTURES, level, 'v1.37', verdict);
        for (const file of readdirSync(dir)) {
          for (const document of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
            const pod = document.toJS();
            assert.equal(k8sSchemaErrors(pod)!.length === 0, validate(pod), file);
          }
        }
      }
    }
  });

  it('are what scripts/test-schemas.ts writes from the corpus', { skip: corpusSkip('k8s-json-schema') }, () => {
    assert.ok(renderTestSchemas(buildTestSchemas(corpusDir('k8s-json-schema')!)) === readFileSync(TEST_SCHEMAS, 'utf8'), 'out of date: run npx tsx scripts/test-schemas.ts');
  });
});
