/**
 * ABAC policy files (kube-apiserver `--authorization-policy-file`): JSON Lines, one policy
 * object per line, blank lines and `#` comment lines skipped. Each line is parsed with its
 * positions and validated against `schemas/abac-policy.schema.json`, which covers the
 * `abac.authorization.kubernetes.io/v1beta1` Policy and the legacy flat form.
 *
 * People write JSON by hand pretty-printed, or as an array of policies. The API server refuses
 * such a file, but reading it line by line would report every line of it; so a run of lines that
 * holds one JSON object, or one array of objects, is read as one unit: its policies are checked
 * as if each stood on its own line, and the unit says how it is spread (`AbacPolicy.spread`).
 */
import type { ErrorObject } from 'ajv';
import { validatorOf } from './schema-validators.js';
import { bracketPairs, parseJson, type JsonProblem, type JsonResult } from './json.js';
import { get, getMap, isMap, isSeq, pairOf, toPlain, type Span, type YMap, type YNode, type YSeq } from './model.js';
import { t } from '../l10n/t.js';

export const ABAC_API_VERSION = 'abac.authorization.kubernetes.io/v1beta1';

/** `v1beta1`: `{"apiVersion":..., "kind":"Policy", "spec":{...}}`; `legacy`: the flat form without apiVersion. */
export type AbacForm = 'v1beta1' | 'legacy';

/** A policy object written over several lines, or an array of policies: not what the API server reads. */
export interface AbacSpread {
  /** The object, or the array whose items are the policies. */
  readonly node: YMap | YSeq;
  /** How many lines the node spans. */
  readonly lines: number;
}

export interface AbacPolicy {
  /** The unit's text (its line, or its run of lines) without the last line break; every offset of the policy points into it. */
  readonly text: string;
  /** The line's JSON object, when the line is a JSON object. */
  readonly node?: YMap;
  readonly form: AbacForm;
  /** Where the policy's fields live: `spec` in the v1beta1 form, the line object in the legacy form. */
  readonly fields?: YMap;
  /** JSON syntax and schema problems; empty when the line is a valid policy. */
  readonly problems: readonly JsonProblem[];
  /** Set on the first policy of a unit that is not one object on one line. */
  readonly spread?: AbacSpread;
}

/**
 * A line of the file that holds a policy (not blank, not a comment), or a run of lines that
 * together hold one JSON object or one array of objects.
 */
export interface AbacLine {
  /** Offset of the line in the file. */
  readonly start: number;
  readonly text: string;
}

export interface AbacComment {
  readonly start: number;
  readonly text: string;
}

/** The policy lines (and runs of lines holding one JSON value) and the comment lines of a file. */
export function splitAbacLines(text: string): { lines: AbacLine[]; comments: AbacComment[] } {
  const lines: AbacLine[] = [];
  const comments: AbacComment[] = [];
  const runs = new RunFinder(text);
  let start = 0;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const lineText = text.slice(start, end).replace(/\r$/, '');
    const trimmed = lineText.trim();
    if (trimmed.startsWith('#')) comments.push({ start: start + lineText.indexOf('#'), text: trimmed });
    else if (trimmed !== '') {
      const run = runs.at(start, start + lineText.indexOf(trimmed[0]!), end);
      if (run) {
        lines.push({ start, text: run.text });
        if (run.next > text.length) break;
        start = run.next;
        continue;
      }
      lines.push({ start, text: lineText });
    }
    if (newline < 0) break;
    start = newline + 1;
  }
  return { lines, comments };
}

/**
 * Finds runs of lines that hold one JSON object or one array of objects. The brackets are paired
 * in one pass over the text; a run that does not parse rules out new attempts inside it, so each
 * part of the text is parsed at most once and the search stays linear.
 */
class RunFinder {
  private pairs: Map<number, number> | undefined;
  private noAttemptBefore = 0;

  constructor(private readonly text: string) {}

  /** The run that starts on the line at `start` (first character at `first`, line end at `end`), if any. */
  at(start: number, first: number, end: number): { text: string; next: number } | undefined {
    const c = this.text[first];
    if ((c !== '{' && c !== '[') || first < this.noAttemptBefore) return undefined;
    this.pairs ??= bracketPairs(this.text);
    const close = this.pairs.get(first);
    if (close === undefined || close <= end) return undefined;
    const newline = this.text.indexOf('\n', close);
    const lastEnd = newline < 0 ? this.text.length : newline;
    const runText = this.text.slice(start, lastEnd).replace(/\r$/, '');
    const node = this.text.slice(close, lastEnd).trim() === '' ? parseJson(runText).node : undefined;
    if (!isMap(node) && !isPolicyArray(node)) {
      this.noAttemptBefore = close;
      return undefined;
    }
    return { text: runText, next: newline < 0 ? this.text.length + 1 : newline + 1 };
  }
}

/** An array of JSON objects: the form of a policy file written as one JSON document. */
function isPolicyArray(node: YNode | undefined): node is YSeq {
  return isSeq(node) && node.items.length > 0 && node.items.every(isMap);
}

const POLICY_HINT = /abac\.authorization\.kubernetes\.io|"(?:user|group|readonly|nonResourcePath)"\s*:/;

/** True when a JSON Lines text holds ABAC policies (other JSON Lines files are left alone). */
export function looksLikeAbacPolicy(text: string): boolean {
  return POLICY_HINT.test(text);
}

/** Parses and validates one policy line. */
export function parseAbacPolicy(text: string): AbacPolicy {
  return policyOf(text, parseJson(text));
}

/**
 * The policies of a unit of `splitAbacLines`: one for a line or a spread object, one per item
 * for an array of objects. The first says how the unit is spread when it is not one object on
 * one line.
 */
export function parseAbacPolicies(text: string): AbacPolicy[] {
  const parsed = parseJson(text);
  const root = parsed.node;
  if (isPolicyArray(root)) {
    const spread: AbacSpread = { node: root, lines: linesOf(text, root) };
    return root.items.map((item, index) => ({ ...policyOf(text, { node: item }), ...(index === 0 ? { spread } : {}) }));
  }
  const policy = policyOf(text, parsed);
  const lines = isMap(root) ? linesOf(text, root) : 1;
  return [lines > 1 && isMap(root) ? { ...policy, spread: { node: root, lines } } : policy];
}

function linesOf(text: string, node: YNode): number {
  let lines = 1;
  for (let i = text.indexOf('\n', node.start); i >= 0 && i < node.end; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

function policyOf(text: string, parsed: JsonResult): AbacPolicy {
  if (parsed.error) return { text, form: 'legacy', problems: [{ ...parsed.error, message: t('not JSON: {0}', parsed.error.message) }] };
  const node = parsed.node;
  if (!isMap(node)) return { text, form: 'legacy', problems: [{ message: t('a policy line must be a JSON object'), start: node.start, end: node.end }] };
  const form: AbacForm = pairOf(node, 'apiVersion') || pairOf(node, 'spec') ? 'v1beta1' : 'legacy';
  const fields = form === 'v1beta1' ? getMap(node, 'spec') : node;
  return { text, node, form, ...(fields ? { fields } : {}), problems: schemaProblems(node) };
}

function schemaProblems(node: YMap): JsonProblem[] {
  const validator = validatorOf('abac');
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
