/**
 * `kube-aegis scan`: a thin shell around the engine. It finds files and configuration, reads
 * them, runs the engine and prints the findings; everything it knows about manifests comes
 * from the engine.
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseCliArgs, UsageError, USAGE, type CliArgs } from './args.js';
import { ConfigResolver, ConfigError } from './config-files.js';
import { collectFiles, InputError, readInput, type Input } from './files.js';
import { formatJson } from './format-json.js';
import { formatSarif } from './format-sarif.js';
import { formatStylish } from './format-stylish.js';
import { scanFiles, type FileReport, type ScanInput } from './scan.js';
import { fixAll, type EngineConfig } from '../engine/index.js';
import { ALL_RULES } from '../rules/index.js';
import { SEVERITY_RANK } from './severity.js';
import { documentKindOf } from '../engine/document.js';
import { applyRenderFixes, isOwned, placeRenderFindings, renderRoots, renderSummary } from './render-roots.js';

export async function main(argv: readonly string[]): Promise<number> {
  stopQuietlyWhenOutputCloses();
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
  let scan: Scan;
  try {
    scan = await scanAll(args);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof InputError) {
      process.stderr.write(`kube-aegis: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  process.stdout.write(format(args, scan.reports));
  for (const note of scan.notes) process.stderr.write(`${note}\n`);
  if (scan.unreadable > 0) return 2;
  return failing(args, scan.reports) ? 1 : 0;
}

interface Scan {
  readonly reports: FileReport[];
  /** What `--fix` changed, one line per file. */
  readonly notes: string[];
  /** Files that could not be read (reported on stderr; the exit status becomes 2). */
  unreadable: number;
}

async function scanAll(args: CliArgs): Promise<Scan> {
  const resolver = new ConfigResolver(args.config, args.profile);
  const scan: Scan = { reports: [], notes: [], unreadable: 0 };
  const inputs: ScanInput[] = [];
  const programs = { ...(args.helm ? { helm: args.helm } : {}), ...(args.kustomize ? { kustomize: args.kustomize } : {}) };
  let rendered = await renderRoots(args.paths, (path) => resolver.ignores(path), (file) => resolver.configFor(file), programs);
  for (const file of await collectFiles(args.paths, (path) => resolver.ignores(path))) {
    // Templates, values, resources and patches of a chart or kustomization are checked through its rendering.
    if (isOwned(rendered, file)) continue;
    let input: Input;
    try {
      input = await readInput(file);
    } catch (error) {
      process.stderr.write(`kube-aegis: cannot read ${file}: ${(error as Error).message}\n`);
      scan.unreadable++;
      continue;
    }
    const config = resolver.configFor(file);
    const shown = file === '-' ? '<stdin>' : relative(process.cwd(), file) || file;
    let text = input.text;
    if (args.fix && file === '-') scan.notes.push('standard input is not rewritten by --fix: the findings are those of the text as given');
    else if (args.fix) text = fixFile(file, shown, input, config, scan.notes);
    inputs.push({ path: shown, text, config });
  }
  // All files are read before any is reported: cross-file rules look at the whole set.
  let reports = placeRenderFindings(rendered, scanFiles([...inputs, ...rendered.inputs]));
  // Fixes of rendered roots land in values files, patches and resources: render again to see what remains.
  for (let round = 0; args.fix && round < 3; round++) {
    const fixed = applyRenderFixes(rendered, reports);
    if (fixed.length === 0) break;
    scan.notes.push(...fixed);
    rendered = await renderRoots(args.paths, (path) => resolver.ignores(path), (file) => resolver.configFor(file), programs);
    reports = placeRenderFindings(rendered, scanFiles([...inputs, ...rendered.inputs]));
  }
  scan.reports.push(...reports);
  const summary = renderSummary(rendered);
  if (summary) scan.notes.push(summary);
  return scan;
}

/** Applies the safe fixes to `file` in place; returns the new text and notes what changed. */
function fixFile(file: string, shown: string, input: Input, config: EngineConfig, notes: string[]): string {
  const result = fixAll(input.text, ALL_RULES, config, { kind: documentKindOf(file) });
  if (result.text === input.text) return input.text;
  writeFileSync(file, (input.bom ? '\uFEFF' : '') + result.text);
  const byRule = new Map<string, number>();
  for (const fix of result.applied) byRule.set(fix.ruleId, (byRule.get(fix.ruleId) ?? 0) + 1);
  notes.push(`fixed ${shown}: ${[...byRule].map(([id, n]) => `${id} x${n}`).join(', ')}`);
  return result.text;
}

function format(args: CliArgs, reports: readonly FileReport[]): string {
  if (args.format === 'json') return formatJson(reports);
  if (args.format === 'sarif') return formatSarif(reports, ALL_RULES, VERSION);
  return formatStylish(reports, process.stdout.isTTY === true);
}

function failing(args: CliArgs, reports: readonly FileReport[]): boolean {
  if (args.failOn === 'none') return false;
  const threshold = SEVERITY_RANK[args.failOn];
  return reports.some((r) => r.findings.some((f) => SEVERITY_RANK[f.severity] >= threshold));
}

let watchingOutput = false;

/** `kube-aegis scan | head` closes the pipe early: that is the reader's choice, not an error. */
function stopQuietlyWhenOutputCloses(): void {
  if (watchingOutput) return;
  watchingOutput = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

declare const KUBE_AEGIS_VERSION: string | undefined;
const VERSION = typeof KUBE_AEGIS_VERSION === 'string' ? KUBE_AEGIS_VERSION : '0.0.0-dev';
