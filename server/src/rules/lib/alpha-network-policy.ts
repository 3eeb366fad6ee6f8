/**
 * Migrating the early alpha NetworkPolicy (`net.alpha.kubernetes.io/v1alpha1`) to
 * `networking.k8s.io/v1` as text edits of the document. The alpha shape differs in names and in
 * that selectors were plain label maps:
 *
 *   alpha                                   networking.k8s.io/v1
 *   spec.podSelector: {labels}              spec.podSelector.matchLabels
 *   spec.allowIncoming[]                    spec.ingress[]
 *   spec.allowIncoming: {one rule}          spec.ingress: [that rule]
 *     from[].pods: {labels}                   from[].podSelector.matchLabels
 *     from[].namespaces: {labels}             from[].namespaceSelector.matchLabels
 *     toPorts[]                               ports[]
 *
 * Keys are renamed and label maps re-indented under `matchLabels:`, so comments and the rest of
 * the document stay as written. Anything outside this shape means we do not understand the
 * object, and no migration is offered.
 */
import type { EditKit, TextEdit } from '../../engine/edits.js';
import type { K8sObject } from '../../engine/k8s.js';
import { isMap, isScalar, isSeq, pairOf, type YMap, type YNode, type YPair } from '../../engine/model.js';

export const ALPHA_NETWORK_POLICY_API = 'net.alpha.kubernetes.io/v1alpha1';
const TARGET_API = 'networking.k8s.io/v1';

const RENAMED_PEER_KEYS: Readonly<Record<string, string>> = { pods: 'podSelector', namespaces: 'namespaceSelector' };

export function migrateAlphaNetworkPolicy(object: K8sObject, edits: EditKit): TextEdit[] | undefined {
  const apiVersion = pairOf(object.node, 'apiVersion');
  const specPair = pairOf(object.node, 'spec');
  if (!apiVersion || !specPair || !isMap(specPair.value) || specPair.value.viaAlias) return undefined;
  const spec = specPair.value;
  if (!onlyKeys(spec, ['podSelector', 'allowIncoming'])) return undefined;
  const out: TextEdit[] = [edits.replace(apiVersion.value, TARGET_API)];

  const podSelector = pairOf(spec, 'podSelector');
  if (!podSelector) out.push(...edits.insertKey(spec, 'podSelector', {}));
  else if (!pushSelector(podSelector, edits, out)) return undefined;

  const allowIncoming = pairOf(spec, 'allowIncoming');
  if (allowIncoming) {
    out.push(edits.replace(allowIncoming.key, 'ingress'));
    if (!migrateRules(allowIncoming.value, edits, out, allowIncoming)) return undefined;
  }
  return out;
}

function migrateRules(rules: YNode, edits: EditKit, out: TextEdit[], holder: YPair): boolean {
  if (isScalar(rules) && rules.value === null) return true;
  // One rule written as a map rather than a list of rules: `ingress` takes a list, so it becomes the list's only item.
  if (isMap(rules)) return !rules.viaAlias && wrapInList(rules, holder, edits, out) && migrateRule(rules, edits, out);
  if (!isSeq(rules) || rules.viaAlias) return false;
  return rules.items.every((rule) => migrateRule(rule, edits, out));
}

function migrateRule(rule: YNode, edits: EditKit, out: TextEdit[]): boolean {
  if (!isMap(rule) || rule.viaAlias || !onlyKeys(rule, ['from', 'toPorts'])) return false;
  const toPorts = pairOf(rule, 'toPorts');
  if (toPorts) out.push(edits.replace(toPorts.key, 'ports'));
  const from = pairOf(rule, 'from')?.value;
  if (from === undefined || (isScalar(from) && from.value === null)) return true;
  if (!isSeq(from) || from.viaAlias) return false;
  for (const peer of from.items) {
    if (!isMap(peer) || peer.viaAlias || !onlyKeys(peer, Object.keys(RENAMED_PEER_KEYS)) || peer.pairs.length === 0) return false;
    for (const pair of peer.pairs) {
      out.push(edits.replace(pair.key, RENAMED_PEER_KEYS[String(pair.key.value)]!));
      if (!pushSelector(pair, edits, out)) return false;
    }
  }
  return true;
}

/**
 * Makes a map the only item of a list: `[...]` around a flow map; for a block map, a `-` line at
 * the holder key's column above its first key, so that no line of the map moves (the edits
 * inside it stay where they are).
 */
function wrapInList(map: YMap, holder: YPair, edits: EditKit, out: TextEdit[]): boolean {
  if (map.pairs.length === 0) return false;
  if (map.flow) {
    out.push({ start: map.start, end: map.start, text: '[' }, { start: map.end, end: map.end, text: ']' });
    return true;
  }
  const first = map.pairs[0]!;
  const firstLine = edits.lineStart(first.key.start);
  if (edits.text.slice(firstLine, first.key.start).trim() !== '' || edits.columnOf(first.key.start) <= edits.columnOf(holder.key.start)) return false;
  out.push({ start: firstLine, end: firstLine, text: `${' '.repeat(edits.columnOf(holder.key.start))}-\n` });
  return true;
}

function onlyKeys(map: YMap, allowed: readonly string[]): boolean {
  return map.pairs.every((pair) => allowed.includes(String(pair.key.value)));
}

/** Turns the label map that is the value of `pair` into a LabelSelector with `matchLabels`. */
function pushSelector(pair: YPair, edits: EditKit, out: TextEdit[]): boolean {
  const value = pair.value;
  if (isScalar(value) && value.value === null) {
    out.push({ start: value.start, end: value.end, text: value.empty ? ' {}' : '{}' });
    return true;
  }
  if (!isMap(value) || value.viaAlias) return false;
  if (value.pairs.length === 0) return true;
  if (value.flow) {
    out.push({ start: value.start, end: value.start, text: '{matchLabels: ' }, { start: value.end, end: value.end, text: '}' });
    return true;
  }
  const nested = nestUnder(value, 'matchLabels', edits);
  if (!nested) return false;
  out.push(...nested);
  return true;
}

/** Moves a block map one level down under a new `key:` written where the map's keys start. */
function nestUnder(map: YMap, key: string, edits: EditKit): TextEdit[] | undefined {
  const first = map.pairs[0]!;
  const last = map.pairs[map.pairs.length - 1]!;
  const column = edits.columnOf(first.key.start);
  const step = ' '.repeat(edits.indentStep);
  const text = edits.text;
  const firstLine = edits.lineStart(first.key.start);
  // Only a map whose first key starts its own line can be pushed down by indenting lines.
  if (text.slice(firstLine, first.key.start).trim() !== '') return undefined;
  const out: TextEdit[] = [{ start: firstLine, end: firstLine, text: `${' '.repeat(column)}${key}:\n${step}` }];
  for (let line = text.indexOf('\n', firstLine) + 1; line > 0 && line < last.end; line = text.indexOf('\n', line) + 1) {
    const lineEnd = text.indexOf('\n', line);
    if (text.slice(line, lineEnd < 0 ? text.length : lineEnd).trim() !== '') out.push({ start: line, end: line, text: step });
  }
  return out;
}
