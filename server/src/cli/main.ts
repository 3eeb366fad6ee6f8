/**
 * `kube-aegis scan`: a thin shell around the engine. It finds files and configuration, reads
 * them, runs the engine and prints the findings; everything it knows about manifests comes
 * from the engine.
 */
import { once } from 'node:events';
import { relative } from 'node:path';
import { parseCliArgs, usage, UsageError, type CliArgs } from './args.js';
import { runExplainCommand } from './explain-command.js';
import { reportedOf, tooManyWarnings } from './report-options.js';
import { runRulesCommand } from './rules-command.js';
import { Progress, useColor } from './terminal.js';
import { ConfigResolver, ConfigError } from './config-files.js';
import { collectFiles, InputError, readInput, type Input } from './files.js';
import { formatJsonChunks } from './format-json.js';
import { formatSarifChunks } from './format-sarif.js';
import { formatStylishChunks } from './format-stylish.js';
import { scanSet, type FileReport, type ScanInput } from './scan.js';
import { ScanWorkers, threadCount } from './scan-threads.js';
import { fixAll, type EngineConfig } from '../engine/index.js';
import { ALL_RULES } from '../rules/index.js';
import { SEVERITY_RANK } from './severity.js';
import { documentKindOf } from '../engine/document.js';
import { fixedNote, scannedTrees, writeFixedFile, WriteRefused } from './write-fixes.js';
import { applyRenderFixes, isOwned, placeRenderFindings, renderRoots, renderSummary } from './render-roots.js';
import { t } from '../l10n/t.js';
import { takeLanguage } from './language.js';

/** Commands besides `scan` (and `lsp`, which bin/kube-aegis.js starts): each parses its own arguments. */
const COMMANDS: Record<string, (argv: readonly string[]) => number> = { rules: runRulesCommand, explain: runExplainCommand };

export async function main(argv: readonly string[]): Promise<number> {
  stopQuietlyWhenOutputCloses();
  let args;
  try {
    argv = takeLanguage(argv, process.env);
    const command = COMMANDS[argv[0] ?? ''];
    if (command) return command(argv.slice(1));
    args = parseCliArgs(argv, process.env);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`kube-aegis: ${error.message}\n\n${usage()}`);
      return 2;
    }
    throw error;
  }
  if (args.help) {
    process.stdout.write(usage());
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
  if (scan.reports.length === 0 && scan.explicitPaths && scan.unreadable === 0) {
    // Named paths that yield nothing to check are a mistake (a wrong folder, an ignore of everything), not a clean scan.
    const paths = args.paths.join(', ');
    const message = scan.configs.length
      ? t('kube-aegis: no files checked: {0} held no manifests (*.yaml, *.yml, *.json, *.jsonl) that the configuration does not ignore (configuration: {1})', paths, scan.configs.join(', '))
      : t('kube-aegis: no files checked: {0} held no manifests (*.yaml, *.yml, *.json, *.jsonl) that the configuration does not ignore', paths);
    process.stderr.write(`${message}\n`);
    return 2;
  }
  const reports = reportedOf(scan.reports, args);
  await writeOut(format(args, reports));
  for (const note of scan.notes) process.stderr.write(`${note}\n`);
  if (scan.configs.length) process.stderr.write(`${t('kube-aegis: configuration used: {0}', scan.configs.join(', '))}\n`);
  const warningsOver = tooManyWarnings(reports, args);
  if (warningsOver) process.stderr.write(t('kube-aegis: too many warnings (more than --max-warnings {0})\n', args.maxWarnings ?? 0));
  if (scan.unreadable > 0 || scan.unwritten > 0) return 2;
  return failing(args, reports) || warningsOver ? 1 : 0;
}

interface Scan {
  readonly reports: FileReport[];
  /** The configuration files that applied (and those consulted for ignores), as shown to the user. */
  configs: string[];
  /** Whether the paths were named on the command line (not the default "."). */
  readonly explicitPaths: boolean;
  /** Notes printed after the report (what `--fix` changed is printed as soon as it is written). */
  readonly notes: string[];
  /** Files that could not be read (reported on stderr; the exit status becomes 2). */
  unreadable: number;
  /** Files `--fix` could not write (reported on stderr; the exit status becomes 2). */
  unwritten: number;
}

async function scanAll(args: CliArgs): Promise<Scan> {
  const workers = new ScanWorkers();
  try {
    return await scanWith(args, workers);
  } finally {
    workers.close();
  }
}

/** `scanAll`; `workers` start while the files are read, once the scan is sure to want them. */
async function scanWith(args: CliArgs, workers: ScanWorkers): Promise<Scan> {
  const resolver = new ConfigResolver(args.config, args.profile, args.paths);
  const scan: Scan = { reports: [], notes: [], unreadable: 0, unwritten: 0, configs: [], explicitPaths: args.explicitPaths };
  const inputs: ScanInput[] = [];
  // A line on the terminal while a long scan runs; never among JSON or SARIF output.
  const progress = new Progress(args.format === 'stylish' ? process.stderr : undefined);
  const trees = args.fix ? await scannedTrees(args.paths) : [];
  const programs = { ...(args.helm ? { helm: args.helm } : {}), ...(args.kustomize ? { kustomize: args.kustomize } : {}) };
  let rendered = await renderRoots(args.paths, (path) => resolver.ignores(path), (file) => resolver.configFor(file), programs);
  const files = await collectFiles(args.paths, (path) => resolver.ignores(path));
  let chars = 0;
  for (const [index, file] of files.entries()) {
    progress.update('reading', index, files.length);
    // Templates, values, resources and patches of a chart or kustomization are checked through its rendering.
    if (isOwned(rendered, file)) continue;
    let input: Input;
    try {
      input = await readInput(file);
    } catch (error) {
      if (error instanceof InputError) throw error;
      process.stderr.write(t('kube-aegis: cannot read {0}: {1}\n', file, (error as Error).message));
      scan.unreadable++;
      continue;
    }
    // Standard input stands for --stdin-filename when given: its configuration, its name.
    const named = file === '-' ? args.stdinFilename : undefined;
    const config = resolver.configFor(named ?? file);
    const shown = file === '-' && !named ? '<stdin>' : relative(process.cwd(), named ?? file) || (named ?? file);
    let text = input.text;
    if (args.fix && file === '-') scan.notes.push(t('standard input is not rewritten by --fix: the findings are those of the text as given'));
    else if (args.fix) text = await fixFile(file, shown, input, config, args.unsafeFixes, trees, scan);
    // Fixes are applied above (`--fix`), never from the report: it needs to know only which findings have one.
    inputs.push({ path: shown, text, config, fixEdits: false });
    chars += text.length;
    workers.prepare(threadCount(files.length, chars, args.jobs) - 1);
  }
  // All files are read before any is reported: cross-file rules look at the whole set.
  const threads = { ...(args.jobs !== undefined ? { jobs: args.jobs } : {}), workloads: args.format === 'stylish' && !args.quiet };
  let reports = placeRenderFindings(rendered, await scanSet([...inputs, ...rendered.inputs], { ...threads, workers }, (done, total) => progress.update('checking', done, total)));
  // Fixes of rendered roots land in values files, patches and resources: render again to see what remains.
  for (let round = 0; args.fix && round < 3; round++) {
    const fixed = await applyRenderFixes(rendered, reports, args.unsafeFixes, trees);
    scan.unwritten += fixed.unwritten;
    scan.notes.push(...fixed.notes);
    // Nothing written: rendering again would change nothing.
    if (fixed.written === 0) break;
    rendered = await renderRoots(args.paths, (path) => resolver.ignores(path), (file) => resolver.configFor(file), programs);
    reports = placeRenderFindings(rendered, await scanSet([...inputs, ...rendered.inputs], threads));
  }
  progress.finish();
  // Pushed one by one: a spread of a huge array would overflow the call stack.
  for (const report of reports) scan.reports.push(report);
  const summary = renderSummary(rendered);
  if (summary) scan.notes.push(summary);
  scan.configs = [...resolver.used].map((path) => relative(process.cwd(), path) || path);
  return scan;
}

/**
 * Applies the safe fixes (and unsafe ones when asked) to `file` in place and says what changed
 * (at once, so that a later failure cannot hide it) and which fixes were left out. Returns the
 * text now in the file: the original when it could not be written, which is then a per-file
 * error and the run goes on.
 */
async function fixFile(file: string, shown: string, input: Input, config: EngineConfig, unsafe: boolean, trees: readonly string[], scan: Scan): Promise<string> {
  const result = fixAll(input.text, ALL_RULES, config, { kind: documentKindOf(file, undefined, input.text), unsafe });
  for (const fix of result.dropped) process.stderr.write(t('fix left out in {0}: {1} "{2}": {3}\n', shown, fix.ruleId, fix.title, fix.reason));
  if (result.text === input.text) return input.text;
  const bom = input.bom ? '\uFEFF' : '';
  try {
    await writeFixedFile(file, bom + input.text, bom + result.text, trees);
  } catch (error) {
    if (!(error instanceof WriteRefused)) throw error;
    process.stderr.write(t('kube-aegis: cannot write {0}: {1}\n', shown, error.message));
    scan.unwritten++;
    return input.text;
  }
  process.stderr.write(`${fixedNote(shown, result.applied)}\n`);
  return result.text;
}


function format(args: CliArgs, reports: readonly FileReport[]): string | Iterable<string> {
  if (args.format === 'json') return formatJsonChunks(reports);
  if (args.format === 'sarif') return formatSarifChunks(reports, ALL_RULES, VERSION);
  return formatStylishChunks(reports, useColor(process.stdout));
}

/** Writes the report piece by piece, waiting while the reader catches up: a large report is never held whole. */
async function writeOut(output: string | Iterable<string>): Promise<void> {
  if (typeof output === 'string') {
    process.stdout.write(output);
    return;
  }
  for (const chunk of output) {
    if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
  }
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
