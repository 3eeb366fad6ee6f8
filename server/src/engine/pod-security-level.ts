/**
 * The Pod Security Standards level a pod spec meets, the way Pod Security Admission would judge
 * it: `privileged` when a baseline control fails, `baseline` when only restricted controls fail,
 * `restricted` otherwise. The controls are the rules that declare `meta.pss`, run whatever the
 * configuration enables or suppresses, because the level is a property of the pod spec that the
 * cluster will enforce regardless of how this tool is configured.
 */
import { CheckContext, objectRefOf, shift, type Analysis, type Finding, type ObjectRef, type ReportSummaries } from './analyze.js';
import { DEFAULT_CONFIG, ruleSettings, type EngineConfig } from './config.js';
import { EditKit } from './edits.js';
import { podSpecOf, type K8sObject, type PodSpec } from './k8s.js';
import type { Span } from './model.js';
import type { PssLevel, Rule } from './rule.js';

export type PodSecurityLevel = 'privileged' | PssLevel;

export interface PodSecurityAssessment {
  readonly level: PodSecurityLevel;
  /** The next level up; undefined at restricted. */
  readonly next?: PssLevel;
  /** The findings that stand in the way of `next` (offsets as in the text the pod was read from). */
  readonly blockers: readonly Finding[];
}

/**
 * The highest level `pod` meets. `text` is the text its model points into (its YAML document).
 * `summaries`: set when the blockers are only counted or printed, never fixed (their fixes are
 * then kept as summaries, see `AnalyzerOptions.fixEdits`).
 */
export function podSecurityLevel(pod: PodSpec, text: string, rules: readonly Rule[], config: EngineConfig = DEFAULT_CONFIG, summaries?: ReportSummaries): PodSecurityAssessment {
  const baselineControls = rules.filter((r) => r.meta.pss?.level === 'baseline');
  const baselineBlockers = runControls(pod, text, baselineControls, 'baseline', config, summaries);
  if (baselineBlockers.length) return { level: 'privileged', next: 'baseline', blockers: baselineBlockers };
  // Under restricted, every control runs again at the stricter level (some tighten what they accept).
  const restrictedBlockers = runControls(pod, text, rules.filter((r) => r.meta.pss), 'restricted', config, summaries);
  if (restrictedBlockers.length) return { level: 'baseline', next: 'restricted', blockers: restrictedBlockers };
  return { level: 'restricted', blockers: [] };
}

function runControls(pod: PodSpec, text: string, rules: readonly Rule[], level: PssLevel, config: EngineConfig, summaries: ReportSummaries | undefined): Finding[] {
  const out: Finding[] = [];
  const edits = new EditKit(text);
  const object = objectRefOf(pod.object);
  const context = new CheckContext(text, edits, level, ruleSettings(config), out, object, undefined, summaries);
  for (const rule of rules) {
    // Each control at its own default severity: the configuration does not change the level.
    context.active = { rule, severity: rule.meta.severity, configured: true };
    try {
      rule.checkObject?.(pod.object, context);
      rule.checkPod?.(pod, context);
    } catch {
      // A failing control cannot vouch for the pod, but it does not block it either: the
      // per-file analysis reports the failure as an internal error.
    }
  }
  return out;
}

export interface WorkloadSecurityLevel extends PodSecurityAssessment {
  readonly object: ObjectRef;
  /** The whole object (file offsets): a code lens goes on the line of `range.start`. */
  readonly range: Span;
}

/** The assessments of one section's workloads, offsets in the section. */
interface SectionLevels {
  readonly rules: readonly Rule[];
  readonly config: EngineConfig;
  readonly levels: readonly { readonly assessment: PodSecurityAssessment; readonly object: K8sObject }[];
}

/**
 * The assessments of each section by its objects (the same list while the section is unchanged,
 * whatever moved around it): the editor asks for the levels after every edit, and a file may hold
 * thousands of workloads.
 */
const SECTION_LEVELS = new WeakMap<readonly K8sObject[], SectionLevels>();

/** The level of every object with a pod spec in an analysed file; offsets are file offsets. `summaries`: as `podSecurityLevel`'s. */
export function workloadSecurityLevels(analysis: Pick<Analysis, 'sections'>, rules: readonly Rule[], config: EngineConfig = DEFAULT_CONFIG, summaries?: ReportSummaries): WorkloadSecurityLevel[] {
  const out: WorkloadSecurityLevel[] = [];
  for (const section of analysis.sections) {
    const by = section.start;
    let known = summaries ? undefined : SECTION_LEVELS.get(section.objects);
    if (known?.rules !== rules || known.config !== config) {
      const levels: SectionLevels['levels'][number][] = [];
      for (const object of section.objects) {
        const pod = podSpecOf(object);
        if (pod) levels.push({ assessment: podSecurityLevel(pod, section.text, rules, config, summaries), object });
      }
      known = { rules, config, levels };
      // Reports (`summaries`) read each section once: nothing to keep.
      if (!summaries && section.objects.length > 0) SECTION_LEVELS.set(section.objects, known);
    }
    for (const { assessment, object } of known.levels) {
      out.push({
        ...assessment,
        blockers: assessment.blockers.map((f) => shift(f, by)),
        object: objectRefOf(object),
        range: { start: object.node.start + by, end: object.node.end + by },
      });
    }
  }
  return out;
}
