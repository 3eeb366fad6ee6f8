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
import { currentLocale, t, translateText } from '../l10n/t.js';
import { levelName, severityName } from '../l10n/names.js';

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
        [t('**{0} findings here**', here.length), here.map((f) => `- ${severityName(f.severity)}: ${translateText(ruleMeta(f.ruleId)!.title)} ([${f.ruleId}](${link(f.ruleId)}))`).join('\n'), '---', details];
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') }, range: rangeOf(document, first) };
}

function documentationLink(id: string, options: HoverOptions): string {
  return options.commandLinks ? `command:${SHOW_DOCUMENTATION_COMMAND}?${encodeURIComponent(JSON.stringify([id]))}` : ruleDocUrl(id, currentLocale());
}

function describeRule(meta: RuleMeta, link: (id: string) => string): string {
  // The reason behind a fix's safety is on the rule's page: the hover stays short.
  const remediation = translateText(meta.remediation);
  const fix = !meta.fixSafety
    ? t('**Fix:** {0}', remediation)
    : meta.fixSafety.level === 'depends'
      ? t('**Fix:** {0} (quick fix: safe or unsafe, depending on the finding)', remediation)
      : meta.fixSafety.level === 'safe'
        ? t('**Fix:** {0} (quick fix: safe)', remediation)
        : t('**Fix:** {0} (quick fix: unsafe)', remediation);
  const lines = [`**${translateText(meta.title)}** \`${meta.id}\``, '', translateText(meta.rationale), '', fix];
  if (meta.pss) {
    lines.push('', t('**Pod Security Standards:** {0} level, control "{1}".', levelName(meta.pss.level), translateText(meta.pss.control)));
  }
  lines.push('', t('[Documentation]({0})', link(meta.id)));
  return lines.join('\n');
}
