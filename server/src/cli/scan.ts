/** The files of one run through the engine, with what the formatters need to print positions. */
import {
  createAnalyzer,
  documentKindOf,
  LineIndex,
  reportSummaries,
  sectionIndexData,
  WorkspaceIndex,
  withCrossFileFindings,
  workloadSecurityLevels,
  type AnalysedSection,
  type EngineConfig,
  type FileIndexData,
  type Finding,
  type WorkloadSecurityLevel,
} from '../engine/index.js';
import { ALL_RULES } from '../rules/index.js';
import { scanFilesInThreads, threadsFor, type ScanWorkers } from './scan-threads.js';

export interface FileReport {
  readonly path: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly findings: readonly Finding[];
  /** The Pod Security level of each workload of the file. */
  readonly workloads?: readonly WorkloadSecurityLevel[];
}

export interface ScanInput {
  readonly path: string;
  readonly text: string;
  readonly config: EngineConfig;
  /**
   * False when the file's findings are only printed: their fixes are kept without edits (a scan of
   * a file with hundreds of thousands of findings holds far less). `--fix` works on the file before.
   */
  readonly fixEdits?: boolean;
}

/**
 * What a scan keeps of one file's analysis, on whichever thread it was made: its own findings,
 * what the workspace index needs of its objects, and the Pod Security levels when asked for. No
 * positioned model: each section's is let go once its findings are made.
 */
export interface FileScan {
  readonly findings: readonly Finding[];
  readonly index: FileIndexData;
  readonly workloads: readonly WorkloadSecurityLevel[];
}

/** Analyses one file of a scan (see `FileScan`); `workloads`: whether to work out the Pod Security levels. */
export function scanOneFile(input: ScanInput, workloads: boolean): FileScan {
  const sections: FileIndexData['sections'][number][] = [];
  const levels: WorkloadSecurityLevel[] = [];
  // The report counts the findings that stand in the way of the next level; it never fixes them.
  const summaries = workloads ? reportSummaries() : undefined;
  const eachSection = (section: AnalysedSection) => {
    sections.push(sectionIndexData(section));
    if (summaries) for (const level of workloadSecurityLevels({ sections: [section] }, ALL_RULES, input.config, summaries)) levels.push(level);
  };
  const analyzer = createAnalyzer(documentKindOf(input.path, undefined, input.text), ALL_RULES, input.config, { fixEdits: input.fixEdits !== false, eachSection });
  return { findings: analyzer.analyze(input.text).findings, index: { sections }, workloads: levels };
}

/**
 * Scans the files as one set: cross-file rules (namespaces, network policies) see all of them.
 * `onProgress` hears of each file analysed. `workloads`: whether the report prints Pod Security
 * levels (when not false, each file's are worked out with its findings).
 */
export function scanFiles(inputs: readonly ScanInput[], onProgress?: (done: number, total: number) => void, options: { readonly workloads?: boolean } = {}): FileReport[] {
  const scans = inputs.map((input, i) => {
    onProgress?.(i, inputs.length);
    return scanOneFile(input, options.workloads !== false);
  });
  return reportsOf(inputs, scans);
}

/**
 * The reports of the files, with the cross-file findings of the whole set: the index holds the
 * facts of each file's objects, and parses a section again only when a cross-file rule reads an
 * object's model.
 */
export function reportsOf(inputs: readonly ScanInput[], scans: readonly FileScan[]): FileReport[] {
  const index = new WorkspaceIndex('scan');
  inputs.forEach((input, i) => index.updateFromData(input.path, input.text, scans[i]!.index));
  const byKey = new Map(inputs.map((input, i) => [input.path, scans[i]!]));
  const files = inputs.map(({ path, config, fixEdits }) => ({ key: path, config, fixEdits: fixEdits !== false }));
  const findings = withCrossFileFindings(index, ALL_RULES, files, (key) => byKey.get(key)!.findings);
  return inputs.map(({ path, text }) => fileReport(path, text, findings.get(path)!, byKey.get(path)!.workloads));
}

/**
 * The report of one file. Its line index is built when a format first asks for a position (most
 * files of a large scan have no finding).
 */
export function fileReport(path: string, text: string, findings: readonly Finding[], workloads: readonly WorkloadSecurityLevel[]): FileReport {
  let lines: LineIndex | undefined;
  return {
    path,
    text,
    findings,
    workloads,
    get lines() {
      return (lines ??= new LineIndex(text));
    },
  };
}

export function scanText(path: string, text: string, config: EngineConfig): FileReport {
  return scanFiles([{ path, text, config }])[0]!;
}

/**
 * `scanFiles`, on several threads when the input is large enough or `jobs` (`--jobs`) asks for
 * it; the reports are the same either way. `workloads`: whether the report prints Pod Security
 * levels (worker threads then work them out with the findings); `workers`: threads started
 * while the files were read.
 */
export async function scanSet(inputs: readonly ScanInput[], options: { readonly jobs?: number; readonly workloads: boolean; readonly workers?: ScanWorkers }, onProgress?: (done: number, total: number) => void): Promise<FileReport[]> {
  const threads = threadsFor(inputs, options.jobs);
  return threads > 1 ? scanFilesInThreads(inputs, threads, options.workloads, onProgress, options.workers) : scanFiles(inputs, onProgress, { workloads: options.workloads });
}
