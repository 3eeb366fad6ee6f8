/** `kube-aegis explain <rule>`: a rule's documentation in the terminal. */
import { ruleDocUrl, type RuleMeta } from '../engine/index.js';
import { ALL_RULES } from '../rules/index.js';
import { columns, painter, useColor, type OutputStream } from './terminal.js';
import { UsageError } from './usage-error.js';
import { levelName, severityName } from '../l10n/names.js';
import { currentLocale, t, translateText } from '../l10n/t.js';

/** A run of spaces, one wide (CJK) character, or a run of anything else (the wide ranges are those of terminal.ts). */
const WRAP_TOKEN = /\s+|[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[^\s\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]+/g;

/**
 * Text wrapped at `width` columns, each line indented by `indent`. Words break at spaces; Chinese
 * text, written without spaces, may break between any two of its characters.
 */
function wrap(text: string, width: number, indent = '  '): string {
  const lines: string[] = [];
  let line = '';
  for (const token of text.match(WRAP_TOKEN) ?? []) {
    // A space is written only where the text had one: none goes between Chinese characters.
    if (/^\s/.test(token)) {
      if (line) line += ' ';
      continue;
    }
    if (line.trim() && columns(indent + line + token) > width) {
      lines.push(indent + line.trimEnd());
      line = token;
    } else line += token;
  }
  if (line.trim()) lines.push(indent + line.trimEnd());
  return lines.join('\n');
}

export function formatExplanation(meta: RuleMeta, color: boolean, width = 100): string {
  const paint = painter(color);
  const severity = meta.disabledByDefault ? t('{0} (off unless configured)', severityName(meta.severity)) : paint(meta.severity, severityName(meta.severity));
  const pss = meta.pss ? `${levelName(meta.pss.level)}: ${translateText(meta.pss.control)}` : t('not a Pod Security Standards control (default profile only)');
  const section = (title: string, body: string) => `\n${paint('bold', title)}\n${body}\n`;
  const facts: [string, string][] = [
    [t('severity'), severity],
    [t('category'), meta.category],
    ['PSS', pss],
    [t('fix'), meta.fixable ? t('yes (kube-aegis scan --fix)') : t('no')],
  ];
  const labelWidth = Math.max(...facts.map(([label]) => columns(label))) + 3;
  return [
    `${paint('bold', meta.id)}: ${translateText(meta.title)}\n`,
    `\n${facts.map(([label, value]) => `  ${label}${' '.repeat(labelWidth - columns(label))}${value}`).join('\n')}\n`,
    section(t('Why'), wrap(translateText(meta.rationale), width)),
    section(t('How to fix'), wrap(translateText(meta.remediation), width)),
    section(
      t('Suppressing'),
      [
        t('  this line:    # kube-aegis-disable-next-line {0}   (on the line above)', meta.id),
        t('  this object:  annotation kube-aegis.io/ignore: "{0}"', meta.id),
        t('  everywhere:   rules: { {0}: off }   in .kube-aegis.yaml', meta.id),
      ].join('\n'),
    ),
    meta.references.length ? section(t('References'), meta.references.map((r) => `  ${r}`).join('\n')) : '',
    section(t('Documentation'), `  ${ruleDocUrl(meta.id, currentLocale())}`),
  ].join('');
}

/** Rule ids that look like `id`: sharing a word with it, for the "did you mean" of a typo. */
function similarIds(id: string): string[] {
  const words = id.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 2);
  return ALL_RULES.map((r) => r.meta.id).filter((candidate) => words.some((w) => candidate.includes(w)));
}

export function runExplainCommand(argv: readonly string[], stdout: OutputStream = process.stdout, stderr: OutputStream = process.stderr): number {
  if (argv.length !== 1 || argv[0]!.startsWith('-')) throw new UsageError(t('explain takes one rule id (`kube-aegis rules` lists them)'));
  const id = argv[0]!;
  const rule = ALL_RULES.find((r) => r.meta.id === id);
  if (!rule) {
    const similar = similarIds(id);
    const message = similar.length
      ? t('kube-aegis: no rule "{0}"; did you mean {1}? (`kube-aegis rules` lists them)', id, similar.slice(0, 5).join(', '))
      : t('kube-aegis: no rule "{0}" (`kube-aegis rules` lists them)', id);
    stderr.write(`${message}\n`);
    return 2;
  }
  stdout.write(formatExplanation(rule.meta, useColor(stdout), Math.min(100, (stdout as { columns?: number }).columns ?? 100)));
  return 0;
}
