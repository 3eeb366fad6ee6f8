/** The files of one run through the engine, with what the formatters need to print positions. */
import { analyzeSet, LineIndex, workloadSecurityLevels, type EngineConfig, type Finding, type WorkloadSecurityLevel } from '../engine/index.js';
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

/** No Pod Security levels; a function of its own, so that the report holds on to no model. */
const noWorkloads = (): readonly WorkloadSecurityLevel[] => [];

/**
 * Scans the files as one set: cross-file rules (namespaces, network policies) see all of them.
 * `onProgress` hears of each file analysed.
 */
export function scanFiles(inputs: readonly ScanInput[], onProgress?: (done: number, total: number) => void, options: { readonly workloads?: boolean } = {}): FileReport[] {
  const results = analyzeSet(inputs.map((i) => ({ key: i.path, text: i.text, config: i.config, fixEdits: i.fixEdits !== false })), ALL_RULES, 'scan', onProgress);
  return inputs.map(({ path, text, config }) => {
    const result = results.get(path)!;
    // A report that prints no Pod Security levels lets go of the file's positioned model.
    if (options.workloads === false) return fileReport(path, text, result.findings, noWorkloads);
    // Worked out when a format asks (stylish does): each pod's controls run again for its level.
    return fileReport(path, text, result.findings, () => workloadSecurityLevels(result.analysis, ALL_RULES, config));
  });
}

/**
 * The report of one file. Its line index is built when a format first asks for a position (most
 * files of a large scan have no finding), the Pod Security levels when a format asks for them.
 */
export function fileReport(path: string, text: string, findings: readonly Finding[], workloadsOf: () => readonly WorkloadSecurityLevel[]): FileReport {
  let lines: LineIndex | undefined;
  let workloads: readonly WorkloadSecurityLevel[] | undefined;
  return {
    path,
    text,
    findings,
    get lines() {
      return (lines ??= new LineIndex(text));
    },
    get workloads() {
      return (workloads ??= workloadsOf());
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
