/**
 * Actions for what a namespace lacks (a NetworkPolicy, a ResourceQuota, a LimitRange): create it
 * from the rule's template, at the end of the manifest, or in a new file next to it when the
 * client can create files. Both come back as workspace edits; the new objects are meant to be
 * reviewed, so neither is preferred.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { namespacePlacement, type EngineConfig, type Finding } from '../engine/index.js';
import { templateFor, type ObjectTemplate } from '../rules/lib/tenancy-templates.js';
import { pathOf } from './document-context.js';
import type { WorkspaceEdits } from './workspace-edits.js';
import { t } from '../l10n/t.js';

export interface TemplateActionInput {
  readonly document: TextDocument;
  readonly finding: Finding;
  readonly diagnostic: Diagnostic;
  readonly config: EngineConfig;
  readonly edits: WorkspaceEdits;
  /** The client applies `CreateFile` operations. */
  readonly canCreateFiles: boolean;
}

export function templateActions(input: TemplateActionInput): CodeAction[] {
  const namespace = namespaceOf(input.finding);
  const template = namespace === undefined ? undefined : templateFor(input.finding.ruleId, namespace, input.config.resources);
  if (!template || namespace === undefined) return [];
  const action = (title: string, edit: CodeAction['edit']): CodeAction => ({ title, kind: CodeActionKind.QuickFix, diagnostics: [input.diagnostic], edit });
  const actions = [action(t('{0} at the end of this file', template.title), appendEdit(input, template))];
  const newFile = input.canCreateFiles ? newFileBeside(input.document.uri, namespace, template) : undefined;
  if (newFile) actions.push(action(t('{0} in {1}', template.title, newFile.name), input.edits.creatingFile(newFile.uri, template.text)));
  return actions;
}

/**
 * The namespace the missing object belongs in: the Namespace a namespace rule points at, or
 * the namespace of the workload (the one it is applied in, `default`, when it names none).
 */
function namespaceOf(finding: Finding): string | undefined {
  if (finding.object?.kind === 'Namespace') return finding.object.name;
  return finding.object ? namespacePlacement(finding.object)?.namespace : undefined;
}

/** The template as a new YAML document after the last one of the file. */
function appendEdit(input: TemplateActionInput, template: ObjectTemplate): CodeAction['edit'] {
  const text = input.document.getText();
  const separator = `${text.length === 0 || text.endsWith('\n') ? '' : '\n'}---\n`;
  return input.edits.of(input.document, [{ start: text.length, end: text.length, text: `${separator}${template.text}` }]);
}

/** A file name next to the manifest that is not taken yet, e.g. `tenant-a-networkpolicy.yaml`. */
function newFileBeside(uri: string, namespace: string, template: ObjectTemplate): { name: string; uri: string } | undefined {
  const path = pathOf(uri);
  const kind = /^kind: (\w+)$/m.exec(template.text)?.[1];
  if (!path || !kind) return undefined;
  const base = `${namespace.toLowerCase().replace(/[^a-z0-9.-]+/g, '-')}-${kind.toLowerCase()}`;
  for (let n = 1; n < 100; n++) {
    const name = n === 1 ? `${base}.yaml` : `${base}-${n}.yaml`;
    const candidate = join(dirname(path), name);
    if (!existsSync(candidate)) return { name, uri: pathToFileURL(candidate).href };
  }
  return undefined;
}
