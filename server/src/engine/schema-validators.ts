/**
 * The validators of the JSON schemas in `schemas/`. Run from source, each is compiled by ajv on
 * first use; the bundles hold them compiled at build time instead (`scripts/build.mjs` replaces
 * this module with ajv's standalone code of `SCHEMAS` under `AJV_OPTIONS`), so that no process or
 * scan thread spends its start generating and compiling validator code.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import abacSchema from '../../../schemas/abac-policy.schema.json';
import containerSecurityContextSchema from '../../../schemas/container-security-context.schema.json';
import configSchema from '../../../schemas/kube-aegis-config.schema.json';
import podSecurityContextSchema from '../../../schemas/pod-security-context.schema.json';

/** Read by the build, which compiles the same schemas with the same options. */
export const SCHEMAS = {
  config: configSchema,
  abac: abacSchema,
  podSecurityContext: podSecurityContextSchema,
  containerSecurityContext: containerSecurityContextSchema,
} as const;

export type SchemaName = keyof typeof SCHEMAS;

/** Every error, not the first only (problems are reported per key); draft-07 keywords ajv's strict mode would question are kept. */
export const AJV_OPTIONS = { allErrors: true, strict: false } as const;

let ajv: Ajv | undefined;
const compiled = new Map<SchemaName, ValidateFunction>();

/** The validator of one schema. */
export function validatorOf(name: SchemaName): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    ajv ??= new Ajv(AJV_OPTIONS);
    validate = ajv.compile(SCHEMAS[name]);
    compiled.set(name, validate);
  }
  return validate;
}
