/** `kube-aegis rules`: the rule table, filtered by profile, category or fixability. */
import { parseArgs } from 'node:util';
import { activeRules, DEFAULT_CONFIG, mergeConfig, PROFILES, type Profile, type RuleMeta } from '../engine/index.js';
import { oneOf } from './args.js';
import { ALL_RULES } from '../rules/index.js';
import { columns, padToColumns, painter, useColor, type OutputStream } from './terminal.js';
import { UsageError } from './usage-error.js';
import { levelName, severityName } from '../l10n/names.js';
import { t, translateText } from '../l10n/t.js';

export interface RuleFilter {
  /** Only the rules this profile runs when nothing is configured. */
  readonly profile?: Profile;
  readonly category?: string;
  readonly fixable?: boolean;
}

export const CATEGORIES: readonly string[] = [...new Set(ALL_RULES.map((r) => r.meta.category))].sort();

export function selectRules(filter: RuleFilter): RuleMeta[] {
  const inProfile = filter.profile ? new Set(activeRules(ALL_RULES, mergeConfig(DEFAULT_CONFIG, { profile: filter.profile })).map((a) => a.rule.meta.id)) : undefined;
  return ALL_RULES.map((r) => r.meta).filter(
    (meta) => (!inProfile || inProfile.has(meta.id)) && (!filter.category || meta.category === filter.category) && (!filter.fixable || meta.fixable),
  );
}

/** The table: id, default severity ("off" for rules that run only when configured), category, PSS level, fix, title. */
export function formatRuleTable(metas: readonly RuleMeta[], color: boolean): string {
  if (metas.length === 0) return t('No rule matches.\n');
  const paint = painter(color);
  const header = [t('RULE'), t('SEVERITY'), t('CATEGORY'), 'PSS', t('FIX'), t('TITLE')];
  const rows = metas.map((m) => [m.id, m.disabledByDefault ? t('off') : severityName(m.severity), m.category, m.pss ? levelName(m.pss.level) : '-', m.fixable ? t('yes') : '-', translateText(m.title)]);
  const widths = header.map((h, i) => Math.max(columns(h), ...rows.map((r) => columns(r[i]!))));
  const padded = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : padToColumns(cell, widths[i]!)));
  const body = rows.map((row, k) => {
    const cells = padded(row);
    if (!metas[k]!.disabledByDefault) cells[1] = paint(metas[k]!.severity, cells[1]!);
    return cells.join('  ').trimEnd();
  });
  const count = metas.length === 1 ? t('1 rule; `kube-aegis explain <rule>` tells more.') : t('{0} rules; `kube-aegis explain <rule>` tells more.', metas.length);
  return `${paint('bold', padded(header).join('  ').trimEnd())}\n${body.join('\n')}\n\n${count}\n`;
}

export function runRulesCommand(argv: readonly string[], stdout: OutputStream = process.stdout): number {
  const { values, positionals } = (() => {
    try {
      return parseArgs({
        args: [...argv],
        allowPositionals: true,
        options: { profile: { type: 'string' }, category: { type: 'string' }, fixable: { type: 'boolean', default: false }, format: { type: 'string', default: 'table' } },
      });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  })();
  if (positionals.length) throw new UsageError(t('rules takes no arguments (got "{0}")', positionals[0]));
  const profile = values.profile === undefined ? undefined : oneOf(values.profile, PROFILES, '--profile');
  const category = values.category === undefined ? undefined : oneOf(values.category, CATEGORIES, '--category');
  const format = oneOf(values.format, ['table', 'json'] as const, '--format');
  const metas = selectRules({ ...(profile ? { profile } : {}), ...(category ? { category } : {}), fixable: values.fixable === true });
  stdout.write(format === 'json' ? `${JSON.stringify(metas, null, 2)}\n` : formatRuleTable(metas, useColor(stdout)));
  return 0;
}
