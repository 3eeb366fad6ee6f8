/**
 * `kube-aegis scan`: a thin shell around the engine. It finds files and configuration, reads
 * them, runs the engine and prints the findings; everything it knows about manifests comes
 * from the engine.
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseCliArgs, UsageError, USAGE } from './args.js';
import { ConfigResolver, ConfigError } from './config-files.js';
import { collectFiles, readInput } from './files.js';
import { formatJson } from './format-json.js';
import { formatSarif } from './format-sarif.js';
import { formatStylish } from './format-stylish.js';
import { scanText, type FileReport } from './scan.js';
import { fixAll } from '../engine/index.js';
import { ALL_RULES } from '../rules/index.js';
import { SEVERITY_RANK } from './severity.js';
import { documentKindOf } from '../engine/document.js';

export async function main(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`kube-aegis: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }

  const resolver = new ConfigResolver(args.config, args.profile);
  const reports: FileReport[] = [];
  const fixNotes: string[] = [];
  let ioErrors = 0;
  try {
    const files = await collectFiles(args.paths, (path) => resolver.ignores(path));
    for (const file of files) {
      let input;
      try {
        input = await readInput(file);
      } catch (error) {
        process.stderr.write(`kube-aegis: cannot read ${file}: ${(error as Error).message}\n`);
        ioErrors++;
        continue;
      }
      const config = resolver.configFor(file);
      let text = input.text;
      if (args.fix && file !== '-') {
        const result = fixAll(text, ALL_RULES, config, { kind: documentKindOf(file) });
        if (result.text !== text) {
          writeFileSync(file, (input.bom ? '\uFEFF' : '') + result.text);
          text = result.text;
          const byRule = new Map<string, number>();
          for (const fix of result.applied) byRule.set(fix.ruleId, (byRule.get(fix.ruleId) ?? 0) + 1);
          fixNotes.push(`fixed ${relative(process.cwd(), file) || file}: ${[...byRule].map(([id, n]) => `${id} x${n}`).join(', ')}`);
        }
      }
      reports.push(scanText(file === '-' ? '<stdin>' : relative(process.cwd(), file) || file, text, config));
    }
  } catch (error) {
    if (error instanceof ConfigError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write(`kube-aegis: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }

  const output = args.format === 'json' ? formatJson(reports) : args.format === 'sarif' ? formatSarif(reports, ALL_RULES, VERSION) : formatStylish(reports, process.stdout.isTTY === true);
  process.stdout.write(output);
  for (const note of fixNotes) process.stderr.write(`${note}\n`);
  if (ioErrors > 0) return 2;
  if (args.failOn === 'none') return 0;
  const threshold = SEVERITY_RANK[args.failOn];
  const failing = reports.some((r) => r.findings.some((f) => SEVERITY_RANK[f.severity] >= threshold));
  return failing ? 1 : 0;
}

declare const KUBE_AEGIS_VERSION: string | undefined;
const VERSION = typeof KUBE_AEGIS_VERSION === 'string' ? KUBE_AEGIS_VERSION : '0.0.0-dev';
