/**
 * Help inside a `.kube-aegis.yaml`: completion of its keys, rule ids, profiles and severities
 * (from the configuration schema, which is generated from the rules), and the quick fix of a
 * misspelt key ("did you mean"). Line based: the file is small and often invalid while typed.
 */
import { CodeActionKind, CompletionItemKind, type CodeAction, type CodeActionParams, type CompletionItem, type Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { knownKeys, PROFILES } from '../engine/index.js';
import { CONFIG_PROBLEM_CODE, SOURCE, type ConfigProblemData } from './diagnostics.js';
import { ruleMeta } from './rule-catalog.js';
import type { WorkspaceEdits } from './workspace-edits.js';
import { t, translateText } from '../l10n/t.js';

const SEVERITIES = ['error', 'warning', 'info', 'off'];
const KEY_BEING_TYPED = /^(\s*)([\w.-]*)$/;
const VALUE_BEING_TYPED = /^(\s*)([\w.-]+):\s*([\w-]*)$/;

export function configCompletions(document: TextDocument, position: Position): CompletionItem[] {
  const lines = document.getText().split(/\r?\n/);
  const before = (lines[position.line] ?? '').slice(0, position.character);
  const key = KEY_BEING_TYPED.exec(before);
  if (key) {
    const path = parentPath(lines, position.line, key[1]!.length);
    return knownKeys(path).map((name) => keyItem(name, path));
  }
  const value = VALUE_BEING_TYPED.exec(before);
  if (value) {
    const path = [...parentPath(lines, position.line, value[1]!.length), value[2]!];
    if (path.length === 1 && path[0] === 'profile') return PROFILES.map((profile) => ({ label: profile, kind: CompletionItemKind.EnumMember }));
    if (path.length === 2 && path[0] === 'rules' && ruleMeta(path[1]!)) return SEVERITIES.map((severity) => ({ label: severity, kind: CompletionItemKind.EnumMember }));
  }
  return [];
}

/** The keys of the mappings that hold a line indented by `indent` (nearest less indented `key:` lines above). */
function parentPath(lines: readonly string[], line: number, indent: number): string[] {
  const path: string[] = [];
  let limit = indent;
  for (let i = line - 1; i >= 0 && limit > 0; i--) {
    const match = /^(\s*)([\w.-]+):\s*(#.*)?$/.exec(lines[i]!);
    if (match && match[1]!.length < limit) {
      path.unshift(match[2]!);
      limit = match[1]!.length;
    }
  }
  return path;
}

function keyItem(name: string, path: readonly string[]): CompletionItem {
  const meta = path.length === 1 && path[0] === 'rules' ? ruleMeta(name) : undefined;
  return {
    label: name,
    kind: meta ? CompletionItemKind.Value : CompletionItemKind.Property,
    ...(meta ? { detail: translateText(meta.title), documentation: t('Default: {0}', meta.disabledByDefault ? 'off' : meta.severity) } : {}),
    insertText: `${name}: `,
  };
}

/** "Change to ..." for each misspelt key the request's diagnostics point at. */
export function configCodeActions(document: TextDocument, params: CodeActionParams, edits: WorkspaceEdits): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    const suggestion = (diagnostic.data as Partial<ConfigProblemData> | undefined)?.suggestion;
    if (diagnostic.source !== SOURCE || diagnostic.code !== CONFIG_PROBLEM_CODE || typeof suggestion !== 'string') continue;
    const start = document.offsetAt(diagnostic.range.start);
    const end = document.offsetAt(diagnostic.range.end);
    actions.push({
      title: t('Change to "{0}"', suggestion),
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: edits.of(document, [{ start, end, text: suggestion }]),
    });
  }
  return actions;
}
