/**
 * The runner for ABAC policy files: each policy line (or run of lines holding one JSON value, see
 * `splitAbacLines`) is checked on its own and its findings are kept by its text, so re-analysing
 * an edited file only re-checks the lines that changed.
 */
import { parseAbacPolicies, looksLikeAbacPolicy, splitAbacLines } from './abac.js';
import { engineFindings, notice, RuleContexts, shift, INTERNAL_RULE, SKIPPED_RULE, type Analysis, type DocumentAnalyzer, type Finding } from './analyze.js';
import { activeRules, type ActiveRule, type EngineConfig } from './config.js';
import { EditKit } from './edits.js';
import type { Rule } from './rule.js';
import { SuppressionSet } from './suppress.js';
import { t } from '../l10n/t.js';

export class AbacAnalyzer implements DocumentAnalyzer {
  private readonly active: readonly ActiveRule[];
  private readonly contexts: RuleContexts;
  /** Line text -> findings with offsets relative to the line. */
  private previous = new Map<string, readonly Finding[]>();

  constructor(rules: readonly Rule[], private readonly config: EngineConfig) {
    this.contexts = new RuleContexts(config);
    this.active = activeRules(rules, config).filter((a) => a.rule.checkAbacPolicy);
  }

  analyze(text: string): Analysis {
    if (text.length > this.config.maxDocumentSize) {
      const message = t('File not checked: {0} characters exceed the limit of {1} (setting maxDocumentSize).', text.length, this.config.maxDocumentSize);
      return { findings: engineFindings(this.config, SKIPPED_RULE, 'warning', message, 0, Math.min(text.length, 3)), sections: [], reparsed: 0 };
    }
    if (!looksLikeAbacPolicy(text)) {
      this.previous = new Map();
      return { findings: [], sections: [], reparsed: 0 };
    }
    const { lines, comments } = splitAbacLines(text);
    const suppressions = new SuppressionSet();
    suppressions.addComments(text, 0, comments.map((c) => ({ ...c, ownLine: true })));
    const cache = new Map<string, readonly Finding[]>();
    const findings: Finding[] = [];
    let reparsed = 0;
    for (const line of lines) {
      let own = this.previous.get(line.text) ?? cache.get(line.text);
      if (!own) {
        reparsed++;
        own = this.checkLine(line.text);
      }
      cache.set(line.text, own);
      for (const finding of own) {
        if (!suppressions.suppresses(finding.ruleId, line.start)) findings.push(shift(finding, line.start));
      }
    }
    this.previous = cache;
    return { findings, sections: [], reparsed };
  }

  private checkLine(text: string): Finding[] {
    const out: Finding[] = [];
    const context = this.contexts.of(text, new EditKit(text), out);
    for (const policy of parseAbacPolicies(text)) {
      for (const active of this.active) {
        const { rule } = active;
        context.active = active;
        try {
          rule.checkAbacPolicy!(policy, context);
        } catch (error) {
          out.push(notice(INTERNAL_RULE, t('Rule {0} failed on an ABAC policy line: {1}', rule.meta.id, String(error)), 0, 0));
        }
      }
    }
    return out;
  }
}
