/**
 * Which analyzer a document needs: Kubernetes YAML (and JSON) manifests, or ABAC policy files,
 * which are JSON Lines. The editor and the CLI both pick through here.
 */
import { AbacAnalyzer } from './analyze-abac.js';
import { Analyzer, type DocumentAnalyzer } from './analyze.js';
import type { EngineConfig } from './config.js';
import type { Rule } from './rule.js';

export type DocumentKind = 'yaml' | 'abac';

const JSON_LINES_LANGUAGES = new Set(['jsonl', 'jsonlines', 'json-lines']);

/** `abac` for `*.jsonl` files or documents opened as JSON Lines; `yaml` otherwise. */
export function documentKindOf(fileName: string, languageId?: string): DocumentKind {
  if (languageId !== undefined && JSON_LINES_LANGUAGES.has(languageId.toLowerCase())) return 'abac';
  return /\.jsonl$/i.test(fileName) ? 'abac' : 'yaml';
}

/** An analyzer for successive versions of one document of the given kind. */
export function createAnalyzer(kind: DocumentKind, rules: readonly Rule[], config: EngineConfig): DocumentAnalyzer {
  return kind === 'abac' ? new AbacAnalyzer(rules, config) : new Analyzer(rules, config);
}
