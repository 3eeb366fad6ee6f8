/**
 * Validates objects against the Kubernetes v1.34 JSON schemas: those of the kinds the repository's
 * manifests use are in test/data/k8s-schemas (written by scripts/test-schemas.ts); other kinds
 * (realworld manifests) are looked up in the full `k8s-json-schema` corpus when it is here.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDir } from './corpora.js';
import { ROOT } from './paths.js';

interface TestSchemas {
  readonly kinds: Record<string, string>;
  readonly withoutSchema: string[];
  readonly $defs: Record<string, object>;
}

const ajv = new Ajv({ strict: false, allErrors: false, validateSchema: false, validateFormats: false, logger: false });
const compiled = new Map<string, ValidateFunction | undefined>();
const REGENERATE = 'run `npx tsx scripts/test-schemas.ts` with the k8s-json-schema corpus present';

let repository: TestSchemas | undefined;
function repositorySchemas(): TestSchemas {
  if (!repository) {
    repository = JSON.parse(readFileSync(join(ROOT, 'test', 'data', 'k8s-schemas', 'schemas.json'), 'utf8')) as TestSchemas;
    ajv.addSchema({ $id: 'k8s', $defs: repository.$defs });
  }
  return repository;
}

let corpusIndex: Map<string, string> | undefined;
/** The corpus file of a kind, or undefined when the corpus is not here or has no such kind. */
function corpusSchemaFile(key: string): string | undefined {
  const corpus = corpusDir('k8s-json-schema');
  if (!corpus) return undefined;
  if (!corpusIndex) {
    corpusIndex = new Map();
    for (const line of readFileSync(join(corpus, 'INDEX.tsv'), 'utf8').split('\n').slice(1)) {
      const [file, version, kind] = line.split('\t');
      if (file && version && kind) corpusIndex.set(`${version} ${kind}`, join(corpus, 'v1.34.0-standalone', file));
    }
  }
  return corpusIndex.get(key);
}

function compile(key: string): ValidateFunction | undefined {
  const schemas = repositorySchemas();
  const name = schemas.kinds[key];
  if (name) return ajv.compile({ $ref: `k8s#/$defs/${name}` });
  const file = corpusSchemaFile(key);
  if (file) {
    const schema = JSON.parse(readFileSync(file, 'utf8'));
    delete schema.$schema;
    return ajv.compile(schema);
  }
  if (corpusDir('k8s-json-schema') || schemas.withoutSchema.includes(key)) return undefined;
  // Without the corpus, a kind that is in neither list is one the schemas were not regenerated for.
  throw new Error(`test/data/k8s-schemas has no entry for ${key}: ${REGENERATE}`);
}

/** Schema errors of `object`, or undefined when no schema covers its kind. */
export function k8sSchemaErrors(object: { apiVersion?: unknown; kind?: unknown }): string[] | undefined {
  const key = `${String(object.apiVersion)} ${String(object.kind)}`;
  if (!compiled.has(key)) compiled.set(key, compile(key));
  const validate = compiled.get(key);
  if (!validate) return undefined;
  if (validate(object)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}
