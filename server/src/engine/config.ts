/**
 * Configuration: which rules run at which severity, and the settings rules read.
 * `.kube-aegis.yaml` text is validated against `schemas/kube-aegis-config.schema.json`
 * (generated from rule metadata); problems come back with their positions.
 */
import type { ErrorObject } from 'ajv';
import configSchema from '../../../schemas/kube-aegis-config.schema.json';
import { validatorOf } from './schema-validators.js';
import type { Exemption } from './exemptions.js';
import type { PodSpecPath } from './k8s.js';
import { DEFAULT_KUBERNETES_VERSION } from './kubernetes-version.js';
import { expandedSize, get, MAX_EXPANDED_NODES, toPlain, type YNode } from './model.js';
import { parseSection } from './parse.js';
import type { ResourceDefaults, Rule, RuleSettings, Severity } from './rule.js';
import { t } from '../l10n/t.js';

export type Profile = 'baseline' | 'restricted' | 'default';
export const PROFILES: readonly Profile[] = ['baseline', 'restricted', 'default'];

export type RuleSetting = Severity | 'off' | { readonly severity: Severity | 'off' };

export interface EngineConfig {
  readonly profile: Profile;
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly trustedRegistries: readonly string[];
  readonly resources: ResourceDefaults;
  /** Glob patterns of paths not to scan (applied by the CLI and the server, not the engine). */
  readonly ignore: readonly string[];
  /** Documents larger than this many characters are skipped with a notice. */
  readonly maxDocumentSize: number;
  /** Once analysing a file has taken this many milliseconds, its remaining documents are skipped with a notice. */
  readonly timeBudgetMs: number;
  /** The Kubernetes minor the manifests target (`1.34`); a control-plane image's own tag wins for its pod. */
  readonly kubernetesVersion: string;
  /** Objects that rules do not check (node agents and the like). */
  readonly exemptions: readonly Exemption[];
  /** Kinds beyond the built-in workloads that hold pods, and where. */
  readonly podSpecPaths: readonly PodSpecPath[];
  /** How Helm charts and Kustomize roots are rendered (read by the CLI and the server, not the engine). */
  readonly render: RenderConfig;
}

/** Rendering settings of `.kube-aegis.yaml` (`render:`); unset fields take documented defaults. */
export interface RenderConfig {
  /** The helm program (path or name on PATH). */
  readonly helm?: string;
  /** The kustomize program, or kubectl (run as `kubectl kustomize`). */
  readonly kustomize?: string;
  readonly timeoutMs?: number;
  readonly releaseName?: string;
  readonly namespace?: string;
  readonly kubeVersion?: string;
  /** The values files of each value set a chart is rendered with, relative to the chart. */
  readonly valueSets?: readonly (readonly string[])[];
}

export const DEFAULT_RESOURCES: ResourceDefaults = {
  requests: { cpu: '100m', memory: '128Mi' },
  limits: { cpu: '500m', memory: '256Mi' },
};

export const DEFAULT_CONFIG: EngineConfig = {
  profile: 'default',
  rules: {},
  trustedRegistries: [],
  resources: DEFAULT_RESOURCES,
  ignore: [],
  maxDocumentSize: 5_000_000,
  timeBudgetMs: 10_000,
  kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
  exemptions: [],
  podSpecPaths: [],
  render: {},
};

/** A partial configuration, as written in a file or in editor settings. */
export interface ConfigInput {
  profile?: Profile;
  rules?: Record<string, RuleSetting>;
  trustedRegistries?: string[];
  resources?: { requests?: Partial<ResourceDefaults['requests']>; limits?: Partial<ResourceDefaults['limits']> };
  ignore?: string[];
  maxDocumentSize?: number;
  timeBudgetMs?: number;
  kubernetesVersion?: string;
  exemptions?: Exemption[];
  podSpecPaths?: PodSpecPath[];
  render?: RenderConfig;
}

/** Layers configuration inputs, later ones winning. */
export function mergeConfig(base: EngineConfig, ...layers: (ConfigInput | undefined)[]): EngineConfig {
  let out = base;
  for (const layer of layers) {
    if (!layer) continue;
    out = {
      profile: layer.profile ?? out.profile,
      rules: { ...out.rules, ...(layer.rules ?? {}) },
      trustedRegistries: layer.trustedRegistries ?? out.trustedRegistries,
      resources: {
        requests: { ...out.resources.requests, ...(layer.resources?.requests ?? {}) },
        limits: { ...out.resources.limits, ...(layer.resources?.limits ?? {}) },
      },
      ignore: layer.ignore ?? out.ignore,
      maxDocumentSize: layer.maxDocumentSize ?? out.maxDocumentSize,
      timeBudgetMs: layer.timeBudgetMs ?? out.timeBudgetMs,
      kubernetesVersion: layer.kubernetesVersion ?? out.kubernetesVersion,
      exemptions: layer.exemptions ?? out.exemptions,
      podSpecPaths: layer.podSpecPaths ?? out.podSpecPaths,
      render: { ...out.render, ...(layer.render ?? {}) },
    };
  }
  return out;
}

export interface ActiveRule {
  readonly rule: Rule;
  readonly severity: Severity;
  /** True when the configuration names the rule's severity (which then overrides per-finding severities). */
  readonly configured: boolean;
}

/** The rules the profile selects, with configured severities; rules set to `off` are left out. */
export function activeRules(rules: readonly Rule[], config: EngineConfig): ActiveRule[] {
  const out: ActiveRule[] = [];
  for (const rule of rules) {
    const setting = config.rules[rule.meta.id];
    const configured = typeof setting === 'object' ? setting.severity : setting;
    if (configured === 'off') continue;
    if (configured === undefined && !selectedByProfile(rule, config.profile)) continue;
    out.push({ rule, severity: configured ?? rule.meta.severity, configured: configured !== undefined });
  }
  return out;
}

function selectedByProfile(rule: Rule, profile: Profile): boolean {
  const pss = rule.meta.pss;
  if (profile === 'baseline') return pss?.level === 'baseline';
  if (profile === 'restricted') return pss !== undefined;
  return !rule.meta.disabledByDefault;
}

export function ruleSettings(config: EngineConfig): RuleSettings {
  return { trustedRegistries: config.trustedRegistries, resources: config.resources, kubernetesVersion: config.kubernetesVersion };
}

export interface ConfigProblem {
  readonly message: string;
  readonly start: number;
  readonly end: number;
  /** The likely intended text for `start..end` (an unknown key one typo away from a known one). */
  readonly suggestion?: string;
}

export interface ParsedConfig {
  /**
   * The valid part: with problems, the settings that are unaffected by them (an unknown key or an
   * invalid value is left out, the rest kept). Empty when the file cannot be read at all.
   */
  readonly input: ConfigInput;
  readonly problems: readonly ConfigProblem[];
  /** False when nothing of the file could be kept (invalid YAML, or not a mapping). */
  readonly usable: boolean;
}

function validate(data: unknown): readonly ErrorObject[] {
  const validator = validatorOf('config');
  return validator(data) ? [] : (validator.errors ?? []);
}

/**
 * Parses and validates the text of a `.kube-aegis.yaml`. Invalid parts are reported, never
 * guessed: a second YAML document or a key written twice would leave the settings that apply
 * to a reader's guess, so each is an error and nothing of the file is used.
 */
export function parseConfigText(text: string): ParsedConfig {
  const parsed = parseSection(text);
  if (parsed.error) return { input: {}, problems: [{ ...parsed.error, message: t('invalid YAML: {0}', parsed.error.message) }], usable: false };
  const [root, second] = parsed.roots;
  if (!root) return { input: {}, problems: [], usable: true };
  if (second) return { input: {}, problems: [{ message: t('a configuration file holds one YAML document: this second one would be ignored'), start: second.start, end: Math.max(second.start, Math.min(second.end, second.start + 3)) }], usable: false };
  const duplicates = duplicateKeys(root);
  if (duplicates.length) return { input: {}, problems: duplicates, usable: false };
  if (expandedSize(root) > MAX_EXPANDED_NODES) return { input: {}, problems: [{ message: t('its aliases expand to more than {0} values', MAX_EXPANDED_NODES), start: root.start, end: root.start }], usable: false };
  const data = toPlain(root);
  const errors = validate(data);
  if (errors.length === 0) return { input: data as ConfigInput, problems: [], usable: true };
  const problems = dedupe(errors.map((error) => problemAt(root, error)));
  const kept = validPart(data, errors);
  return { input: kept ?? {}, problems, usable: kept !== undefined };
}

/**
 * `data` without what the errors point at: an unknown key is dropped, an invalid value is
 * dropped with its key, and what remains is validated again (an emptied entry may now be
 * invalid itself). Undefined when the root itself is invalid (not a mapping).
 */
function validPart(data: unknown, errors: readonly ErrorObject[]): ConfigInput | undefined {
  let current = structuredClone(data);
  let remaining = errors;
  for (let round = 0; round < 8 && remaining.length > 0; round++) {
    for (const error of remaining) {
      const path = pathOf(error);
      if (error.keyword === 'additionalProperties') path.push(String((error.params as { additionalProperty: string }).additionalProperty));
      if (path.length === 0) return undefined;
      removeAt(current, path);
    }
    remaining = validate(current);
  }
  return remaining.length === 0 && typeof current === 'object' && current !== null ? (current as ConfigInput) : undefined;
}

function removeAt(data: unknown, path: readonly string[]): void {
  let node = data;
  for (const segment of path.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return;
    node = (node as Record<string, unknown>)[segment];
  }
  if (typeof node !== 'object' || node === null) return;
  const last = path[path.length - 1]!;
  if (Array.isArray(node)) node.splice(Number(last), 1);
  else delete (node as Record<string, unknown>)[last];
}

function pathOf(error: ErrorObject): string[] {
  return error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Keys written twice in one map, anywhere below `root` (aliases are not followed: they repeat nothing). */
function duplicateKeys(root: YNode): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const pending: YNode[] = [root];
  while (pending.length) {
    const node = pending.pop()!;
    if (node.viaAlias || node.kind === 'scalar') continue;
    if (node.kind === 'seq') {
      for (const item of node.items) pending.push(item);
      continue;
    }
    const seen = new Set<unknown>();
    for (const pair of node.pairs) {
      // Merged pairs (`<<: *base`) lie outside this map: overriding them is what merging is for.
      if (pair.start < node.start || pair.start > node.end) continue;
      if (seen.has(pair.key.value)) problems.push({ message: t('duplicate key "{0}": only one of its values would apply', String(pair.key.value)), start: pair.key.start, end: pair.key.end });
      seen.add(pair.key.value);
      pending.push(pair.value);
    }
  }
  return problems.sort((a, b) => a.start - b.start);
}

function problemAt(root: YNode, error: ErrorObject): ConfigProblem {
  const path = pathOf(error);
  const segments = path.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  let node: YNode | undefined = root;
  let at: { start: number; end: number } = root;
  for (let i = 0; i < segments.length; i++) {
    node = get(node, segments[i]!);
    if (!node) break;
    at = node;
  }
  const where = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : t('configuration');
  let message = t('{0}: {1}', where, error.message ?? t('is invalid'));
  if (error.keyword === 'additionalProperties') {
    const extra = String((error.params as { additionalProperty: string }).additionalProperty);
    const known = knownKeys(path);
    const suggestion = (path.length === 0 ? TOP_LEVEL_SYNONYMS[extra] : undefined) ?? closest(extra, known);
    const rule = path.length === 1 && path[0] === 'rules';
    message = suggestion
      ? rule ? t('{0}: unknown rule "{1}"; did you mean "{2}"?', where, extra, suggestion) : t('{0}: unknown key "{1}"; did you mean "{2}"?', where, extra, suggestion)
      : rule ? t('{0}: unknown rule "{1}"', where, extra) : t('{0}: unknown key "{1}"', where, extra);
    const keyNode = findKey(node ?? root, extra);
    if (keyNode) at = keyNode;
    if (keyNode && suggestion) return { message, start: at.start, end: at.end, suggestion };
  } else if (error.keyword === 'enum') {
    message = t('{0}: {1}', message, ((error.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String).join(', '));
  }
  return { message, start: at.start, end: at.end };
}

/** Top-level keys people write for ours (the editor setting `exclude` is `ignore` here). */
const TOP_LEVEL_SYNONYMS: Readonly<Record<string, string>> = { exclude: 'ignore', registries: 'trustedRegistries', severity: 'rules' };

interface SchemaNode {
  readonly properties?: Record<string, SchemaNode>;
}

/** The keys the schema allows at `path` (top-level keys, rule ids, `requests`/`limits`, ...). */
export function knownKeys(path: readonly string[]): string[] {
  let node: SchemaNode | undefined = configSchema as SchemaNode;
  for (const segment of path) node = node?.properties?.[segment];
  return Object.keys(node?.properties ?? {});
}

/** The known key nearest to `key`, when it is a likely typo of it (a few edits away). */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.min(3, Math.max(1, Math.floor(key.length / 3)));
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase(), bestDistance);
    if (distance <= bestDistance && (best === undefined || distance < bestDistance)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning more than `limit`) once it exceeds `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

function findKey(node: YNode, key: string): { start: number; end: number } | undefined {
  if (node.kind !== 'map') return undefined;
  return node.pairs.find((p) => p.key.value === key)?.key;
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.start}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
