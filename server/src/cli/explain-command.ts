/** `kube-aegis explain <rule>`: a rule's documentation in the terminal. */
import { ruleDocUrl, type RuleMeta } from '../engine/index.js';
import { ALL_RULES } from '../rules/index.js';
import { painter, useColor, type OutputStream } from './terminal.js';
import { UsageError } from './usage-error.js';

/** Text wrapped at `width` columns, each line indented by `indent`. */
function wrap(text: string, width: number, indent = '  '): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}

export function formatExplanation(meta: RuleMeta, color: boolean, width = 100): string {
  const paint = painter(color);
  const severity = meta.disabledByDefault ? `${meta.severity} (off unless configured)` : paint(meta.severity, meta.severity);
  const pss = meta.pss ? `${meta.pss.level}: ${meta.pss.control}` : 'not a Pod Security Standards control (default profile only)';
  const section = (title: string, body: string) => `\n${paint('bold', title)}\n${body}\n`;
  return [
    `${paint('bold', meta.id)}: ${meta.title}\n`,
    `\n  severity   ${severity}\n  category   ${meta.category}\n  PSS        ${pss}\n  fix        ${meta.fixable ? 'yes (kube-aegis scan --fix)' : 'no'}\n`,
    section('Why', wrap(meta.rationale, width)),
    section('How to fix', wrap(meta.remediation, width)),
    section(
      'Suppressing',
      [
        `  this line:    # kube-aegis-disable-next-line ${meta.id}   (on the line above)`,
        `  this object:  annotation kube-aegis.io/ignore: "${meta.id}"`,
        `  everywhere:   rules: { ${meta.id}: off }   in .kube-aegis.yaml`,
      ].join('\n'),
    ),
    meta.references.length ? section('References', meta.references.map((r) => `  ${r}`).join('\n')) : '',
    section('Documentation', `  ${ruleDocUrl(meta.id)}`),
  ].join('');
}

/** Rule ids that look like `id`: sharing a word with it, for the "did you mean" of a typo. */
function similarIds(id: string): string[] {
  const words = id.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 2);
  return ALL_RULES.map((r) => r.meta.id).filter((candidate) => words.some((w) => candidate.includes(w)));
}

export function runExplainCommand(argv: readonly string[], stdout: OutputStream = process.stdout, stderr: OutputStream = process.stderr): number {
  if (argv.length !== 1 || argv[0]!.startsWith('-')) throw new UsageError('explain takes one rule id (`kube-aegis rules` lists them)');
  const id = argv[0]!;
  const rule = ALL_RULES.find((r) => r.meta.id === id);
  if (!rule) {
    const similar = similarIds(id);
    stderr.write(`kube-aegis: no rule "${id}"${similar.length ? `; did you mean ${similar.slice(0, 5).join(', ')}?` : ''} (\`kube-aegis rules\` lists them)\n`);
    return 2;
  }
  stdout.write(formatExplanation(rule.meta, useColor(stdout), Math.min(100, (stdout as { columns?: number }).columns ?? 100)));
  return 0;
}
