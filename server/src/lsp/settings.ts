/**
 * The editor settings (`kubeAegis.*`). They come from `workspace/configuration` when the client
 * answers it, else from the object pushed with `workspace/didChangeConfiguration`. Values are
 * read defensively: anything malformed is ignored rather than guessed.
 */
import type { Connection } from 'vscode-languageserver/node';
import { minorOf, PROFILES, type ConfigInput, type Profile } from '../engine/index.js';

type RuleSetting = NonNullable<ConfigInput['rules']>[string];

export const SETTINGS_SECTION = 'kubeAegis';

export type RunMode = 'onType' | 'onSave';

/** Which files the Problems panel shows: every manifest of the workspace, or the open ones. */
export type DiagnosticsScope = 'workspace' | 'openFiles';

export interface EditorSettings {
  /** Engine configuration, layered over `.kube-aegis.yaml`. */
  readonly config: ConfigInput;
  readonly run: RunMode;
  /** Glob patterns of files not to check (relative to the workspace folder, or absolute). */
  readonly exclude: readonly string[];
  /** "Fix All" and `source.fixAll.kube-aegis` apply unsafe fixes too. */
  readonly fixAllUnsafe: boolean;
  readonly diagnosticsScope: DiagnosticsScope;
  /** At most this many of a file's findings are shown as diagnostics (`diagnostic-limit.ts`). */
  readonly maxProblemsPerFile: number;
}

/** Far more than a person reads in one file: only generated files of thousands of objects reach it. */
export const DEFAULT_MAX_PROBLEMS_PER_FILE = 5000;

export const DEFAULT_SETTINGS: EditorSettings = { config: {}, run: 'onType', exclude: [], fixAllUnsafe: false, diagnosticsScope: 'workspace', maxProblemsPerFile: DEFAULT_MAX_PROBLEMS_PER_FILE };

const SEVERITIES = new Set(['off', 'info', 'warning', 'error']);

type Raw = Record<string, unknown>;
const isObject = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);
const stringsOf = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;

/**
 * Reads a `kubeAegis` settings object. VS Code sends every setting with its default value, so a
 * default cannot be told from an unset value: defaults (profile `default`, no registries) are
 * treated as unset, which lets `.kube-aegis.yaml` decide them.
 */
export function readSettings(raw: unknown): EditorSettings {
  if (!isObject(raw)) return DEFAULT_SETTINGS;
  const config: ConfigInput = {};
  if (typeof raw.profile === 'string' && raw.profile !== 'default' && PROFILES.includes(raw.profile as Profile)) {
    config.profile = raw.profile as Profile;
  }
  const rules = readRules(raw.rules);
  if (rules) config.rules = rules;
  const registries = stringsOf(raw.trustedRegistries);
  if (registries?.length) config.trustedRegistries = registries;
  const resources = readResources(raw.resources);
  if (resources) config.resources = resources;
  // The programs that render charts and kustomizations; empty (the default) leaves them to .kube-aegis.yaml and PATH.
  const render = { ...(typeof raw.helmPath === 'string' && raw.helmPath ? { helm: raw.helmPath } : {}), ...(typeof raw.kustomizePath === 'string' && raw.kustomizePath ? { kustomize: raw.kustomizePath } : {}) };
  if (render.helm || render.kustomize) config.render = render;
  // Empty (the default) leaves the version to `.kube-aegis.yaml`.
  if (typeof raw.kubernetesVersion === 'string' && minorOf(raw.kubernetesVersion) !== undefined) config.kubernetesVersion = raw.kubernetesVersion;
  const fixAll = raw.fixAll;
  return {
    config,
    run: raw.run === 'onSave' ? 'onSave' : 'onType',
    // `ignore`, as in .kube-aegis.yaml; `exclude` is its earlier name.
    exclude: [...(stringsOf(raw.ignore) ?? []), ...(stringsOf(raw.exclude) ?? [])],
    fixAllUnsafe: isObject(fixAll) && fixAll.unsafe === true,
    diagnosticsScope: raw.diagnosticsScope === 'openFiles' ? 'openFiles' : 'workspace',
    maxProblemsPerFile: typeof raw.maxProblemsPerFile === 'number' && Number.isInteger(raw.maxProblemsPerFile) && raw.maxProblemsPerFile >= 1 ? raw.maxProblemsPerFile : DEFAULT_MAX_PROBLEMS_PER_FILE,
  };
}

function readRules(raw: unknown): Record<string, RuleSetting> | undefined {
  if (!isObject(raw)) return undefined;
  const out: Record<string, RuleSetting> = {};
  for (const [id, value] of Object.entries(raw)) {
    const severity = isObject(value) ? value.severity : value;
    if (typeof severity === 'string' && SEVERITIES.has(severity)) out[id] = severity as RuleSetting;
  }
  return Object.keys(out).length ? out : undefined;
}

function readResources(raw: unknown): ConfigInput['resources'] | undefined {
  if (!isObject(raw)) return undefined;
  const out: NonNullable<ConfigInput['resources']> = {};
  for (const part of ['requests', 'limits'] as const) {
    const block = raw[part];
    if (!isObject(block)) continue;
    const values: { cpu?: string; memory?: string } = {};
    if (typeof block.cpu === 'string' && block.cpu) values.cpu = block.cpu;
    if (typeof block.memory === 'string' && block.memory) values.memory = block.memory;
    if (values.cpu || values.memory) out[part] = values;
  }
  return out.requests || out.limits ? out : undefined;
}

/** Settings per document, fetched once and kept until the configuration changes. */
export class SettingsStore {
  private pushed: unknown;
  private readonly byUri = new Map<string, Promise<EditorSettings>>();

  constructor(
    private readonly connection: Connection,
    private readonly canFetch: boolean,
  ) {}

  /** The client reported a configuration change; `settings` is whatever it pushed along. */
  changed(settings: unknown): void {
    if (isObject(settings) && SETTINGS_SECTION in settings) this.pushed = settings[SETTINGS_SECTION];
    this.byUri.clear();
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }

  for(uri: string): Promise<EditorSettings> {
    let settings = this.byUri.get(uri);
    if (!settings) {
      settings = this.fetch(uri);
      this.byUri.set(uri, settings);
    }
    return settings;
  }

  private async fetch(uri: string): Promise<EditorSettings> {
    if (this.canFetch) {
      try {
        const fetched: unknown = await this.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION });
        if (isObject(fetched)) return readSettings(fetched);
      } catch (error) {
        this.connection.console.warn(`Reading the ${SETTINGS_SECTION} settings failed: ${String(error)}`);
      }
    }
    return readSettings(this.pushed);
  }
}
