/**
 * Label maps and label selectors read from the model, and matching between them, the way the
 * API server does it. A selector that cannot be read (a non-map, an unknown operator) is
 * reported as unreadable so that callers can decide not to guess.
 */
import { getMap, getSeq, isMap, isScalar, stringAt, type YNode } from './model.js';
import { t } from '../l10n/t.js';

export type Labels = Readonly<Record<string, string>>;

export interface LabelRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels: Labels;
  readonly matchExpressions: readonly LabelRequirement[];
}

/** Selects everything (`{}`). */
export const EVERYTHING: LabelSelector = { matchLabels: {}, matchExpressions: [] };

const OPERATORS = new Set<string>(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** The labels of a `labels:` map (values converted to strings, as the API server would reject others anyway). */
export function readLabels(node: YNode | undefined): Labels {
  const out: Record<string, string> = {};
  if (!isMap(node)) return out;
  for (const pair of node.pairs) {
    if (isScalar(pair.value) && pair.value.value !== null) out[String(pair.key.value)] = String(pair.value.value);
  }
  return out;
}

/**
 * A `LabelSelector` (`matchLabels` / `matchExpressions`). An empty or missing value selects
 * everything; undefined means the selector could not be read.
 */
export function readSelector(node: YNode | undefined): LabelSelector | undefined {
  if (node === undefined || (isScalar(node) && node.value === null)) return EVERYTHING;
  if (!isMap(node)) return undefined;
  const matchExpressions: LabelRequirement[] = [];
  for (const item of getSeq(node, 'matchExpressions')?.items ?? []) {
    const key = stringAt(item, 'key');
    const operator = stringAt(item, 'operator');
    if (key === undefined || operator === undefined || !OPERATORS.has(operator)) return undefined;
    const values = (getSeq(item, 'values')?.items ?? []).flatMap((v) => (isScalar(v) && v.value !== null ? [String(v.value)] : []));
    matchExpressions.push({ key, operator: operator as LabelRequirement['operator'], values });
  }
  return { matchLabels: readLabels(getMap(node, 'matchLabels')), matchExpressions };
}

/** True when the selector selects an object with these labels. */
export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels)) if (labels[key] !== value) return false;
  for (const requirement of selector.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
    const value = labels[requirement.key];
    switch (requirement.operator) {
      case 'In':
        if (!has || !requirement.values.includes(value!)) return false;
        break;
      case 'NotIn':
        if (has && requirement.values.includes(value!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** `app=web, tier=front` for messages; long label sets are cut after the first few. */
export function describeLabels(labels: Labels, max = 3): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return t('no labels');
  const shown = entries.slice(0, max).map(([k, v]) => `${k}=${v}`).join(', ');
  return entries.length > max ? t('{0} and {1} more labels', shown, entries.length - max) : shown;
}
