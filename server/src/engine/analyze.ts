/**
 * The runner: text in, findings with offsets out. Sections (`---` documents) are parsed and
 * checked independently and their results are kept, so re-analysing an edited file only
 * re-parses the sections whose text changed.
 */
import { activeRules, ruleSettings, type ActiveRule, type EngineConfig } from './config.js';
import { controlPlanePodOf, type ControlPlanePod } from './control-plane.js';
import { EditKit, type Fix } from './edits.js';
import { exemptedRules } from './exemptions.js';
import { FixScope } from './fix-scope.js';
import { objectsOf, podSpecOf, type K8sObject } from './k8s.js';
import { parseSection, splitSections, type ParsedSection } from './parse.js';
import type { PssLevel, Report, Rule, RuleContext, RuleSettings, Severity } from './rule.js';
import { multilineHolderAt, multilineScalars, type MultilineScalar } from './multiline-scalars.js';
import { DISABLE_NEXT_LINE, ignoredRulesOf, isIgnored, SuppressionSet } from './suppress.js';

/** Ids the engine itself reports under (their metadata lives with the rules). */
export const SYNTAX_RULE = 'yaml-syntax';
export const TEMPLATE_RULE = 'helm-template';
export const SKIPPED_RULE = 'document-skipped';
export const INTERNAL_RULE = 'internal-error';

export interface ObjectRef {
  readonly kind: string;
  readonly name?: string;
  readonly namespace?: string;
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly start: number;
  readonly end: number;
  readonly fixes: readonly Fix[];
  readonly object?: ObjectRef;
}

export interface AnalysedSection {
  readonly start: number;
  readonly text: string;
  readonly parsed: ParsedSection;
  readonly objects: readonly K8sObject[];
  /** Findings with offsets relative to the section. */
  readonly findings: readonly Finding[];
  readonly templated: boolean;
}

export interface Analysis {
  readonly findings: readonly Finding[];
  readonly sections: readonly AnalysedSection[];
  /** How many sections were parsed anew (the rest came from the previous analysis). */
  readonly reparsed: number;
}

const TEMPLATE_EXPRESSION = /\{\{.*?\}\}/g;
/** A `#` that starts a YAML comment: at the start of the line or after a space. */
const COMMENT_START = /(^|\s)#/;

/** The first template expression outside a comment (one in a comment leaves the YAML intact). */
function templateExpression(text: string): RegExpExecArray | undefined {
  if (!text.includes('{{')) return undefined; // the common case, without a regular expression
  for (const match of text.matchAll(TEMPLATE_EXPRESSION)) {
    const lineStart = text.lastIndexOf('\n', match.index - 1) + 1;
    if (!COMMENT_START.test(text.slice(lineStart, match.index))) return match as RegExpExecArray;
  }
  return undefined;
}

/** What the editor and the CLI hold per document: successive texts in, analyses out. */
export interface DocumentAnalyzer {
  analyze(text: string): Analysis;
}

/**
 * Analyses successive versions of one YAML file. Keep one per open document; `analyze` reuses the
 * work of unchanged sections from the previous call.
 */
export class Analyzer implements DocumentAnalyzer {
  /** The active rules with an object check or a pod check (the others, such as cross-file rules, have nothing to run here). */
  private readonly active: readonly ActiveRule[];
  private readonly contexts: RuleContexts;
  private readonly shifted = new WeakMap<readonly Finding[], { readonly start: number; readonly findings: readonly Finding[] }>();
  private previous = new Map<string, AnalysedSection>();
  /**
   * Whether sections are parsed from their own copy of their text (see `ownCopy`). Not in the
   * first analysis: its sections keep that one version of the file alive, which the caller holds
   * at that time anyway; copying from the second analysis on keeps it to that one version.
   */
  private copySections = false;

  constructor(rules: readonly Rule[], private readonly config: EngineConfig) {
    this.contexts = new RuleContexts(config);
    this.active = activeRules(rules, config).filter(({ rule }) => rule.checkObject || rule.checkPod);
  }

  analyze(text: string): Analysis {
    const notText = notTextAt(text);
    if (notText !== undefined) return this.notTextAnalysis(text, notText);
    const sections = splitSections(text);
    const cache = new Map<string, AnalysedSection>();
    const analysed: AnalysedSection[] = [];
    const deadline = performance.now() + this.config.timeBudgetMs;
    let reparsed = 0;
    let stopped: BudgetStop | undefined;
    for (const section of sections) {
      let result = this.previous.get(section.text) ?? cache.get(section.text);
      if (!result && stopped) {
        // Over budget: the section stays unchecked (and uncached, so that the next analysis continues).
        stopped.skipped++;
        analysed.push({ ...uncheckedSection(section.text), start: section.start });
        continue;
      }
      if (!result) {
        reparsed++;
        result = this.analyseSection(this.copySections ? ownCopy(section.text) : section.text);
        if (performance.now() > deadline) stopped = { start: section.start + section.text.length, skipped: 0 };
      }
      // Keyed by the text the section keeps: a key sliced from this version would keep all of it alive.
      cache.set(result.text, result);
      analysed.push({ ...result, start: section.start });
    }
    this.previous = cache;
    this.copySections = true;
    const findings = this.fileFindings(text, analysed);
    if (stopped && stopped.skipped > 0) {
      findings.push(notice(SKIPPED_RULE, `Analysis stopped after ${this.config.timeBudgetMs} ms (setting timeBudgetMs): the ${stopped.skipped} documents from here on were not checked.`, stopped.start, Math.min(text.length, stopped.start + 3)));
    }
    return { findings, sections: analysed, reparsed };
  }

  /** A file that is not UTF-8 text gets one notice and nothing else: its values cannot be trusted. */
  private notTextAnalysis(text: string, at: number): Analysis {
    this.previous = new Map();
    const what = text.charCodeAt(at) === 0 ? 'binary data (a NUL character)' : 'text that is not valid UTF-8 (a U+FFFD replacement character)';
    const finding = notice(SKIPPED_RULE, `File not analysed: it holds ${what}; only UTF-8 text is checked.`, at, at + 1);
    return { findings: [finding], sections: [], reparsed: 0 };
  }

  private analyseSection(text: string): AnalysedSection {
    const empty: ParsedSection = { roots: [], comments: [] };
    if (text.length > this.config.maxDocumentSize) {
      const finding = notice(SKIPPED_RULE, `Document not analysed: ${text.length} characters exceed the limit of ${this.config.maxDocumentSize} (setting maxDocumentSize).`, 0, Math.min(text.length, 3));
      return { start: 0, text, parsed: empty, objects: [], findings: [finding], templated: false };
    }
    const template = templateExpression(text);
    if (template) {
      // Helm and other templates are not YAML until rendered: checking them would only guess.
      return { start: 0, text, parsed: empty, objects: [], findings: [], templated: true };
    }
    const parsed = parseSection(text);
    const findings: Finding[] = [];
    if (parsed.error) {
      findings.push({ ruleId: SYNTAX_RULE, severity: 'error', message: parsed.error.message, start: parsed.error.start, end: parsed.error.end, fixes: [] });
    }
    const objects = parsed.error ? [] : parsed.roots.flatMap(objectsOf);
    const edits = new EditKit(text, parsed.roots);
    for (const object of objects) this.checkObject(text, edits, object, findings, parsed);
    return { start: 0, text, parsed, objects, findings, templated: false };
  }

  private checkObject(text: string, edits: EditKit, object: K8sObject, out: Finding[], parsed: ParsedSection): void {
    const pod = podSpecOf(object);
    const ignored = ignoredRulesOf(object);
    if (ignored === 'all') return;
    const exempted = exemptedRules(object, this.config.exemptions);
    if (exempted === 'all') return;
    const ref = objectRefOf(object);
    const context = this.contexts.of(text, edits, out, ref, pod && controlPlanePodOf(pod));
    context.scope = new FixScope(edits, object.node, parsed.aliases);
    for (const active of this.active) {
      const { rule } = active;
      if (!rule.checkObject && !(pod && rule.checkPod)) continue;
      if (isIgnored(ignored, rule.meta.id) || isIgnored(exempted, rule.meta.id)) continue;
      context.active = active;
      try {
        rule.checkObject?.(object, context);
        if (pod) rule.checkPod?.(pod, context);
      } catch (error) {
        out.push(notice(INTERNAL_RULE, `Rule ${rule.meta.id} failed on ${object.kind}: ${String(error)}`, object.node.start, object.node.start));
      }
    }
  }

  /** Shifts section findings to file offsets, applies comment suppressions, adds file notices. */
  private fileFindings(text: string, sections: readonly AnalysedSection[]): Finding[] {
    const suppressions = new SuppressionSet();
    for (const section of sections) suppressions.addComments(section.text, section.start, section.parsed.comments);
    const out: Finding[] = [];
    const firstTemplated = sections.find((s) => s.templated);
    if (firstTemplated) {
      const match = templateExpression(firstTemplated.text)!;
      const start = firstTemplated.start + match.index;
      out.push(notice(TEMPLATE_RULE, 'Template expressions ({{ ... }}): this file is not plain YAML, so its templated documents are not checked. Scan the rendered output (e.g. `helm template ... | kube-aegis scan -`).', start, start + match[0].length));
    }
    for (const section of sections) {
      const holders = new ScalarHolders(section);
      for (const finding of this.inFile(section)) {
        if (suppressions.suppresses(finding.ruleId, text.lastIndexOf('\n', holders.of(finding.start) - 1) + 1)) continue;
        out.push(finding);
      }
    }
    return out;
  }

  /** A section's findings at file offsets; kept while the section stays where it was. */
  private inFile(section: AnalysedSection): readonly Finding[] {
    if (section.start === 0) return section.findings;
    const known = this.shifted.get(section.findings);
    if (known?.start === section.start) return known.findings;
    const findings = section.findings.map((finding) => shift(finding, section.start));
    this.shifted.set(section.findings, { start: section.start, findings });
    return findings;
  }
}

/**
 * Where a finding's `disable-next-line` directive is looked for: above its line, or, for a line
 * inside a multi-line scalar (where no comment can go), above the key holding the scalar. The
 * scalars are only looked up in sections that have such a directive.
 */
class ScalarHolders {
  private scalars: readonly MultilineScalar[] | undefined;
  private readonly relevant: boolean;

  constructor(private readonly section: AnalysedSection) {
    this.relevant = section.parsed.comments.some((comment) => comment.text.includes(DISABLE_NEXT_LINE));
  }

  /** The file offset whose line a directive must precede to cover a finding at `offset`. */
  of(offset: number): number {
    if (!this.relevant) return offset;
    const { section } = this;
    this.scalars ??= multilineScalars(section.text, section.parsed.roots);
    const holder = multilineHolderAt(section.text, this.scalars, offset - section.start);
    return holder === undefined ? offset : holder + section.start;
  }
}

interface BudgetStop {
  /** Offset where checking stopped (the end of the last checked section). */
  readonly start: number;
  skipped: number;
}

/**
 * The offset of the first sign that `text` is not UTF-8 text: a NUL character (binary data) or
 * U+FFFD, which decoding puts where bytes were not valid UTF-8. Undefined for ordinary text.
 */
export function notTextAt(text: string): number | undefined {
  const nul = text.indexOf('\u0000');
  const replaced = text.indexOf('\uFFFD');
  if (nul < 0 && replaced < 0) return undefined;
  return nul < 0 ? replaced : replaced < 0 ? nul : Math.min(nul, replaced);
}

/**
 * `text` in a string of its own. A section is sliced from the whole file, and V8 keeps a slice
 * (and every value sliced from it by the parser) as a view into the file's text: a section kept
 * for reuse would keep the whole text of the version it came from alive, so a long editing
 * session would hold one old copy of the file per section edited.
 */
function ownCopy(text: string): string {
  // Slicing a concatenation flattens it into a new string first; the slice views that one.
  return (' ' + text).slice(1);
}

function uncheckedSection(text: string): AnalysedSection {
  return { start: 0, text, parsed: { roots: [], comments: [] }, objects: [], findings: [], templated: false };
}

/**
 * The context rules check one object (or ABAC line) with. One is made per object and pointed
 * at each rule in turn (`active`), since this runs for every rule on every object; the
 * profile's level and the settings are worked out once per analyzer.
 */
export class CheckContext implements RuleContext {
  /** The rule being run; its reports become findings in `out` (a configured severity wins). */
  active!: ActiveRule;
  /** What the fixes of the object being checked may edit (see FixScope). */
  scope?: FixScope;

  constructor(
    readonly text: string,
    readonly edits: EditKit,
    readonly level: PssLevel,
    readonly settings: RuleSettings,
    private readonly out: Finding[],
    private readonly object?: ObjectRef,
    /** Set when the object is a control-plane static pod (see `RuleMeta.controlPlaneNeed`). */
    private readonly controlPlane?: ControlPlanePod,
  ) {}

  report(report: Report): void {
    const { rule, severity, configured } = this.active;
    const ruleId = rule.meta.id;
    const need = this.controlPlane && rule.meta.controlPlaneNeed;
    if (need) {
      // What the control plane needs to run is worth knowing, never worth "fixing".
      this.push(ruleId, 'info', `${report.message} ${this.controlPlane!.component} is a control-plane static pod: ${need}`, report.at, []);
      return;
    }
    const fixes = report.fixes === undefined ? [] : this.scope ? this.scope.admit(report.fixes) : report.fixes;
    this.push(ruleId, configured ? severity : (report.severity ?? severity), report.message, report.at, fixes);
  }

  private push(ruleId: string, chosen: Severity, written: string, at: Report['at'], fixes: readonly Fix[]): void {
    const message = asSentence(written);
    const object = this.object;
    // Two fixed shapes (see `shift`).
    this.out.push(object ? { ruleId, severity: chosen, message, start: at.start, end: at.end, fixes, object } : { ruleId, severity: chosen, message, start: at.start, end: at.end, fixes });
  }
}

/** Makes check contexts for an analyzer's configuration. */
export class RuleContexts {
  private readonly level: PssLevel;
  private readonly settings: RuleSettings;

  constructor(config: EngineConfig) {
    this.level = config.profile === 'baseline' ? 'baseline' : 'restricted';
    this.settings = ruleSettings(config);
  }

  of(text: string, edits: EditKit, out: Finding[], object?: ObjectRef, controlPlane?: ControlPlanePod): CheckContext {
    return new CheckContext(text, edits, this.level, this.settings, out, object, controlPlane);
  }
}

/**
 * Messages read as sentences: one that starts with a plain lowercase word ("container "api"
 * runs ...", "namespace tenant-a: ...") starts with a capital. One that starts with a field or
 * flag as written (`runAsNonRoot: true ...`, `--profiling ...`) keeps its spelling.
 */
export function asSentence(message: string): string {
  return /^[a-z]+ /.test(message) ? message[0]!.toUpperCase() + message.slice(1) : message;
}

export function notice(ruleId: string, message: string, start: number, end: number): Finding {
  return { ruleId, severity: 'info', message, start, end, fixes: [] };
}

/**
 * The finding with its range and fix edits moved by `by` (section offsets to file offsets).
 * Spelled out field by field rather than spread: an edit shifts every finding after it, and
 * spreading objects of many shapes is several times slower.
 */
export function shift(finding: Finding, by: number): Finding {
  const { ruleId, severity, message, object } = finding;
  const fixes = finding.fixes.length === 0 ? finding.fixes : finding.fixes.map((fix) => shiftFix(fix, by));
  const start = finding.start + by;
  const end = finding.end + by;
  return object ? { ruleId, severity, message, start, end, fixes, object } : { ruleId, severity, message, start, end, fixes };
}

function shiftFix(fix: Fix, by: number): Fix {
  const edits = fix.edits.map((e) => ({ start: e.start + by, end: e.end + by, text: e.text }));
  return fix.manual ? { title: fix.title, safe: fix.safe, edits, manual: true } : { title: fix.title, safe: fix.safe, edits };
}

/** How findings name the object they are about. */
export function objectRefOf(object: { readonly kind: string; readonly name?: string; readonly namespace?: string }): ObjectRef {
  return { kind: object.kind, ...(object.name ? { name: object.name } : {}), ...(object.namespace ? { namespace: object.namespace } : {}) };
}

/** One-shot analysis of a text. */
export function analyzeText(text: string, rules: readonly Rule[], config: EngineConfig): Analysis {
  return new Analyzer(rules, config).analyze(text);
}
