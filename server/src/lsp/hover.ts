/** Hover on a finding: what the rule is about, why it matters and how to fix it. */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleDocUrl, type Finding, type RuleMeta } from '../engine/index.js';
import { rangeOf } from './diagnostics.js';
import { ruleMeta } from './rule-catalog.js';

/** `findings`: the document's own and cross-file findings. */
export function hoverAt(document: TextDocument, findings: readonly Finding[], position: Position): Hover | undefined {
  const offset = document.offsetAt(position);
  const here = findings.filter((f) => f.start <= offset && offset <= f.end);
  const rules = [...new Set(here.map((f) => f.ruleId))].map(ruleMeta).filter((meta): meta is RuleMeta => meta !== undefined);
  if (rules.length === 0) return undefined;
  return {
    contents: { kind: MarkupKind.Markdown, value: rules.map(describeRule).join('\n\n---\n\n') },
    range: rangeOf(document, here[0]!),
  };
}

function describeRule(meta: RuleMeta): string {
  const lines = [`**${meta.title}** \`${meta.id}\``, '', meta.rationale, '', `**Fix:** ${meta.remediation}`];
  if (meta.pss) {
    lines.push('', `**Pod Security Standards:** ${meta.pss.level} level, control "${meta.pss.control}".`);
  }
  if (meta.fixSafety) {
    const level = meta.fixSafety.level === 'depends' ? 'safe or unsafe' : meta.fixSafety.level;
    lines.push('', `**Quick fix (${level}):** ${meta.fixSafety.reason}`);
  }
  lines.push('', `[Documentation](${ruleDocUrl(meta.id)})`);
  return lines.join('\n');
}
