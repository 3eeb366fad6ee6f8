import type { Fix } from '../engine/edits.js';
import { hasKey, type YMap, type YNode, type YPair } from '../engine/model.js';
import { originOf } from '../engine/model-shift.js';
import { defineRule, type RuleContext } from '../engine/rule.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'duplicate-key',
    title: 'Keys written twice',
    severity: 'error',
    category: 'syntax',
    rationale:
      'A mapping that gives one key two values is read differently by different tools: a reviewer reads the first, a YAML decoder may keep the last, and `kubectl` rejects the object. An attacker can use that to smuggle a setting past review (a harmless `securityContext` on top, `privileged: true` further down), and a fix tool that adds a key already written under a misspelling can produce it by accident. Values merged in with `<<: *anchor` may be overridden; keys written in the mapping itself may not repeat.',
    remediation: 'Keep one of the two entries: the finding points at the second and says how far above the first is. Decide which value is meant, then delete the other.',
    references: ['https://yaml.org/spec/1.2.2/#mapping', 'https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation'],
    fixable: true,
    fixSafety: {
      level: 'unsafe',
      reason:
        'Which of the two values is meant is the author\'s choice: both fixes ("keep this one", "keep the other") are offered in the editor, and neither `--fix` nor `--unsafe-fixes` applies one.',
    },
  },
  checkObject(object, context) {
    // Iterative: a deeply nested document must not exhaust the stack. A small mapping is searched
    // rather than hashed, and one map of seen keys serves every larger one. A large subtree found
    // without a repeated key is remembered by its origin (see `originOf`): after an edit of a
    // large document, only the edited block and the mappings that hold it are walked again.
    const pending: (YNode | Visited)[] = [object.node];
    const seen = new Map<string, YPair>();
    let walked = 0;
    let reported = 0;
    while (pending.length > 0) {
      const next = pending.pop()!;
      if (next instanceof Visited) {
        if (reported === next.reported && walked - next.walked >= REMEMBERED_SIZE) withoutRepeats.add(next.origin);
        continue;
      }
      const node = next;
      // An alias repeats a node written (and checked) where its anchor is.
      if (node.viaAlias || node.kind === 'scalar') continue;
      const origin = originOf(node);
      if (withoutRepeats.has(origin)) continue;
      walked++;
      pending.push(new Visited(origin, walked, reported));
      if (node.kind === 'seq') {
        for (const item of node.items) if (item.kind !== 'scalar') pending.push(item);
        continue;
      }
      const { pairs } = node;
      // Pairs merged in with `<<` come first; the map's own keys may override them.
      const own = node.merged ?? 0;
      const small = pairs.length - own <= SMALL_MAPPING;
      if (!small) seen.clear();
      for (let i = own; i < pairs.length; i++) {
        const pair = pairs[i]!;
        if (pair.value.kind !== 'scalar') pending.push(pair.value);
        if (pair.key.empty) continue;
        // Kubernetes decodes YAML through JSON, where every key is a string: `1` and "1" are one key.
        const key = String(pair.key.value);
        const first = small ? firstWithKey(pairs, own, i, key) : seen.get(key);
        if (!first) {
          if (!small) seen.set(key, pair);
          continue;
        }
        reported++;
        const above = lineCount(context.text, first.key.start, pair.key.start);
        context.report({
          at: pair.key,
          message:
            above === 0
              ? t('The key {0} is written twice in this mapping; the first is on the same line. kubectl rejects the object, and a decoder that accepts it keeps one value silently.', key)
              : above === 1
                ? t('The key {0} is written twice in this mapping; the first is 1 line above. kubectl rejects the object, and a decoder that accepts it keeps one value silently.', key)
                : t('The key {0} is written twice in this mapping; the first is {1} lines above. kubectl rejects the object, and a decoder that accepts it keeps one value silently.', key, above),
          fixes: keepFixes(context, node, first, pair, key),
        });
      }
    }
  },
});

/** Collections (by their origin) whose subtree holds no key written twice. */
const withoutRepeats = new WeakSet<YNode>();

/**
 * Only subtrees of at least this many collections are remembered: smaller ones are walked again
 * in no time, and remembering every collection of a large document would cost memory.
 */
const REMEMBERED_SIZE = 16;

/** Put on the walk's stack under a collection's children: popped once they are all walked. */
class Visited {
  constructor(
    readonly origin: YNode,
    readonly walked: number,
    readonly reported: number,
  ) {}
}

/** Mappings of up to this many keys are searched for a repeated key rather than hashed. */
const SMALL_MAPPING = 8;

/** The first pair of `pairs[from..to)` with the key `key`. */
function firstWithKey(pairs: readonly YPair[], from: number, to: number, key: string): YPair | undefined {
  for (let j = from; j < to; j++) {
    const pair = pairs[j]!;
    if (hasKey(pair, key)) return pair;
  }
  return undefined;
}

/** Line breaks between two offsets. */
function lineCount(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/**
 * "Keep this one" (remove the first) and "keep the other" (remove this one): a person chooses.
 * With the key written three times or more, either fix keeps one entry and removes every other
 * (this one, or the first), so that no duplicate is left behind.
 */
function keepFixes(context: RuleContext, map: YMap, first: YPair, second: YPair, key: string): Fix[] {
  const fix = (title: string, removed: readonly YPair[]): Fix[] => {
    const edits = removed.map((pair) => context.edits.removePair(map, pair));
    return edits.every((e) => e.length > 0) ? [{ title, edits: edits.flat(), safe: false, manual: true }] : [];
  };
  const copies = map.pairs.slice(map.merged ?? 0).filter((pair) => hasKey(pair, key));
  if (copies.length <= 2) return [...fix(t('Keep this {0} (remove the first)', key), [first]), ...fix(t('Keep the other {0} (remove this one)', key), [second])];
  return [
    ...fix(t('Keep this {0} (remove the others)', key), copies.filter((pair) => pair !== second)),
    ...fix(t('Keep the first {0} (remove the others)', key), copies.filter((pair) => pair !== first)),
  ];
}
