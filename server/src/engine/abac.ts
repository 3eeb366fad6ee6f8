/**
 * ABAC policy files (kube-apiserver `--authorization-policy-file`): JSON Lines, one policy
 * object per line, blank lines and `#` comment lines skipped. Each line is parsed with its
 * positions and validated against `schemas/abac-policy.schema.json`, which covers the
 * `abac.authorization.kubernetes.io/v1beta1` Policy and the legacy flat form.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import abacSchema from '../../../schemas/abac-policy.schema.json';
import { parseJson, type JsonProblem } from './json.js';
import { get, getMap, isMap, pairOf, toPlain, type Span, type YMap, type YNode } from './model.js';
import { t } from '../l10n/t.js';

export const ABAC_API_VERSION = 'abac.authorization.kubernetes.io/v1beta1';

/** `v1beta1`: `{"apiVersion":..., "kind":"Policy", "spec":{...}}`; `legacy`: the flat form without apiVersion. */
export type AbacForm = 'v1beta1' | 'legacy';

export interface AbacPolicy {
  /** The line's text without its line break; every offset of the policy points into it. */
  readonly text: string;
  /** The line's JSON object, when the line is a JSON object. */
  readonly node?: YMap;
  readonly form: AbacForm;
  /** Where the policy's fields live: `spec` in the v1beta1 form, the line object in the legacy form. */
  readonly fields?: YMap;
  /** JSON syntax and schema problems; empty when the line is a valid policy. */
  readonly problems: readonly JsonProblem[];
}

/** A line of the file that holds a policy (not blank, not a comment). */
export interface AbacLine {
  /** Offset of the line in the file. */
  readonly start: number;
  readonly text: string;
}

export interface AbacComment {
  readonly start: number;
  readonly text: string;
}

/** The policy lines and the comment lines of a file. */
export function splitAbacLines(text: string): { lines: AbacLine[]; comments: AbacComment[] } {
  const lines: AbacLine[] = [];
  const comments: AbacComment[] = [];
  let start = 0;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const lineText = text.slice(start, end).replace(/\r$/, '');
    const trimmed = lineText.trim();
    if (trimmed.startsWith('#')) comments.push({ start: start + lineText.indexOf('#'), text: trimmed });
    else if (trimmed !== '') lines.push({ start, text: lineText });
    if (newline < 0) break;
    start = newline + 1;
  }
  return { lines, comments };
}

const POLICY_HINT = /abac\.authorization\.kubernetes\.io|"(?:user|group|readonly|nonResourcePath)"\s*:/;

/** True when a JSON Lines text holds ABAC policies (other JSON Lines files are left alone). */
export function looksLikeAbacPolicy(text: string): boolean {
  return POLICY_HINT.test(text);
}

/** Parses and validates one policy line. */
export function parseAbacPolicy(text: string): AbacPolicy {
  const parsed = parseJson(text);
  if (parsed.error) return { text, form: 'legacy', problems: [{ ...parsed.error, message: t('not JSON: {0}', parsed.error.message) }] };
  const node = parsed.node;
  if (!isMap(node)) return { text, form: 'legacy', problems: [{ message: t('a policy line must be a JSON object'), start: node.start, end: node.end }] };
  const form: AbacForm = pairOf(node, 'apiVersion') || pairOf(node, 'spec') ? 'v1beta1' : 'legacy';
  const fields = form === 'v1beta1' ? getMap(node, 'spec') : node;
  return { text, node, form, ...(fields ? { fields } : {}), problems: schemaProblems(node) };
}

let validator: ValidateFunction | undefined;

function schemaProblems(node: YMap): JsonProblem[] {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(abacSchema);
  if (validator(toPlain(node))) return [];
  const seen = new Set<string>();
  const out: JsonProblem[] = [];
  for (const error of validator.errors ?? []) {
    if (error.keyword === 'if') continue;
    const problem = problemOf(node, error);
    const key = `${problem.start}:${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(problem);
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A schema error as a message that names the field, at the key or value it concerns. */
function problemOf(root: YMap, error: ErrorObject): JsonProblem {
  const path = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const node: YNode = get(root, ...path) ?? root;
  const field = path.join('.');
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const key = pairOf(node, name)?.key ?? node;
      return at(key, t('unknown field "{0}"', field ? `${field}.${name}` : name));
    }
    case 'required':
      return at(openingOf(node), t('missing field "{0}"', field ? `${field}.${String(params.missingProperty)}` : String(params.missingProperty)));
    case 'const':
      return at(node, t('field "{0}" must be {1}', field, JSON.stringify(params.allowedValue)));
    case 'type':
      return at(node, t('field "{0}" must be {1}', field || t('(policy)'), String(params.type)));
    case 'minProperties':
      return at(node, t('an empty policy matches nothing'));
    default:
      return at(node, t('field "{0}" is invalid ({1})', field || t('(policy)'), error.message ?? ''));
  }
}

function at(span: Span, message: string): JsonProblem {
  return { message, start: span.start, end: span.end };
}

/** The opening brace of an object: where to point for a field it lacks. */
function openingOf(node: YNode): Span {
  return { start: node.start, end: node.start + 1 };
}
