/**
 * Hover on findings. One finding: what the rule is about, why it matters and how to fix it.
 * Several on one range (a container missing five settings): one line per finding, most severe
 * first, then the details of the first, so the hover stays short.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleDocUrl, type Finding, type RuleMeta, type Severity } from '../engine/index.js';
import { SHOW_DOCUMENTATION_COMMAND } from './code-actions.js';
import { rangeOf } from './diagnostics.js';
import { ruleMeta } from './rule-catalog.js';

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export interface HoverOptions {
  /** The client runs `command:` links: documentation opens the bundled page, as the quick fix does. */
  readonly commandLinks: boolean;
}

/** `findings`: the document's own and cross-file findings. */
export function hoverAt(document: TextDocument, findings: readonly Finding[], position: Position, options: HoverOptions = { commandLinks: false }): Hover | undefined {
  const offset = document.offsetAt(position);
  const here = findings
    .filter((f) => f.start <= offset && offset <= f.end && ruleMeta(f.ruleId))
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const first = here[0];
  if (!first) return undefined;
  const link = (id: string) => documentationLink(id, options);
  const details = describeRule(ruleMeta(first.ruleId)!, link);
  const parts =
    here.length === 1
      ? [details]
      : // Titles, not messages: the editor shows each diagnostic's message above the hover already.
        [`**${here.length} findings here**`, here.map((f) => `- ${f.severity}: ${ruleMeta(f.ruleId)!.title} ([${f.ruleId}](${link(f.ruleId)}))`).join('\n'), '---', details];
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') }, range: rangeOf(document, first) };
}

function documentationLink(id: string, options: HoverOptions): string {
  return options.commandLinks ? `command:${SHOW_DOCUMENTATION_COMMAND}?${encodeURIComponent(JSON.stringify([id]))}` : ruleDocUrl(id);
}

function describeRule(meta: RuleMeta, link: (id: string) => string): string {
  // The reason behind a fix's safety is on the rule's page: the hover stays short.
  const safety = meta.fixSafety && (meta.fixSafety.level === 'depends' ? 'safe or unsafe, depending on the finding' : meta.fixSafety.level);
  const lines = [`**${meta.title}** \`${meta.id}\``, '', meta.rationale, '', `**Fix:** ${meta.remediation}${safety ? ` (quick fix: ${safety})` : ''}`];
  if (meta.pss) {
    lines.push('', `**Pod Security Standards:** ${meta.pss.level} level, control "${meta.pss.control}".`);
  }
  lines.push('', `[Documentation](${link(meta.id)})`);
  return lines.join('\n');
}
