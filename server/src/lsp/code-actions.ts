/**
 * Code actions for our diagnostics, computed from an analysis of the document's current text.
 * Actions are matched to diagnostics by range and rule id, never by message text.
 *
 * The menu is ordered so the fix is where the eye lands: the findings' fixes (safe ones first),
 * then what creates a missing object, then "fix all" entries, then ignoring, then documentation.
 * "Fix all" entries re-analyse the whole file, so for a client that resolves code actions their
 * edit is computed only when one is chosen (`codeAction/resolve`); the rest carry their edits.
 */
import { CodeActionKind, Command, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { documentKindOf, fixAll, fixesToApply, ignoreLineEdit, ignoreObjectEdits, type Analysis, type EngineConfig, type Finding } from '../engine/index.js';
import { describesFinding } from './diagnostics.js';
import { RULES } from './rule-catalog.js';
import { templateActions } from './template-actions.js';
import type { WorkspaceEdits } from './workspace-edits.js';
import { t } from '../l10n/t.js';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.kube-aegis`;
export const SHOW_DOCUMENTATION_COMMAND = 'kube-aegis.showRuleDocumentation';
export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, FIX_ALL_KIND];
export const fixAllInFileTitle = (): string => t('Fix all auto-fixable problems in this file');

export interface ActionInput {
  readonly document: TextDocument;
  readonly analysis: Analysis;
  /** The analysis's findings and the document's cross-file findings. */
  readonly findings: readonly Finding[];
  readonly config: EngineConfig;
  /** Fix-all applies unsafe fixes too (setting `kubeAegis.fixAll.unsafe`). */
  readonly unsafeFixes?: boolean;
  /** The client applies `CreateFile` operations (for the "in a new file" actions). */
  readonly canCreateFiles: boolean;
  /** The client resolves code actions: "fix all" edits are computed when one is chosen. */
  readonly resolvesEdits: boolean;
  readonly params: CodeActionParams;
  readonly edits: WorkspaceEdits;
}

/** What a lazily computed "fix all" action needs to compute its edit (`data` of the action). */
export interface FixAllData {
  readonly fixAll: true;
  readonly uri: string;
  readonly version: number;
  /** Only this rule's problems; all of them when absent. */
  readonly ruleId?: string;
}

/** Menu groups, in the order they are shown. */
const enum Group {
  SafeFix,
  UnsafeFix,
  Create,
  FixAll,
  Ignore,
  Documentation,
}

export function codeActions(input: ActionInput): CodeAction[] {
  const only = input.params.context.only;
  const actions: CodeAction[] = [];
  if (wanted(only, CodeActionKind.QuickFix)) actions.push(...quickFixes(input));
  // Only on request: fixing the whole file re-analyses it, too much for every cursor move.
  if (only && wanted(only, FIX_ALL_KIND)) {
    const action = fixAllAction(input, undefined, t('Fix all Kube Aegis problems in this file'), FIX_ALL_KIND);
    if (action) actions.push(action);
  }
  return actions;
}

/** True when an action of `kind` answers a request limited to `only` (a kind or a parent of it). */
function wanted(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
}

function quickFixes(input: ActionInput): CodeAction[] {
  const grouped: { group: Group; action: CodeAction }[] = [];
  const titles = new Set<string>();
  const add = (group: Group, action: CodeAction) => {
    // One row per title: stacked findings of one rule would repeat "ignore" and "documentation".
    if (titles.has(action.title)) return;
    titles.add(action.title);
    grouped.push({ group, action });
  };
  for (const diagnostic of input.params.context.diagnostics) {
    // Offsets first (cheap), then the exact test: a large manifest has thousands of findings.
    const start = input.document.offsetAt(diagnostic.range.start);
    const end = input.document.offsetAt(diagnostic.range.end);
    const finding = input.findings.find((f) => f.start === start && f.end === end && describesFinding(input.document, diagnostic, f));
    if (finding) findingActions(input, diagnostic, finding, add);
  }
  if (grouped.length > 0 && hasFixes(input, undefined, 1)) {
    const action = fixAllAction(input, undefined, fixAllInFileTitle(), CodeActionKind.QuickFix);
    // VS Code lists actions without diagnostics after all others: this one belongs before "ignore".
    if (action) add(Group.FixAll, { ...action, diagnostics: input.params.context.diagnostics });
  }
  // A stable sort: within a group, the order of the diagnostics.
  return grouped.sort((a, b) => a.group - b.group).map(({ action }) => action);
}

function findingActions(input: ActionInput, diagnostic: Diagnostic, finding: Finding, add: (group: Group, action: CodeAction) => void): void {
  const { document, edits } = input;
  const id = finding.ruleId;
  const quickFix = (title: string, edit: CodeAction['edit'], extra: Partial<CodeAction> = {}): CodeAction => ({
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    ...(edit ? { edit } : {}),
    ...extra,
  });
  // An unsafe fix says so: it can stop a workload from starting or insert a value to choose.
  // A lazy fix whose edits turned out impossible has none: not offered.
  for (const fix of finding.fixes) if (fix.edits.length > 0) add(fix.safe ? Group.SafeFix : Group.UnsafeFix, quickFix(fix.safe ? fix.title : t('{0} (unsafe)', fix.title), edits.of(document, fix.edits), { isPreferred: fix.safe }));
  for (const action of templateActions({ document, finding, diagnostic, config: input.config, edits, canCreateFiles: input.canCreateFiles })) add(Group.Create, action);
  if (hasFixes(input, id, 2)) {
    const action = fixAllAction(input, id, t('Fix all {0} problems in this file', id), CodeActionKind.QuickFix);
    if (action) add(Group.FixAll, { ...action, diagnostics: [diagnostic] });
  }
  add(Group.Ignore, quickFix(t('Ignore {0} for this line', id), edits.of(document, [ignoreLineEdit(input.analysis, document.getText(), finding.start, id)])));
  const objectEdits = finding.object ? ignoreObjectEdits(input.analysis, finding.start, id) : undefined;
  if (objectEdits?.length) add(Group.Ignore, quickFix(t('Ignore {0} for this resource', id), edits.of(document, objectEdits)));
  const title = t('Show documentation for {0}', id);
  add(Group.Documentation, quickFix(title, undefined, { command: Command.create(title, SHOW_DOCUMENTATION_COMMAND, id) }));
}

/**
 * True when at least `count` findings (of the rule, or of any) have a fix that fix-all applies
 * (safe ones; unsafe ones too when set so). When edits are resolved later, findings are only
 * counted (overlaps are dropped when the edit is computed); otherwise the fixes that would be
 * applied are.
 */
function hasFixes(input: ActionInput, ruleId: string | undefined, count: number): boolean {
  const unsafe = input.unsafeFixes === true;
  if (!input.resolvesEdits) return fixesToApply(input.analysis.findings, ruleId, unsafe).length >= count;
  let found = 0;
  for (const finding of input.analysis.findings) {
    if (ruleId !== undefined && finding.ruleId !== ruleId) continue;
    if (finding.fixes.some((f) => !f.manual && (f.safe || unsafe)) && ++found >= count) return true;
  }
  return false;
}

/**
 * Every safe fix (of one rule, or of all; unsafe ones too when set so), overlapping edits
 * dropped, as one edit of the changed span; for a client that resolves actions, the action
 * alone, its edit computed on resolve.
 */
function fixAllAction(input: ActionInput, ruleId: string | undefined, title: string, kind: string): CodeAction | undefined {
  if (input.resolvesEdits && kind === CodeActionKind.QuickFix) {
    const data: FixAllData = { fixAll: true, uri: input.document.uri, version: input.document.version, ...(ruleId ? { ruleId } : {}) };
    return { title, kind, data };
  }
  const unsafe = input.unsafeFixes === true;
  if (fixesToApply(input.analysis.findings, ruleId, unsafe).length === 0) return undefined;
  const edit = fixAllEdit(input.document, input.config, input.edits, ruleId, unsafe);
  return edit ? { title, kind, edit } : undefined;
}

/** The edit of "fix all" (undefined when it changes nothing). */
export function fixAllEdit(document: TextDocument, config: EngineConfig, edits: WorkspaceEdits, ruleId: string | undefined, unsafe = false): CodeAction['edit'] {
  const fixed = fixDocument(document, config, ruleId, unsafe);
  return fixed.text === document.getText() ? undefined : edits.replacingText(document, fixed.text);
}

/** The document's text with every safe fix (of one rule, or of all; unsafe ones too when asked) applied, and the fixes applied. */
export function fixDocument(document: TextDocument, config: EngineConfig, ruleId?: string, unsafe = false): ReturnType<typeof fixAll> {
  const kind = documentKindOf(document.uri, document.languageId, document.getText());
  return fixAll(document.getText(), RULES, config, ruleId === undefined ? { kind, unsafe } : { ruleId, kind, unsafe });
}

export function isFixAllData(data: unknown): data is FixAllData {
  const candidate = data as Partial<FixAllData> | undefined;
  return typeof candidate === 'object' && candidate !== null && candidate.fixAll === true && typeof candidate.uri === 'string' && typeof candidate.version === 'number';
}
