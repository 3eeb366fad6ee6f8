/**
 * The runner: text in, findings with offsets out. Sections (`---` documents) are parsed and
 * checked independently and their results are kept, so re-analysing an edited file only
 * re-parses the sections whose text changed.
 */
import { activeRules, ruleSettings, type ActiveRule, type EngineConfig } from './config.js';
import { controlPlanePodOf, type ControlPlanePod } from './control-plane.js';
import { EditKit, FixSummaries, isLazyFix, lazyFix, type Fix } from './edits.js';
import { exemptedRules } from './exemptions.js';
import { FixScope } from './fix-scope.js';
import { objectsWithPodSpecPaths, podSpecOf, type K8sObject } from './k8s.js';
import { ObjectFindingsReuse } from './object-reuse.js';
import { ownCopy, parseSection, splitSections, type ParsedSection } from './parse.js';
import { parsedInErrorAfter, reparseEdited } from './reparse.js';
import type { PssLevel, Report, Rule, RuleContext, RuleSettings, Severity } from './rule.js';
import { commentTarget } from './multiline-scalars.js';
import { DISABLE_NEXT_LINE, holdsDirective, ignoredRulesOf, isIgnored, SuppressionSet } from './suppress.js';
import { flat, t, translateText } from '../l10n/t.js';

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

/**
 * The first template expression (`{{ ... }}` on one line) outside a comment; a `{{` in a comment
 * leaves the YAML intact. A scan, not a regular expression: a pattern such as `\{\{.*?\}\}`
 * retried at each `{{` of a long line without `}}` takes quadratic time.
 */
export function templateExpression(text: string): { index: number; length: number } | undefined {
  let open = text.indexOf('{{');
  while (open >= 0) {
    const lineStart = text.lastIndexOf('\n', open - 1) + 1;
    let lineEnd = text.indexOf('\n', open);
    if (lineEnd < 0) lineEnd = text.length;
    const comment = commentStart(text, lineStart, lineEnd);
    // Only the first `{{` of a line before its comment can start the first expression: any later
    // one has its `}}` after that of the first.
    if (open < comment) {
      const close = text.indexOf('}}', open + 2);
      if (close >= 0 && close < lineEnd) return { index: open, length: close + 2 - open };
    }
    open = text.indexOf('{{', lineEnd);
  }
  return undefined;
}

/** Where a YAML comment starts on a line (a `#` at its start or after a space); `end` when none. */
function commentStart(text: string, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) !== 35 /* # */) continue;
    if (i === start) return i;
    const before = text.charCodeAt(i - 1);
    if (before === 32 || before === 9 || before === 13) return i;
  }
  return end;
}

/** How an analyzer keeps its findings. */
export interface AnalyzerOptions {
  /**
   * False when the findings are only reported, never fixed (the CLI's scan output): fixes are then
   * kept as shared summaries of their title and safety, without their edits (see `FixSummaries`).
   */
  readonly fixEdits?: boolean;
  /**
   * For a file analysed once and then only reported (the CLI's scan): each section is handed to
   * it with its positioned model, its findings made, and the analysis then keeps no model (its
   * sections hold no objects, and no roots unless a `disable-next-line` comment needs them) and
   * each finding once (the sections' lists are empty: the analysis's `findings` hold them all),
   * so a file of many documents never holds the models of all of them. Such an analyzer reuses
   * nothing from one analysis to the next.
   */
  readonly eachSection?: (section: AnalysedSection) => void;
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
  /** The sections of the previous analysis in order: an edited section is re-parsed from the one at its place. */
  private previousOrder: readonly AnalysedSection[] = [];
  /**
   * Whether sections are parsed in full from their own copy of their text (see `ownCopy`). Not in
   * the first analysis: its sections' models keep that one version of the file alive, which the
   * caller holds at that time anyway; copying from the second analysis on keeps it to that one version.
   */
  private copySections = false;
  /** The findings of a large document's objects that the next edit may leave as they were. */
  private readonly reuse = new ObjectFindingsReuse();
  private readonly eachSection: ((section: AnalysedSection) => void) | undefined;

  constructor(
    rules: readonly Rule[],
    private readonly config: EngineConfig,
    options: AnalyzerOptions = {},
  ) {
    this.eachSection = options.eachSection;
    this.contexts = new RuleContexts(config, options.fixEdits === false ? reportSummaries() : undefined);
    this.active = activeRules(rules, config).filter(({ rule }) => rule.checkObject || rule.checkPod);
  }

  analyze(text: string): Analysis {
    const binary = binaryAt(text);
    if (binary !== undefined) return this.binaryAnalysis(binary);
    const sections = splitSections(text);
    const analysed: AnalysedSection[] = [];
    // With as many sections as before, a section is the one at the same place, unchanged when its
    // text is equal (compared, not hashed: an edit leaves all but one as they were) and otherwise
    // an edit of it. With sections added or removed, earlier results are found by their text.
    // Sections handed over one by one (`eachSection`) each get their own model: nothing is reused,
    // not even for a section that repeats another.
    const { eachSection } = this;
    const before = !eachSection && this.previousOrder.length === sections.length ? this.previousOrder : undefined;
    const byText = before || eachSection ? undefined : new Map<string, AnalysedSection>(this.previousOrder.map((section) => [section.text, section]));
    let reparsed = 0;
    // With `eachSection`, the findings of each section at file offsets (its own list is let go).
    const inFile: (readonly Finding[])[] = [];
    for (let i = 0; i < sections.length; i++) {
      const section = sections[i]!;
      const earlier = before?.[i];
      let result = earlier && earlier.text.length === section.text.length && earlier.text === section.text ? earlier : byText?.get(section.text);
      if (!result) {
        reparsed++;
        result = this.analyseSection(section.text, earlier);
        byText?.set(section.text, result);
      }
      // Every section keeps its text as a slice of this version, which the caller holds anyway: a
      // text kept from an earlier version would keep all of that version alive.
      let current: AnalysedSection = { ...result, start: section.start, text: section.text };
      if (eachSection) {
        eachSection(current);
        inFile.push(this.inFile(current));
        current = withoutModel(current);
      }
      analysed.push(current);
    }
    if (eachSection) return { findings: this.fileFindings(text, analysed, (_, i) => inFile[i]!), sections: analysed, reparsed };
    this.previousOrder = analysed;
    this.copySections = true;
    return { findings: this.fileFindings(text, analysed), sections: analysed, reparsed };
  }

  /**
   * A binary file gets one warning and nothing else. Any other text is checked: a stray byte that
   * is not UTF-8 (decoded as U+FFFD) leaves the rest readable, as it does for Kubernetes.
   */
  private binaryAnalysis(at: number): Analysis {
    this.previousOrder = [];
    const findings = engineFindings(this.config, SKIPPED_RULE, 'warning', t('File not checked: it holds binary data (a NUL character), which the API server does not accept as a manifest.'), at, at + 1);
    return { findings, sections: [], reparsed: 0 };
  }

  /** `before`: the section this one is an edit of, if known (its parse may be partly reused). */
  private analyseSection(text: string, before?: AnalysedSection): AnalysedSection {
    const empty: ParsedSection = { roots: [], comments: [] };
    if (text.length > this.config.maxDocumentSize) {
      const message = t('Document not checked: {0} characters exceed the limit of {1} (setting maxDocumentSize).', text.length, this.config.maxDocumentSize);
      return { start: 0, text, parsed: empty, objects: [], findings: engineFindings(this.config, SKIPPED_RULE, 'warning', message, 0, Math.min(text.length, 3)), templated: false };
    }
    // A section parsed in full from this version on is parsed from a copy of its own (see `ownCopy`);
    // a block parsed again keeps the rest of the earlier model, and the block is parsed from its own copy.
    let parsed = before && reparseEdited(before, text);
    if (!parsed) {
      parsed = parseSection(this.copySections ? ownCopy(text) : text);
      if (before && parsed.error) parsedInErrorAfter(before, parsed);
    }
    if (parsed.error && templateExpression(text)) {
      // Helm and other templates are not YAML until rendered: checking them would only guess.
      // A document that parses is checked, whatever braces its values hold.
      return { start: 0, text, parsed, objects: [], findings: [], templated: true };
    }
    const findings: Finding[] = [];
    if (parsed.error) {
      findings.push({ ruleId: SYNTAX_RULE, severity: 'error', message: parsed.error.message, start: parsed.error.start, end: parsed.error.end, fixes: [] });
      this.reuse.carry(before?.findings, findings);
    }
    const objects = parsed.error ? [] : parsed.roots.flatMap((root) => objectsWithPodSpecPaths(root, this.config.podSpecPaths));
    const edits = new EditKit(text, parsed.roots);
    const budget = new DocumentBudget(this.config.timeBudgetMs);
    // A scan that hands sections over (`eachSection`) never analyses a second version.
    const reuse = this.eachSection ? undefined : this.reuse.begin(text, parsed, objects.length, edits, before?.findings);
    let complete = true;
    for (let i = 0; i < objects.length; i++) {
      const object = objects[i]!;
      const lines = reuse?.linesOf(object);
      if (lines && reuse?.reuse(lines, findings)) continue;
      const from = findings.length;
      if (!this.checkObject(text, edits, object, findings, parsed, budget)) {
        findings.push(...engineFindings(this.config, SKIPPED_RULE, 'warning', budget.skippedMessage(objects.slice(i)), object.node.start, Math.min(text.length, object.node.start + 3)));
        complete = false;
        break;
      }
      if (lines) reuse?.record(lines, findings, from, findings.length);
    }
    // A section cut short by its time budget is checked in full next time.
    if (complete) reuse?.end(findings);
    return { start: 0, text, parsed, objects, findings, templated: false };
  }

  /**
   * Runs the rules on one object. False when the document's time budget ran out before all of
   * them ran (`budget` then says which were left).
   */
  private checkObject(text: string, edits: EditKit, object: K8sObject, out: Finding[], parsed: ParsedSection, budget: DocumentBudget): boolean {
    const pod = podSpecOf(object);
    const ignored = ignoredRulesOf(object);
    if (ignored === 'all') return true;
    const exempted = exemptedRules(object, this.config.exemptions);
    if (exempted === 'all') return true;
    const ref = objectRefOf(object);
    const context = this.contexts.of(text, edits, out, ref, pod && controlPlanePodOf(pod));
    context.scope = new FixScope(edits, object.node, parsed.aliases);
    const active = this.active;
    for (let i = 0; i < active.length; i++) {
      const { rule } = active[i]!;
      if (!rule.checkObject && !(pod && rule.checkPod)) continue;
      if (isIgnored(ignored, rule.meta.id) || isIgnored(exempted, rule.meta.id)) continue;
      if (budget.spent()) {
        budget.notRun = active.slice(i).map((a) => a.rule.meta.id);
        return false;
      }
      context.active = active[i]!;
      try {
        rule.checkObject?.(object, context);
        if (pod) rule.checkPod?.(pod, context);
      } catch (error) {
        out.push(notice(INTERNAL_RULE, t('Rule {0} failed on {1}: {2}', rule.meta.id, object.kind, String(error)), object.node.start, object.node.start));
      }
    }
    return true;
  }

  /**
   * Shifts section findings to file offsets, applies comment suppressions, adds file notices.
   * Only directives in documents that parsed count (in one with a syntax error, what looks like
   * a comment may be part of a value to another parser), and a syntax error is never suppressed.
   */
  private fileFindings(text: string, sections: readonly AnalysedSection[], findingsOf = (section: AnalysedSection, _index: number) => this.inFile(section)): Finding[] {
    const suppressions = new SuppressionSet();
    for (const section of sections) if (!section.parsed.error && holdsDirective(section.parsed)) suppressions.addComments(section.text, section.start, section.parsed.comments);
    const out: Finding[] = [];
    const firstTemplated = sections.find((s) => s.templated);
    if (firstTemplated) {
      const match = templateExpression(firstTemplated.text)!;
      const start = firstTemplated.start + match.index;
      const message = t('Template expressions ({{ ... }}): this file is not plain YAML, so its templated documents are not checked. Scan the rendered output (e.g. `helm template ... | kube-aegis scan -`).');
      out.push(...engineFindings(this.config, TEMPLATE_RULE, 'info', message, start, start + match.length));
    }
    const suppressing = !suppressions.empty;
    for (let i = 0; i < sections.length; i++) {
      const section = sections[i]!;
      const findings = findingsOf(section, i);
      if (!suppressing) {
        for (let j = 0; j < findings.length; j++) out.push(findings[j]!);
        continue;
      }
      const targetOf = directiveTargets(section);
      for (const finding of findings) {
        if (finding.ruleId !== SYNTAX_RULE && suppressions.suppresses(finding.ruleId, text.lastIndexOf('\n', targetOf(finding.start) - 1) + 1)) continue;
        out.push(finding);
      }
    }
    return out;
  }

  /** A section's findings at file offsets; kept while the section stays where it was. */
  private inFile(section: AnalysedSection): readonly Finding[] {
    if (section.start === 0 || section.findings.length === 0) return section.findings;
    const known = this.shifted.get(section.findings);
    if (known?.start === section.start) return known.findings;
    const findings = section.findings.map((finding) => shift(finding, section.start));
    this.shifted.set(section.findings, { start: section.start, findings });
    return findings;
  }
}

/**
 * A section as `AnalyzerOptions.eachSection` leaves it: its comments and syntax error, without
 * objects or findings, and without roots unless a `disable-next-line` comment may need them (see
 * `directiveTargets`).
 */
function withoutModel(section: AnalysedSection): AnalysedSection {
  const { parsed } = section;
  const light: ParsedSection = holdsNextLineDirective(parsed) ? parsed : parsed.error ? { roots: [], comments: parsed.comments, error: parsed.error } : { roots: [], comments: parsed.comments };
  return { start: section.start, text: section.text, parsed: light, objects: [], findings: [], templated: section.templated };
}

/** A `disable-next-line` directive, whose findings inside multi-line scalars need the model (`directiveTargets`). */
function holdsNextLineDirective(parsed: ParsedSection): boolean {
  return parsed.comments.some((comment) => comment.text.includes(DISABLE_NEXT_LINE));
}

/**
 * Where a finding's `disable-next-line` directive is looked for: above its line, or, for a line
 * inside a multi-line scalar (where no comment can go), above the key holding the scalar. The
 * scalars are only looked up in sections that have such a directive.
 */
function directiveTargets(section: AnalysedSection): (offset: number) => number {
  return holdsNextLineDirective(section.parsed) ? (offset) => commentTarget(section, offset) : (offset) => offset;
}

/**
 * The time one document may take (setting `timeBudgetMs`), checked between rules, so that a slow
 * document is cut short with a warning that names what was left unchecked, and the documents after
 * it get their own budget.
 */
class DocumentBudget {
  private readonly deadline: number;
  /** The rules not run on the object where the budget ran out. */
  notRun: readonly string[] = [];

  constructor(private readonly ms: number) {
    this.deadline = performance.now() + ms;
  }

  spent(): boolean {
    return performance.now() >= this.deadline;
  }

  /** Names what was skipped: `left[0]` is the object being checked when time ran out. */
  skippedMessage(left: readonly K8sObject[]): string {
    const first = left[0]!;
    const named = first.name ? `${first.kind} ${first.name}` : first.kind;
    const others = left.length - 1;
    const rules = this.notRun.join(', ');
    if (others === 0) return t('Document only partly checked: analysis stopped after {0} ms (setting timeBudgetMs). Not checked: rules {1} on {2}.', this.ms, rules, named);
    if (others === 1) return t('Document only partly checked: analysis stopped after {0} ms (setting timeBudgetMs). Not checked: rules {1} on {2}, and every rule on the 1 object after it.', this.ms, rules, named);
    return t('Document only partly checked: analysis stopped after {0} ms (setting timeBudgetMs). Not checked: rules {1} on {2}, and every rule on the {3} objects after it.', this.ms, rules, named, others);
  }
}

/**
 * The offset of the first NUL character, the mark of binary data (no manifest holds one);
 * undefined for text. A byte that is not valid UTF-8 (decoded as U+FFFD) does not make a file
 * binary: the rest of it is read, by Kubernetes as by us.
 */
export function binaryAt(text: string): number | undefined {
  const nul = text.indexOf('\u0000');
  return nul < 0 ? undefined : nul;
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
    /** Set when findings are only reported (see `AnalyzerOptions.fixEdits`). */
    private readonly summaries?: ReportSummaries,
  ) {}

  report(report: Report): void {
    const { rule, severity, configured } = this.active;
    const ruleId = rule.meta.id;
    const need = this.controlPlane && rule.meta.controlPlaneNeed;
    if (need) {
      // What the control plane needs to run is worth knowing, never worth "fixing".
      this.push(ruleId, 'info', t('{0} {1} is a control-plane static pod: {2}', report.message, this.controlPlane!.component, translateText(need)), report.at, []);
      return;
    }
    const admitted = report.fixes === undefined ? [] : this.scope ? this.scope.admit(report.fixes) : report.fixes;
    const fixes = this.summaries ? this.summaries.fixes.of(admitted) : admitted;
    this.push(ruleId, configured ? severity : (report.severity ?? severity), report.message, report.at, fixes);
  }

  private push(ruleId: string, chosen: Severity, written: string, at: Report['at'], fixes: readonly Fix[]): void {
    let message = asSentence(written);
    const messages = this.summaries?.messages;
    if (messages) {
      const known = messages.get(message);
      if (known === undefined) messages.set(message, message);
      else message = known;
    }
    const object = this.object;
    // Two fixed shapes (see `shift`).
    this.out.push(object ? { ruleId, severity: chosen, message, start: at.start, end: at.end, fixes, object } : { ruleId, severity: chosen, message, start: at.start, end: at.end, fixes });
  }
}

/**
 * What findings that are only reported share: fixes as summaries, and one string per message text
 * (most messages of a large scan repeat: "Container "app" has no cpu and memory limits.").
 */
export interface ReportSummaries {
  readonly fixes: FixSummaries;
  readonly messages: Map<string, string>;
}

export function reportSummaries(): ReportSummaries {
  return { fixes: new FixSummaries(), messages: new Map() };
}

/** Makes check contexts for an analyzer's configuration. */
export class RuleContexts {
  private readonly level: PssLevel;
  private readonly settings: RuleSettings;

  constructor(
    config: EngineConfig,
    private readonly summaries?: ReportSummaries,
  ) {
    this.level = config.profile === 'baseline' ? 'baseline' : 'restricted';
    this.settings = ruleSettings(config);
  }

  of(text: string, edits: EditKit, out: Finding[], object?: ObjectRef, controlPlane?: ControlPlanePod): CheckContext {
    return new CheckContext(text, edits, this.level, this.settings, out, object, controlPlane, this.summaries);
  }
}

/**
 * Messages read as sentences: one that starts with a plain lowercase word ("container "api"
 * runs ...", "namespace tenant-a: ...") starts with a capital. One that starts with a field or
 * flag as written (`runAsNonRoot: true ...`, `--profiling ...`) keeps its spelling.
 */
export function asSentence(message: string): string {
  const first = message.charCodeAt(0);
  if (first < 97 || first > 122) return message;
  return /^[a-z]+ /.test(message) ? flat(message[0]!.toUpperCase() + message.slice(1)) : message;
}

/**
 * A finding the engine reports itself (an empty list or one finding), as the configuration sets
 * its rule: `off` drops it, a severity replaces the default.
 */
export function engineFindings(config: EngineConfig, ruleId: string, severity: Severity, message: string, start: number, end: number): Finding[] {
  const setting = config.rules[ruleId];
  const configured = typeof setting === 'object' ? setting.severity : setting;
  if (configured === 'off') return [];
  return [{ ruleId, severity: configured ?? severity, message, start, end, fixes: [] }];
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
  const fixes = finding.fixes.length === 0 || finding.fixes.every(withoutEdits) ? finding.fixes : finding.fixes.map((fix) => shiftFix(fix, by));
  const start = finding.start + by;
  const end = finding.end + by;
  return object ? { ruleId, severity, message, start, end, fixes, object } : { ruleId, severity, message, start, end, fixes };
}

/** A fix with no edits to move (a summary, see `FixSummaries`); a lazy fix's edits are not read. */
function withoutEdits(fix: Fix): boolean {
  return !isLazyFix(fix) && fix.edits.length === 0;
}

function shiftFix(fix: Fix, by: number): Fix {
  if (isLazyFix(fix)) return lazyFix(fix, () => fix.edits.map((e) => ({ start: e.start + by, end: e.end + by, text: e.text })));
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
