/** Validates objects against the Kubernetes v1.34 JSON schemas of the shared corpus. */
import Ajv, { type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPORA } from './paths.js';

const DIR = join(CORPORA, 'k8s-json-schema', 'v1.34.0-standalone');
const ajv = new Ajv({ strict: false, allErrors: false, validateSchema: false, validateFormats: false, logger: false });
const compiled = new Map<string, ValidateFunction | undefined>();
let index: Map<string, string> | undefined;

function schemaFile(apiVersion: string, kind: string): string | undefined {
  if (!index) {
    index = new Map();
    for (const line of readFileSync(join(CORPORA, 'k8s-json-schema', 'INDEX.tsv'), 'utf8').split('\n').slice(1)) {
      const [file, version, k] = line.split('\t');
      if (file && version && k) index.set(`${version}/${k}`, file);
    }
  }
  return index.get(`${apiVersion}/${kind}`);
}

/** Schema errors of `object`, or undefined when no schema covers its kind. */
export function k8sSchemaErrors(object: { apiVersion?: unknown; kind?: unknown }): string[] | undefined {
  const key = `${String(object.apiVersion)}/${String(object.kind)}`;
  if (!compiled.has(key)) {
    const file = schemaFile(String(object.apiVersion), String(object.kind));
    if (!file) compiled.set(key, undefined);
    else {
      const schema = JSON.parse(readFileSync(join(DIR, file), 'utf8'));
      delete schema.$schema;
      compiled.set(key, ajv.compile(schema));
    }
  }
  const validate = compiled.get(key);
  if (!validate) return undefined;
  if (validate(object)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}
