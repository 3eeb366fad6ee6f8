/**
 * Which analyzer a document needs: Kubernetes YAML (and JSON) manifests, or ABAC policy files,
 * which are JSON Lines. The editor and the CLI both pick through here.
 */
import { ABAC_API_VERSION, looksLikeAbacPolicy, splitAbacLines } from './abac.js';
import { AbacAnalyzer } from './analyze-abac.js';
import { Analyzer, type AnalyzerOptions, type DocumentAnalyzer } from './analyze.js';
import type { EngineConfig } from './config.js';
import type { Rule } from './rule.js';

export type DocumentKind = 'yaml' | 'abac';

const JSON_LINES_LANGUAGES = new Set(['jsonl', 'jsonlines', 'json-lines']);

/**
 * `abac` for `*.jsonl` files, documents opened as JSON Lines, and `*.json` files whose text is an
 * ABAC policy file (policy files are often named `.json`); `yaml` otherwise.
 */
export function documentKindOf(fileName: string, languageId?: string, text?: string): DocumentKind {
  if (languageId !== undefined && JSON_LINES_LANGUAGES.has(languageId.toLowerCase())) return 'abac';
  if (/\.jsonl$/i.test(fileName)) return 'abac';
  return text !== undefined && /\.json$/i.test(fileName) && holdsAbacLines(text) ? 'abac' : 'yaml';
}

/**
 * One JSON object per line (or a pretty-printed object or array of them, which the ABAC rules
 * report) with ABAC policy keys, and no line that is a Kubernetes object of another API (a
 * one-line CustomResourceDefinition has a `"group"` key too).
 */
function holdsAbacLines(text: string): boolean {
  const { lines } = splitAbacLines(text);
  if (lines.length === 0 || !looksLikeAbacPolicy(text)) return false;
  return lines.every((line) => {
    const trimmed = line.text.trim();
    const bracketed = (trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']'));
    return bracketed && (!trimmed.includes('"apiVersion"') || trimmed.includes(ABAC_API_VERSION));
  });
}

/** An analyzer for successive versions of one document of the given kind. */
export function createAnalyzer(kind: DocumentKind, rules: readonly Rule[], config: EngineConfig, options: AnalyzerOptions = {}): DocumentAnalyzer {
  return kind === 'abac' ? new AbacAnalyzer(rules, config) : new Analyzer(rules, config, options);
}
