/**
 * From a finding on a rendered object (helm template output, kustomize build output) back to the
 * line its author wrote: texts in, a source range out; no I/O. In order of preference:
 *   - kustomize: the patch line that sets the value (patches are not recorded in the output, so
 *     the patches' fields are matched against the finding's path), the `images:` entry that set
 *     an image, the `namespace:` that placed the object;
 *   - helm: the values key whose value was rendered there (a literal in the template wins);
 *   - the template or resource line with that key;
 *   - last resort: the top of the template or resource file, with the rendered path in the message.
 * Fixes move with a finding when its source is plain YAML with the same content as the rendered
 * block (a values key, a patch, a resource); a fix is never offered inside template text.
 */
import type { Fix } from './edits.js';
import { isMap, isSeq, toPlain, type YMap, type YNode } from './model.js';
import { fromHelm, valuesMatch } from './origins-helm.js';
import { moveFixes } from './origins-fixes.js';
import { fromKustomize, fromPatches } from './origins-kustomize.js';
import { afterLine, columnOf, contentEnd, firstRoot, formatPath, get1, objectIdentity, ParsedTexts, pathAt, scalarString } from './origins-tree.js';

export { deepEqual, formatPath, ParsedTexts, pathAt } from './origins-tree.js';

/** A step of a path in a rendered object: a map key, or a sequence item (with its `name`, if any). */
export type PathStep = { readonly key: string } | { readonly index: number; readonly name?: string };

export interface SourceText {
  /** The caller's key for the file (a path): findings come back with it. */
  readonly file: string;
  readonly text: string;
}

export interface ValuesSource {
  readonly source: SourceText;
  /** Keys above the values a template reads (a parent chart's values for subchart `sub` live under `sub:`). */
  readonly prefix: readonly string[];
}

export interface HelmOrigin {
  readonly engine: 'helm';
  /** The template that produced the document (absent when it lives in an archive). */
  readonly template?: SourceText;
  /** Values files, the one that wins first. */
  readonly values: readonly ValuesSource[];
  /** Where to point when nothing better is known (Chart.yaml). */
  readonly fallback: SourceText;
}

export interface KustomizeOrigin {
  readonly engine: 'kustomize';
  /** The resource file the object came from (`config.kubernetes.io/origin`). */
  readonly resource?: SourceText;
  /** Patch files of the tree. */
  readonly patches: readonly SourceText[];
  /** Kustomization files of the tree, the root's first (inline patches, `images:`, `namespace:`). */
  readonly kustomizations: readonly SourceText[];
  readonly fallback: SourceText;
}

export type RenderOrigin = HelmOrigin | KustomizeOrigin;

export type OriginKind = 'patch' | 'values' | 'template' | 'resource' | 'kustomization' | 'file';

export interface OriginLocation {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly via: OriginKind;
  /** Fixes moved to the source (empty when they cannot be). */
  readonly fixes: readonly Fix[];
  /** The finding's path in the rendered object, e.g. `spec.template.spec.containers[0].image`. */
  readonly renderedPath: string;
}

export interface RenderedFinding {
  /** The rendered document's text; the finding's offsets and fixes are relative to it. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly fixes: readonly Fix[];
}

/** Where a finding on a rendered document comes from. */
export function locateOrigin(finding: RenderedFinding, origin: RenderOrigin, parsed = new ParsedTexts()): OriginLocation {
  const root = firstRoot(parsed.sections(finding.text));
  const walked = root ? pathAt(root, finding.start, finding.end) : { path: [], node: undefined };
  const renderedPath = formatPath(walked.path);
  const fixed = root ? fromFixTarget(finding, root, origin, parsed) : undefined;
  if (fixed) return { ...fixed, renderedPath };
  const found = root && walked.node ? (origin.engine === 'kustomize' ? fromKustomize(root, walked.path, walked.node, origin, parsed) : fromHelm(walked.path, walked.node, origin, parsed)) : undefined;
  if (found) {
    const fixes = found.node && walked.node && found.plainYaml ? moveFixes(finding, walked.node, found.node, found.text) : [];
    return { file: found.file, start: found.span.start, end: found.span.end, via: found.via, fixes, renderedPath };
  }
  const top = origin.engine === 'helm' ? (origin.template ?? origin.fallback) : (origin.resource ?? origin.fallback);
  const lineEnd = top.text.indexOf('\n');
  return { file: top.file, start: 0, end: lineEnd < 0 ? top.text.length : lineEnd, via: 'file', fixes: [], renderedPath };
}

/**
 * A finding about something missing (a field absent from a container's securityContext) is
 * reported at the container, but its fix inserts into the block that lacks the field. When that
 * block is a values key or a patch with the same content, the finding and its fix go there: that
 * is where the author adds the field.
 */
function fromFixTarget(finding: RenderedFinding, root: YNode, origin: RenderOrigin, parsed: ParsedTexts): Omit<OriginLocation, 'renderedPath'> | undefined {
  const edit = finding.fixes[0]?.edits[0];
  if (!edit || edit.start !== edit.end) return undefined;
  const indent = /^\n?( *)/.exec(edit.text)![1]!.length;
  const target = blockEndingAt(root, finding.text, edit.start, indent);
  if (!target) return undefined;
  const { path, node } = target;
  const found = origin.engine === 'kustomize' ? fromPatches(objectIdentity(root), path, toPlain(node), origin, parsed) : valuesMatch(path.flatMap((s) => ('key' in s ? [s.key] : [])), toPlain(node), origin.values, parsed);
  if (!found?.node || !found.plainYaml) return undefined;
  const fixes = moveFixes(finding, node, found.node, found.text);
  if (fixes.length === 0) return undefined;
  return { file: found.file, start: found.span.start, end: found.span.end, via: found.via, fixes };
}

/** The path to the block map whose last line is just before `offset`, and whose keys sit at column `indent`. */
function blockEndingAt(root: YNode, text: string, offset: number, indent: number): { path: PathStep[]; node: YMap } | undefined {
  let found: { path: PathStep[]; node: YMap } | undefined;
  const visit = (node: YNode, path: PathStep[]) => {
    if (found) return;
    if (isMap(node)) {
      if (!node.flow && node.pairs.length && columnOf(text, node.pairs[0]!.key.start) === indent && afterLine(text, contentEnd(text, node)) === offset) {
        found = { path, node };
        return;
      }
      for (const pair of node.pairs) visit(pair.value, [...path, { key: String(pair.key.value) }]);
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const name = isMap(item) ? scalarString(get1(item, 'name')) : undefined;
        visit(item, [...path, name === undefined ? { index } : { index, name }]);
      });
    }
  };
  visit(root, []);
  return found;
}
