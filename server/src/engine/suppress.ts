/**
 * Suppressions written in the manifest itself:
 *   # kube-aegis-disable <id>[,<id>]            the whole file (no ids: every rule)
 *   # kube-aegis-disable-next-line <id>[,<id>]  the line below the comment
 *   metadata.annotations["kube-aegis.io/ignore"]: "<id>,<id>"  on the object or its pod template
 */
import { podSpecOf, type K8sObject } from './k8s.js';
import { getMap, stringAt, type YMap } from './model.js';
import type { CommentLine } from './parse.js';

export const IGNORE_ANNOTATION = 'kube-aegis.io/ignore';
export const DISABLE_FILE = 'kube-aegis-disable';
export const DISABLE_NEXT_LINE = 'kube-aegis-disable-next-line';

const DIRECTIVE = /^#\s*(kube-aegis-disable(?:-next-line)?)(?:\s+([A-Za-z0-9_,\s-]*))?$/;

/** Rule ids in a list such as `a, b c`; `all` or none means every rule. */
function idsOf(list: string | undefined): Set<string> | 'all' {
  const ids = (list ?? '').split(/[\s,]+/).filter(Boolean);
  if (ids.length === 0 || ids.includes('all')) return 'all';
  return new Set(ids);
}

export class SuppressionSet {
  private file: Set<string> | 'all' | undefined;
  /** Absolute line-start offset of the suppressed line -> ids. */
  private readonly lines = new Map<number, Set<string> | 'all'>();

  /** Records the directives among the comments of a section (`text`, starting at `base` in the file). */
  addComments(text: string, base: number, comments: readonly CommentLine[]): void {
    for (const comment of comments) {
      const match = DIRECTIVE.exec(comment.text);
      if (!match) continue;
      const ids = idsOf(match[2]);
      if (match[1] === DISABLE_FILE) {
        if (!comment.ownLine) continue;
        this.file = union(this.file, ids);
      } else {
        const lineEnd = text.indexOf('\n', comment.start);
        if (lineEnd < 0) continue;
        const next = base + lineEnd + 1;
        this.lines.set(next, union(this.lines.get(next), ids));
      }
    }
  }

  /** True when `ruleId`, found at a position on the line starting at `lineStart`, is suppressed. */
  suppresses(ruleId: string, lineStart: number): boolean {
    return matches(this.file, ruleId) || matches(this.lines.get(lineStart), ruleId);
  }
}

function union(a: Set<string> | 'all' | undefined, b: Set<string> | 'all'): Set<string> | 'all' {
  if (a === 'all' || b === 'all') return 'all';
  return a ? new Set([...a, ...b]) : b;
}

function matches(ids: Set<string> | 'all' | undefined, ruleId: string): boolean {
  return ids === 'all' || (ids !== undefined && ids.has(ruleId));
}

const ignoredOfObject = new WeakMap<K8sObject, Set<string> | 'all' | null>();

/**
 * Rule ids an object's `kube-aegis.io/ignore` annotations turn off (on the object or its pod
 * template). Read once per object: the per-file rules and the workspace index both ask.
 */
export function ignoredRulesOf(object: K8sObject): Set<string> | 'all' | undefined {
  let known = ignoredOfObject.get(object);
  if (known === undefined) {
    known = ignoredByAnnotation(getMap(object.node, 'metadata'), podSpecOf(object)?.podMetadata) ?? null;
    ignoredOfObject.set(object, known);
  }
  return known ?? undefined;
}

/** Rule ids ignored by the `kube-aegis.io/ignore` annotation of the given metadata blocks. */
export function ignoredByAnnotation(...metadata: (YMap | undefined)[]): Set<string> | 'all' | undefined {
  let out: Set<string> | 'all' | undefined;
  for (const block of metadata) {
    const value = stringAt(getMap(block, 'annotations'), IGNORE_ANNOTATION);
    if (value !== undefined) out = union(out, idsOf(value));
  }
  return out;
}

export { matches as isIgnored };
