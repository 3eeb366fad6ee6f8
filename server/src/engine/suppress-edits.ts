/**
 * Edits that silence one finding in the manifest itself, for the editor's "ignore" actions:
 * a `# kube-aegis-disable-next-line <id>` comment above its line, or the rule id added to the
 * `kube-aegis.io/ignore` annotation of its object. Like fixes, they are minimal text edits.
 */
import type { Analysis, AnalysedSection } from './analyze.js';
import { EditKit, type TextEdit } from './edits.js';
import type { K8sObject } from './k8s.js';
import { getMap, pairOf } from './model.js';
import { commentTarget } from './multiline-scalars.js';
import { DISABLE_NEXT_LINE, IGNORE_ANNOTATION, parseDirective } from './suppress.js';

/**
 * Suppresses `ruleId` on the line holding `offset` of `text`, which `analysis` analysed: extends a
 * directive already on the line above, or inserts one at the line's indentation. For a line
 * inside a multi-line scalar (a `>` script), where a `#` line would become part of the value, the
 * directive goes above the key that holds the scalar, and covers the scalar's lines.
 */
export function ignoreLineEdit(analysis: Analysis, text: string, offset: number, ruleId: string): TextEdit {
  const lineStart = text.lastIndexOf('\n', holderOf(analysis, offset) - 1) + 1;
  if (lineStart > 0) {
    const previousStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    const previous = text.slice(previousStart, lineStart - 1);
    const directive = parseDirective(previous.trim());
    if (directive?.name === DISABLE_NEXT_LINE && directive.ids !== undefined) {
      const idsEnd = previousStart + previous.trimEnd().length;
      return { start: idsEnd, end: idsEnd, text: `, ${ruleId}` };
    }
  }
  const indent = /^[ \t]*/.exec(text.slice(lineStart, lineStart + 200))![0];
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  return { start: lineStart, end: lineStart, text: `${indent}# ${DISABLE_NEXT_LINE} ${ruleId}${newline}` };
}

/**
 * Adds `ruleId` to the ignore annotation of the object that holds `offset` (creating
 * `metadata.annotations` when needed). Undefined when no editable object holds it.
 */
export function ignoreObjectEdits(analysis: Analysis, offset: number, ruleId: string): TextEdit[] | undefined {
  const section = sectionAt(analysis, offset);
  if (!section) return undefined;
  const object = objectAt(section, offset - section.start);
  if (!object || object.node.viaAlias) return undefined;
  const kit = new EditKit(section.text, section.parsed.roots);
  const pair = pairOf(getMap(object.node, 'metadata', 'annotations'), IGNORE_ANNOTATION);
  let edits: TextEdit[] | undefined;
  if (pair) {
    if (pair.value.kind !== 'scalar' || pair.value.viaAlias) return undefined;
    const ids = String(pair.value.value ?? '').split(/[\s,]+/).filter(Boolean);
    if (ids.includes(ruleId)) return undefined;
    edits = kit.replaceValue(pair, [...ids, ruleId].join(','));
  } else {
    edits = kit.setPath(object.node, ['metadata', 'annotations', IGNORE_ANNOTATION], ruleId);
  }
  return edits?.map((edit) => ({ ...edit, start: edit.start + section.start, end: edit.end + section.start }));
}

/** Where the directive for a finding at `offset` must go: above the holder of a multi-line scalar around it, or its own line. */
function holderOf(analysis: Analysis, offset: number): number {
  const section = sectionAt(analysis, offset);
  return section ? commentTarget(section, offset) : offset;
}

function sectionAt(analysis: Analysis, offset: number): AnalysedSection | undefined {
  let found: AnalysedSection | undefined;
  for (const section of analysis.sections) if (section.start <= offset) found = section;
  return found;
}

function objectAt(section: AnalysedSection, offset: number): K8sObject | undefined {
  return section.objects.find((object) => object.node.start <= offset && offset <= object.node.end);
}
