/** The engine's public surface: pure functions from text to findings and fixes. No I/O. */
export { Analyzer, analyzeText, SYNTAX_RULE, TEMPLATE_RULE, SKIPPED_RULE, INTERNAL_RULE } from './analyze.js';
export type { Analysis, AnalysedSection, Finding, ObjectRef } from './analyze.js';
export { DEFAULT_CONFIG, PROFILES, activeRules, mergeConfig, parseConfigText } from './config.js';
export type { ConfigInput, ConfigProblem, EngineConfig, Profile } from './config.js';
export { applyEdits, nonOverlapping } from './edits.js';
export type { Fix, TextEdit } from './edits.js';
export { fixAll, fixesToApply } from './fix-all.js';
export { LineIndex } from './lines.js';
export { ignoreLineEdit, ignoreObjectEdits } from './suppress-edits.js';
export { ruleDocUrl } from './rule.js';
export type { Rule, RuleMeta, Severity, PssLevel } from './rule.js';
