/**
 * The known fields of pod and container securityContexts, from the JSON schemas in `schemas/`
 * (Kubernetes v1.34 PodSecurityContext and SecurityContext), and validators built from them.
 */
import type { ErrorObject } from 'ajv';
import { validatorOf } from '../../engine/schema-validators.js';
import containerSchema from '../../../../schemas/container-security-context.schema.json';
import podSchema from '../../../../schemas/pod-security-context.schema.json';

export type SecurityContextLevel = 'pod' | 'container';

/** A JSON schema as far as we walk it: nested objects and arrays. */
export interface SchemaNode {
  readonly type?: unknown;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
}

export const SECURITY_CONTEXT_SCHEMAS: Readonly<Record<SecurityContextLevel, SchemaNode>> = { pod: podSchema, container: containerSchema };

export const fieldsOf = (level: SecurityContextLevel): readonly string[] => Object.keys(SECURITY_CONTEXT_SCHEMAS[level].properties ?? {});

const only = (level: SecurityContextLevel, other: SecurityContextLevel): ReadonlySet<string> => new Set(fieldsOf(level).filter((f) => !fieldsOf(other).includes(f)));

/** Fields that exist only on containers (`privileged`, `capabilities`, ...). */
export const CONTAINER_ONLY_FIELDS = only('container', 'pod');
/** Fields that exist only on the pod (`fsGroup`, `sysctls`, ...). */
export const POD_ONLY_FIELDS = only('pod', 'container');

/** Schema errors of a securityContext block given as plain data. */
export function securityContextErrors(level: SecurityContextLevel, data: unknown): readonly ErrorObject[] {
  const validate = validatorOf(level === 'pod' ? 'podSecurityContext' : 'containerSecurityContext');
  return validate(data) ? [] : (validate.errors ?? []);
}

/** The schema node at a JSON pointer path of segments (undefined when the schema does not describe it). */
export function schemaAt(level: SecurityContextLevel, path: readonly (string | number)[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = SECURITY_CONTEXT_SCHEMAS[level];
  for (const segment of path) node = typeof segment === 'number' ? node?.items : node?.properties?.[segment];
  return node;
}
