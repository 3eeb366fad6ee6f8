/**
 * Checks across files. A `WorkspaceIndex` holds, per file key (a path or a URI, the caller
 * decides), summaries of the Kubernetes objects of that file as the per-file analysis found
 * them; `checkWorkspace` runs the rules' `checkWorkspace` hooks over everything indexed and
 * returns findings per file, with file offsets, suppressions applied.
 *
 * The index is pure data: the caller feeds it. `analyzeSet` analyses a set of files as one; the
 * CLI feeds the index each file's facts (`sectionIndexData`, `updateFromData`), made while the
 * file's sections are analysed, without keeping their models. An editor keeps one index (scope
 * 'workspace') for the session:
 *   - files on disk:   `index.updateText(uri, text, config)` (parse only), `index.remove(uri)`
 *   - open documents:  `index.update(uri, analyzer.analyze(text))` with the document's Analyzer,
 *                      which takes precedence over disk until the document is closed
 *   - after a change:  `checkWorkspace(index, rules, configOf)` and, per file, publish its own
 *                      findings plus the cross-file ones (`index.version` tells if anything moved)
 */
import { asSentence, objectRefOf, shift, type AnalysedSection, type Analysis, type Finding } from './analyze.js';
import { createAnalyzer, documentKindOf } from './document.js';
import { activeRules, type EngineConfig } from './config.js';
import { EditKit, FixSummaries, type Fix } from './edits.js';
import { controlPlanePodOf } from './control-plane.js';
import { objectsOf, podSpecOf, type K8sObject, type PodSpec } from './k8s.js';
import { parseSection, type CommentLine } from './parse.js';
import { getMap, get, itemsAt, pairOf, scalarAt, stringAt, type Span } from './model.js';
import { readLabels, readSelector, type LabelSelector, type Labels } from './selectors.js';
import type { Rule, Severity } from './rule.js';
import { exemptedRules } from './exemptions.js';
import { holdsDirective, ignoredRulesOf, isIgnored, SuppressionSet } from './suppress.js';
import { t } from '../l10n/t.js';

export interface NetworkPolicySummary {
  /** Undefined when the selector could not be read. */
  readonly podSelector: LabelSelector | undefined;
  /** `spec.policyTypes`, or what the API server defaults it to (Ingress, plus Egress when egress rules exist). */
  readonly policyTypes: readonly string[];
}

/**
 * What the cross-file rules read of a pod spec, so that they need no positioned model (spans are
 * relative to the section, as the model's are).
 */
export interface PodFacts {
  /** Whether the pod spec writes `automountServiceAccountToken`, whatever its value. */
  readonly automountServiceAccountToken: boolean;
  /** The ServiceAccount its pods run as, where written as a string: `serviceAccountName`, else the older `serviceAccount`. */
  readonly serviceAccountName: string | undefined;
  /** The first of `serviceAccountName` and `serviceAccount` written: its value when a string, and where that value is. */
  readonly serviceAccountField: { readonly value: string | undefined; readonly at: Span } | undefined;
  /** Whether `hostNetwork` is true. */
  readonly hostNetwork: boolean;
  /** Whether it is a control-plane static pod (see `controlPlanePodOf`). */
  readonly controlPlane: boolean;
  /** Where to point for what the pod spec lacks (`PodSpec.anchor`). */
  readonly anchor: Span;
}

/** One Kubernetes object of an indexed file. Spans of `object` are relative to `sectionText`. */
export interface IndexedObject {
  readonly fileKey: string;
  readonly kind: string;
  readonly apiVersion: string;
  readonly name?: string;
  /** `metadata.namespace` as written (undefined: the namespace the manifest is applied to). */
  readonly namespace?: string;
  readonly labels: Labels;
  /** Labels of the pods a workload creates (`metadata.labels` for a Pod). */
  readonly podLabels?: Labels;
  /** The key of those labels, when written (section offsets). */
  readonly podLabelsKey: Span | undefined;
  /** Set when the object holds a pod spec. */
  readonly pod: PodFacts | undefined;
  readonly networkPolicy?: NetworkPolicySummary;
  /** The object in the positioned model, with the text its spans point into. */
  readonly object: K8sObject;
  readonly sectionText: string;
  /** Offset of the section in the file. */
  readonly sectionStart: number;
  /** Where the object is (file offsets). */
  readonly range: Span;
  /** Where to point at the object as a whole: the value of `metadata.name`, else `kind` (file offsets). */
  readonly anchor: Span;
  /** Rules its `kube-aegis.io/ignore` annotations (on the object or its pod template) turn off. */
  readonly ignored: Set<string> | 'all' | undefined;
}

/** How messages name the analysed set: "the 12 files scanned" or "... of this workspace". */
export type WorkspaceScope = 'scan' | 'workspace';

/** What the index holds of one file; a new entry replaces it whenever the file is indexed again. */
export interface IndexedFile {
  readonly objects: readonly IndexedObject[];
  readonly suppressions: SuppressionSet;
}

export class WorkspaceIndex {
  private readonly files = new Map<string, IndexedFile>();
  private changes = 0;

  constructor(readonly scope: WorkspaceScope = 'scan') {}

  /** Replaces what is known of `fileKey` with the objects of an analysis of its current text. */
  update(fileKey: string, analysis: { readonly sections: readonly AnalysedSection[] }): void {
    const suppressions = new SuppressionSet();
    const objects: IndexedObject[] = [];
    for (const section of analysis.sections) {
      if (holdsDirective(section.parsed)) suppressions.addComments(section.text, section.start, section.parsed.comments);
      for (const object of section.objects) objects.push(summarise(fileKey, object, section));
    }
    this.files.set(fileKey, { objects, suppressions });
    this.changes++;
  }

  /**
   * Replaces what is known of `fileKey` with what `indexDataOf` took from an analysis of `text`
   * made elsewhere (another thread). An object's positioned model is parsed again from its
   * section only when a cross-file rule reads it.
   */
  updateFromData(fileKey: string, text: string, data: FileIndexData): void {
    const suppressions = new SuppressionSet();
    const objects: IndexedObject[] = [];
    for (const section of data.sections) {
      const sectionText = text.slice(section.start, section.end);
      suppressions.addComments(sectionText, section.start, section.comments);
      let parsed: readonly K8sObject[] | undefined;
      const modelOf = (position: number): K8sObject => (parsed ??= sectionObjects(sectionText))[position]!;
      for (const facts of section.objects) objects.push(fromData(fileKey, facts, sectionText, section.start, modelOf));
    }
    this.files.set(fileKey, { objects, suppressions });
    this.changes++;
  }

  /** Indexes a file from its text alone (parsing only, no per-file rules): for files not open in an editor. */
  updateText(fileKey: string, text: string, config: EngineConfig): void {
    this.update(fileKey, createAnalyzer(documentKindOf(fileKey, undefined, text), [], config).analyze(text));
  }

  remove(fileKey: string): boolean {
    const removed = this.files.delete(fileKey);
    if (removed) this.changes++;
    return removed;
  }

  has(fileKey: string): boolean {
    return this.files.has(fileKey);
  }

  fileKeys(): string[] {
    return [...this.files.keys()];
  }

  /** Increases with every update or removal (lets a caller skip re-checking an unchanged index). */
  get version(): number {
    return this.changes;
  }

  objects(): IndexedObject[] {
    return [...this.files.values()].flatMap((f) => f.objects);
  }

  /** Files holding at least one Kubernetes object. */
  get manifestCount(): number {
    let count = 0;
    for (const file of this.files.values()) if (file.objects.length > 0) count++;
    return count;
  }

  suppressions(fileKey: string): SuppressionSet | undefined {
    return this.files.get(fileKey)?.suppressions;
  }

  /** The entry of `fileKey`: the same object until the file is indexed again or removed. */
  entry(fileKey: string): IndexedFile | undefined {
    return this.files.get(fileKey);
  }

  /** An index holding what this one holds now, unchanged by later updates of this one. */
  snapshot(): WorkspaceIndex {
    const copy = new WorkspaceIndex(this.scope);
    for (const [key, file] of this.files) copy.files.set(key, file);
    copy.changes = this.changes;
    return copy;
  }
}

/** What a workspace rule sees: every indexed object, read-only. */
export interface WorkspaceView {
  readonly objects: readonly IndexedObject[];
  ofKind(kind: string): readonly IndexedObject[];
  /** Files holding at least one Kubernetes object. */
  readonly manifestCount: number;
  /** "among the 12 files scanned" / "among the 12 files of this workspace" (files holding Kubernetes objects). */
  readonly scopeDescription: string;
}

export interface WorkspaceReport {
  readonly object: IndexedObject;
  /** Section-relative span inside `object.sectionText`; defaults to `object`'s anchor. */
  readonly at?: Span;
  readonly message: string;
  /** Fixes with section-relative edits (built with `context.edits(object)`). */
  readonly fixes?: readonly Fix[];
  /** This finding's severity when it differs from the rule's default; a severity configured for the rule still wins. */
  readonly severity?: Severity;
}

export interface WorkspaceContext {
  report(report: WorkspaceReport): void;
  /** Edit helpers for the text of the section that holds `object`. */
  edits(object: IndexedObject): EditKit;
}

/** Configuration for every file, or per file (the CLI resolves `.kube-aegis.yaml` per directory). */
export type ConfigSource = EngineConfig | ((fileKey: string) => EngineConfig);

/**
 * Runs the workspace rules over the index. Every indexed file gets an entry, empty when clean.
 * `found` hears of each finding kept, with the object it is about.
 */
export function checkWorkspace(index: WorkspaceIndex, rules: readonly Rule[], config: ConfigSource, found?: (finding: Finding, object: IndexedObject) => void): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>(index.fileKeys().map((key) => [key, []]));
  const workspaceRules = rules.filter((r) => r.checkWorkspace);
  if (workspaceRules.length === 0) return out;
  const configOf = typeof config === 'function' ? config : () => config;
  const severities = new Map<string, Map<string, { severity: Severity; configured: boolean }>>();
  const severityIn = (fileKey: string, ruleId: string, reported: Severity | undefined): Severity | undefined => {
    let active = severities.get(fileKey);
    if (!active) {
      active = new Map(activeRules(workspaceRules, configOf(fileKey)).map((a) => [a.rule.meta.id, { severity: a.severity, configured: a.configured }]));
      severities.set(fileKey, active);
    }
    const setting = active.get(ruleId);
    if (!setting) return undefined;
    return setting.configured ? setting.severity : (reported ?? setting.severity);
  };
  const view = viewOf(index);
  for (const rule of workspaceRules) {
    const ruleId = rule.meta.id;
    const context: WorkspaceContext = {
      edits: (object) => new EditKit(object.sectionText),
      report: (report) => {
        const { object } = report;
        const severity = severityIn(object.fileKey, ruleId, report.severity);
        if (!severity || suppressed(index, object, ruleId, report.at)) return;
        if (isIgnored(exemptedRules(object, configOf(object.fileKey).exemptions), ruleId)) return;
        const finding = toFinding(ruleId, severity, report);
        out.get(object.fileKey)?.push(finding);
        found?.(finding, object);
      },
    };
    try {
      rule.checkWorkspace!(view, context);
    } catch {
      // A failing cross-file rule must not hide the per-file findings; the others still run.
    }
  }
  for (const findings of out.values()) findings.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
  return out;
}

function viewOf(index: WorkspaceIndex): WorkspaceView {
  const objects = index.objects();
  const byKind = new Map<string, IndexedObject[]>();
  for (const object of objects) {
    const list = byKind.get(object.kind);
    if (list) list.push(object);
    else byKind.set(object.kind, [object]);
  }
  // Files, not objects: a file may hold many manifests.
  const count = index.manifestCount;
  const inScan = index.scope === 'scan';
  return {
    objects,
    ofKind: (kind) => byKind.get(kind) ?? [],
    manifestCount: count,
    scopeDescription:
      count === 1
        ? inScan ? t('among the 1 file scanned') : t('among the 1 file of this workspace')
        : inScan ? t('among the {0} files scanned', count) : t('among the {0} files of this workspace', count),
  };
}

function suppressed(index: WorkspaceIndex, object: IndexedObject, ruleId: string, at: Span | undefined): boolean {
  if (isIgnored(object.ignored, ruleId)) return true;
  const start = at ? at.start : object.anchor.start - object.sectionStart;
  const lineStart = object.sectionStart + object.sectionText.lastIndexOf('\n', start - 1) + 1;
  return index.suppressions(object.fileKey)?.suppresses(ruleId, lineStart) ?? false;
}

function toFinding(ruleId: string, severity: Severity, report: WorkspaceReport): Finding {
  const { object } = report;
  const at = report.at ?? { start: object.anchor.start - object.sectionStart, end: object.anchor.end - object.sectionStart };
  const finding: Finding = { ruleId, severity, message: asSentence(report.message), start: at.start, end: at.end, fixes: report.fixes ?? [], object: objectRefOf(object) };
  return shift(finding, object.sectionStart);
}

/** What the index knows of an object wherever its section sits (the anchor is section-relative). */
export interface ObjectFacts {
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly labels: Labels;
  readonly podLabels: Labels | undefined;
  readonly podLabelsKey: Span | undefined;
  readonly pod: PodFacts | undefined;
  readonly networkPolicy: NetworkPolicySummary | undefined;
  readonly ignored: Set<string> | 'all' | undefined;
  readonly anchor: Span;
}

/**
 * Facts per object of the positioned model. An edit re-parses one section; the objects of the
 * others are the same, so re-indexing the file only moves their spans.
 */
const factsOfObject = new WeakMap<K8sObject, ObjectFacts>();

function factsOf(object: K8sObject): ObjectFacts {
  let facts = factsOfObject.get(object);
  if (facts) return facts;
  const metadata = getMap(object.node, 'metadata');
  const pod = podSpecOf(object);
  const labels = readLabels(get(metadata, 'labels'));
  const podLabelsKey = pairOf(object.kind === 'Pod' ? metadata : pod?.podMetadata, 'labels')?.key;
  facts = {
    name: object.name,
    namespace: object.namespace,
    labels,
    podLabels: object.kind === 'Pod' ? labels : pod ? readLabels(get(pod.podMetadata, 'labels')) : undefined,
    podLabelsKey: podLabelsKey && spanOf(podLabelsKey),
    pod: pod && podFactsOf(pod),
    networkPolicy: object.kind === 'NetworkPolicy' ? networkPolicyOf(object) : undefined,
    ignored: ignoredRulesOf(object),
    anchor: pairOf(metadata, 'name')?.value ?? pairOf(object.node, 'kind')?.value ?? object.node,
  };
  factsOfObject.set(object, facts);
  return facts;
}

function podFactsOf(pod: PodSpec): PodFacts {
  const field = pairOf(pod.spec, 'serviceAccountName') ?? pairOf(pod.spec, 'serviceAccount');
  const written = field?.value;
  return {
    automountServiceAccountToken: pairOf(pod.spec, 'automountServiceAccountToken') !== undefined,
    serviceAccountName: stringAt(pod.spec, 'serviceAccountName') ?? stringAt(pod.spec, 'serviceAccount'),
    serviceAccountField: written && { value: written.kind === 'scalar' && typeof written.value === 'string' ? written.value : undefined, at: spanOf(written) },
    hostNetwork: scalarAt(pod.spec, 'hostNetwork') === true,
    controlPlane: controlPlanePodOf(pod) !== undefined,
    anchor: spanOf(pod.anchor),
  };
}

/** A span alone, without the node it is read from (which would keep the whole model). */
function spanOf(span: Span): Span {
  return { start: span.start, end: span.end };
}

// Every property always present, in one order: rules read these objects in hot loops.
function summarise(fileKey: string, object: K8sObject, section: AnalysedSection): IndexedObject {
  const by = section.start;
  const facts = factsOf(object);
  return {
    fileKey,
    kind: object.kind,
    apiVersion: object.apiVersion,
    name: facts.name,
    namespace: facts.namespace,
    labels: facts.labels,
    podLabels: facts.podLabels,
    podLabelsKey: facts.podLabelsKey,
    pod: facts.pod,
    networkPolicy: facts.networkPolicy,
    ignored: facts.ignored,
    object,
    sectionText: section.text,
    sectionStart: by,
    range: { start: object.node.start + by, end: object.node.end + by },
    anchor: { start: facts.anchor.start + by, end: facts.anchor.end + by },
  };
}

function networkPolicyOf(object: K8sObject): NetworkPolicySummary {
  const spec = getMap(object.node, 'spec');
  const declared = itemsAt(spec, 'policyTypes').flatMap((item) => (item.kind === 'scalar' && typeof item.value === 'string' ? [item.value] : []));
  const policyTypes = declared.length ? declared : pairOf(spec, 'egress') ? ['Ingress', 'Egress'] : ['Ingress'];
  // The early alpha API wrote the pod selector as a plain label map.
  const selectorNode = get(spec, 'podSelector');
  const podSelector = object.apiVersion.startsWith('net.alpha.') ? { matchLabels: readLabels(selectorNode), matchExpressions: [] } : readSelector(selectorNode);
  return { podSelector, policyTypes };
}

/** What the index keeps of an object, as plain data; `position` is its place among the objects of its section. */
export interface IndexedObjectData extends ObjectFacts {
  readonly position: number;
  readonly kind: string;
  readonly apiVersion: string;
  /** Where its pods are, when the configuration's `podSpecPaths` named its kind. */
  readonly podSpecPath: readonly string[] | undefined;
  /** Whether it is an item of a `kind: List`. */
  readonly inList: boolean;
  /** Section offsets. */
  readonly range: Span;
}

/** What the index keeps of a file, as plain data that can cross threads (see `WorkspaceIndex.updateFromData`). */
export interface FileIndexData {
  readonly sections: readonly {
    readonly start: number;
    readonly end: number;
    readonly comments: readonly CommentLine[];
    readonly objects: readonly IndexedObjectData[];
  }[];
}

/** The index's view of an analysis, as plain data (no positioned model). */
export function indexDataOf(analysis: { readonly sections: readonly AnalysedSection[] }): FileIndexData {
  return { sections: analysis.sections.map(sectionIndexData) };
}

/** The index's view of one analysed section (see `indexDataOf`). */
export function sectionIndexData(section: AnalysedSection): FileIndexData['sections'][number] {
  return {
    start: section.start,
    end: section.start + section.text.length,
    comments: section.parsed.comments,
    objects: section.objects.map((object, position) => {
      const facts = factsOf(object);
      const { name, namespace, labels, podLabels, podLabelsKey, pod, networkPolicy, ignored, anchor } = facts;
      return { position, kind: object.kind, apiVersion: object.apiVersion, podSpecPath: object.podSpecPath, inList: object.list !== undefined, name, namespace, labels, podLabels, podLabelsKey, pod, networkPolicy, ignored, range: { start: object.node.start, end: object.node.end }, anchor: { start: anchor.start, end: anchor.end } };
    }),
  };
}

/**
 * The object as the analysis found it, its positioned model parsed again from the section only
 * when read. Kind, names and where its pods are come from the facts, so a cross-file rule that
 * only asks whether an object holds pods parses nothing for the objects that do not (most of a
 * large scan: custom resource definitions, services, RBAC).
 */
function objectOf(data: IndexedObjectData, modelOf: (position: number) => K8sObject): K8sObject {
  const object = {
    apiVersion: data.apiVersion,
    kind: data.kind,
    ...(data.name !== undefined ? { name: data.name } : {}),
    ...(data.namespace !== undefined ? { namespace: data.namespace } : {}),
    ...(data.podSpecPath !== undefined ? { podSpecPath: data.podSpecPath } : {}),
    get node() {
      return modelOf(data.position).node;
    },
  };
  // Defined, not spread: spreading a getter would read it, and parse.
  if (data.inList) Object.defineProperty(object, 'list', { enumerable: true, get: () => modelOf(data.position).list });
  return object;
}

/** The objects of a section as the analyzer found them (sections that did not parse hold none). */
function sectionObjects(text: string): K8sObject[] {
  const parsed = parseSection(text);
  return parsed.error ? [] : parsed.roots.flatMap(objectsOf);
}

// The same shape as `summarise`.
function fromData(fileKey: string, data: IndexedObjectData, sectionText: string, by: number, modelOf: (position: number) => K8sObject): IndexedObject {
  return {
    fileKey,
    kind: data.kind,
    apiVersion: data.apiVersion,
    name: data.name,
    namespace: data.namespace,
    labels: data.labels,
    podLabels: data.podLabels,
    podLabelsKey: data.podLabelsKey,
    pod: data.pod,
    networkPolicy: data.networkPolicy,
    ignored: data.ignored,
    object: objectOf(data, modelOf),
    sectionText,
    sectionStart: by,
    range: { start: data.range.start + by, end: data.range.end + by },
    anchor: { start: data.anchor.start + by, end: data.anchor.end + by },
  };
}

export interface SetInput {
  readonly key: string;
  readonly text: string;
  readonly config: EngineConfig;
  /** False when the file's findings are only reported, never fixed (see `AnalyzerOptions.fixEdits`). */
  readonly fixEdits?: boolean;
}

export interface SetResult {
  readonly analysis: Analysis;
  /** Per-file findings and the cross-file findings of this file, sorted by position. */
  readonly findings: readonly Finding[];
}

/**
 * Analyses a set of files as one: each file on its own, then the cross-file rules over all of
 * them (what `kube-aegis scan` does with the files of one run). `onAnalysed` is told, before
 * each file, how many are done (for a progress line).
 */
export function analyzeSet(
  files: readonly SetInput[],
  rules: readonly Rule[],
  scope: WorkspaceScope = 'scan',
  onAnalysed?: (done: number, total: number) => void,
): Map<string, SetResult> {
  const index = new WorkspaceIndex(scope);
  const analyses = new Map<string, Analysis>();
  for (const file of files) {
    onAnalysed?.(analyses.size, files.length);
    const analysis = createAnalyzer(documentKindOf(file.key, undefined, file.text), rules, file.config, { fixEdits: file.fixEdits !== false }).analyze(file.text);
    analyses.set(file.key, analysis);
    index.update(file.key, analysis);
  }
  const findings = withCrossFileFindings(index, rules, files, (key) => analyses.get(key)!.findings);
  return new Map(files.map((file) => [file.key, { analysis: analyses.get(file.key)!, findings: findings.get(file.key)! }]));
}

/**
 * Each file's own findings (`findingsOf`) with the cross-file findings of the indexed set added,
 * sorted by position: the findings `analyzeSet` gives, wherever the files were analysed.
 */
export function withCrossFileFindings(index: WorkspaceIndex, rules: readonly Rule[], files: readonly Omit<SetInput, 'text'>[], findingsOf: (key: string) => readonly Finding[]): Map<string, Finding[]> {
  const configs = new Map(files.map((file) => [file.key, file.config]));
  const crossFile = checkWorkspace(index, rules, (key) => configs.get(key)!);
  const out = new Map<string, Finding[]>();
  const summaries = new FixSummaries();
  for (const { key, fixEdits } of files) {
    let own = crossFile.get(key) ?? [];
    if (fixEdits === false) own = own.map((f) => withFixes(f, summaries.of(f.fixes)));
    out.set(key, [...findingsOf(key), ...own].sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId)));
  }
  return out;
}

function withFixes(finding: Finding, fixes: readonly Fix[]): Finding {
  const { ruleId, severity, message, start, end, object } = finding;
  return object ? { ruleId, severity, message, start, end, fixes, object } : { ruleId, severity, message, start, end, fixes };
}
