/**
 * Configuration: which rules run at which severity, and the settings rules read.
 * `.kube-aegis.yaml` text is validated against `schemas/kube-aegis-config.schema.json`
 * (generated from rule metadata); problems come back with their positions.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import configSchema from '../../../schemas/kube-aegis-config.schema.json';
import { get, toPlain, type YNode } from './model.js';
import { parseSection } from './parse.js';
import type { ResourceDefaults, Rule, RuleSettings, Severity } from './rule.js';

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
  return { trustedRegistries: config.trustedRegistries, resources: config.resources };
}

export interface ConfigProblem {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

export interface ParsedConfig {
  readonly input: ConfigInput;
  readonly problems: readonly ConfigProblem[];
}

let validator: ValidateFunction | undefined;

/** Parses and validates the text of a `.kube-aegis.yaml`. Invalid parts are reported, never guessed. */
export function parseConfigText(text: string): ParsedConfig {
  const parsed = parseSection(text);
  if (parsed.error) return { input: {}, problems: [{ ...parsed.error, message: `invalid YAML: ${parsed.error.message}` }] };
  const root = parsed.roots[0];
  if (!root) return { input: {}, problems: [] };
  const data = toPlain(root);
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(configSchema);
  if (validator(data)) return { input: data as ConfigInput, problems: [] };
  const problems = (validator.errors ?? []).map((error) => problemAt(root, error));
  return { input: {}, problems: dedupe(problems) };
}

function problemAt(root: YNode, error: ErrorObject): ConfigProblem {
  const path = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const segments = path.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  let node: YNode | undefined = root;
  let at: { start: number; end: number } = root;
  for (let i = 0; i < segments.length; i++) {
    node = get(node, segments[i]!);
    if (!node) break;
    at = node;
  }
  const where = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : 'configuration';
  let message = `${where}: ${error.message ?? 'is invalid'}`;
  if (error.keyword === 'additionalProperties') {
    const extra = String((error.params as { additionalProperty: string }).additionalProperty);
    message = `${where}: unknown key "${extra}"`;
    const keyNode = findKey(node ?? root, extra);
    if (keyNode) at = keyNode;
  } else if (error.keyword === 'enum') {
    message += `: ${((error.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String).join(', ')}`;
  }
  return { message, start: at.start, end: at.end };
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
