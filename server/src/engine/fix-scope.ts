/**
 * The edits an object's fixes may make. A fix of one object edits that object only: not an
 * anchored node that another object uses as well (through an alias or a merge key), which would
 * change that object too, even one that asked to be ignored. In a JSON text a fix must leave
 * JSON, and in a CRLF text its new lines end in CRLF. A fix left without edits is not offered,
 * nor any fix of an object that may write a complex key.
 */
import { applyEdits, isJsonText, isLazyFix, lazyFix, type EditKit, type Fix, type TextEdit } from './edits.js';
import type { AliasUse, Span } from './model.js';

/** The largest JSON document whose fixes are each checked to leave JSON (256 KiB). */
const MAX_JSON_CHECKED = 256 * 1024;

export class FixScope {
  /** Anchored nodes inside the object that an alias outside it refers to. */
  private readonly shared: readonly Span[];

  constructor(
    private readonly edits: EditKit,
    private readonly object: Span,
    aliases: readonly AliasUse[] | undefined,
  ) {
    this.shared = (aliases ?? []).filter((use) => contains(object, use.target.start) && !contains(object, use.at)).map((use) => use.target);
  }

  /** Whether the object may write a complex key (see `writesComplexKey`); found when first asked. */
  private complexKey: boolean | undefined;

  /** The fixes that keep to the object, with the text's line endings. */
  admit(fixes: readonly Fix[]): readonly Fix[] {
    if (fixes.length === 0) return fixes;
    this.complexKey ??= writesComplexKey(this.edits.text, this.object);
    if (this.complexKey) return [];
    let out: Fix[] | undefined;
    for (let i = 0; i < fixes.length; i++) {
      const fix = fixes[i]!;
      // A lazy fix is checked when its edits are built.
      const admitted = isLazyFix(fix) ? lazyFix(fix, () => this.admitOne(fix)?.edits ?? []) : this.admitOne(fix);
      if (admitted === fix && !out) continue;
      out ??= fixes.slice(0, i);
      if (admitted) out.push(admitted);
    }
    return out ?? fixes;
  }

  private admitOne(fix: Fix): Fix | undefined {
    if (fix.edits.length === 0 || !fix.edits.every((edit) => this.mayEdit(edit))) return undefined;
    const kit = this.edits;
    let admitted = fix;
    if (kit.newline === '\r\n' && fix.edits.some((edit) => /(^|[^\r])\n/.test(edit.text))) {
      admitted = { ...fix, edits: fix.edits.map((edit) => ({ ...edit, text: kit.eol(edit.text) })) };
    }
    // Each fix is applied and parsed: in a very large JSON document that would cost too much per
    // finding, and there fix-all's check of each round (fix-check.ts) still keeps the file JSON.
    if (kit.json && kit.text.length <= MAX_JSON_CHECKED && !isJsonText(applyEdits(kit.text, admitted.edits))) return undefined;
    return admitted;
  }

  private mayEdit(edit: TextEdit): boolean {
    const { object } = this;
    if (edit.start < object.start || edit.end > object.end) return false;
    return !this.shared.some((anchor) => (edit.start === edit.end ? this.insertsInto(edit, anchor) : edit.start < anchor.end && anchor.start < edit.end));
  }

  /**
   * True when an insertion lands in `anchor`. At its very end (the start of the line after a
   * block), only text indented at least as deep as the anchored node continues it.
   */
  private insertsInto(edit: TextEdit, anchor: Span): boolean {
    if (edit.start < anchor.start || edit.start > anchor.end) return false;
    if (edit.start < anchor.end) return true;
    return /^ */.exec(edit.text)![0].length >= this.edits.columnOf(anchor.start);
  }
}

/**
 * True when `span` may write a complex key: a line that starts with an explicit key (`? `, after
 * any `- `), or a flow collection followed by `: ` (`{a: 1}: x`). The model leaves complex keys
 * out, and `yaml` may read the lines after one differently from Kubernetes (it can drop them
 * without an error): edits placed from the model could break the object, so such an object gets
 * no fixes. Kubernetes takes no complex key anyway. A scan of the text, so it also counts such
 * characters inside a quoted or block scalar (shell variables, `${name}: `, apart): that object
 * then goes without fixes too.
 */
function writesComplexKey(text: string, span: Span): boolean {
  const separates = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || c === '\n' || c === '\r';
  for (let at = text.indexOf('?', span.start); at >= 0 && at < span.end; at = text.indexOf('?', at + 1)) {
    if (!separates(text[at + 1])) continue;
    let before = at;
    while (before > 0 && (text[before - 1] === ' ' || text[before - 1] === '\t' || (text[before - 1] === '-' && (before < 2 || ' \t\n'.includes(text[before - 2]!))))) before--;
    if (before === 0 || text[before - 1] === '\n') return true;
  }
  for (let at = text.indexOf(':', span.start); at >= 0 && at < span.end; at = text.indexOf(':', at + 1)) {
    const closing = text[at - 1];
    if ((closing !== '}' && closing !== ']') || !separates(text[at + 1])) continue;
    // A shell variable (`echo ${HOME}: done`) is no flow collection.
    const opening = text.lastIndexOf(closing === '}' ? '{' : '[', at - 1);
    if (closing === '}' && opening > 0 && text[opening - 1] === '$' && !text.slice(opening, at).includes('\n')) continue;
    return true;
  }
  return false;
}

function contains(span: Span, offset: number): boolean {
  return span.start <= offset && offset < span.end;
}
