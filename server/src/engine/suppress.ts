/**
 * Suppressions written in the manifest itself:
 *   # kube-aegis-disable <id>[,<id>]            the whole file (no ids: every rule)
 *   # kube-aegis-disable-next-line <id>[,<id>]  the line below the comment
 *   metadata.annotations["kube-aegis.io/ignore"]: "<id>,<id>"  on the object or its pod template
 */
import { podSpecOf, type K8sObject } from './k8s.js';
import { getMap, stringAt, type YMap } from './model.js';
import type { CommentLine, ParsedSection } from './parse.js';

export const IGNORE_ANNOTATION = 'kube-aegis.io/ignore';
export const DISABLE_FILE = 'kube-aegis-disable';
export const DISABLE_NEXT_LINE = 'kube-aegis-disable-next-line';

export interface Directive {
  readonly name: typeof DISABLE_FILE | typeof DISABLE_NEXT_LINE;
  /** The rule ids as written (`a, b`); undefined when none are (every rule). */
  readonly ids: string | undefined;
}

/**
 * The directive a comment holds (`# kube-aegis-disable-next-line a, b`), if any. Read by a scan
 * rather than a regular expression: two adjacent patterns that both match spaces backtrack
 * quadratically on a long comment, and a comment may be as long as a file.
 */
export function parseDirective(comment: string): Directive | undefined {
  if (comment.charCodeAt(0) !== 35 /* # */) return undefined;
  let i = 1;
  while (i < comment.length && isSpace(comment[i]!)) i++;
  const name = comment.startsWith(DISABLE_NEXT_LINE, i) ? DISABLE_NEXT_LINE : comment.startsWith(DISABLE_FILE, i) ? DISABLE_FILE : undefined;
  if (!name) return undefined;
  i += name.length;
  if (i < comment.length && !isSpace(comment[i]!)) return undefined; // another word, such as `kube-aegis-disabled`
  for (let j = i; j < comment.length; j++) if (!isIdListChar(comment.charCodeAt(j)) && !isSpace(comment[j]!)) return undefined;
  const ids = comment.slice(i).trim();
  return { name, ids: ids === '' ? undefined : ids };
}

/** Whether a section's comments hold a directive; a parsed section never changes, so this is read once per parse. */
const directivesIn = new WeakMap<ParsedSection, boolean>();

export function holdsDirective(parsed: ParsedSection): boolean {
  let holds = directivesIn.get(parsed);
  if (holds === undefined) {
    holds = parsed.comments.some((comment) => parseDirective(comment.text) !== undefined);
    directivesIn.set(parsed, holds);
  }
  return holds;
}

const SPACE = /\s/;

function isSpace(char: string): boolean {
  return SPACE.test(char);
}

/** Letters, digits, `_`, `-` and `,`: what a list of rule ids is written with. */
function isIdListChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 45 || code === 44;
}

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
      const directive = parseDirective(comment.text);
      if (!directive) continue;
      const ids = idsOf(directive.ids);
      if (directive.name === DISABLE_FILE) {
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

  /** True when no directive was found (most files): nothing to look up per finding. */
  get empty(): boolean {
    return this.file === undefined && this.lines.size === 0;
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
