/**
 * Rule fixtures: `test/rules/<id>/` holds
 *   bad.yaml        findings marked with a trailing `# expect: <id>[, <id>]` on the line they start on
 *   bad.fixed.yaml  bad.yaml after every safe fix of the rule (fixable rules only)
 *   good.yaml       input the rule must stay silent on
 *   config.yaml     optional engine configuration for all three (e.g. a profile or settings)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG, mergeConfig, parseConfigText, type EngineConfig } from '../../server/src/engine/index.js';
import { ROOT } from './paths.js';

export const RULE_FIXTURES = join(ROOT, 'test', 'rules');

export interface RuleFixture {
  readonly id: string;
  readonly dir: string;
  readonly bad?: string;
  readonly fixed?: string;
  readonly good?: string;
  readonly config: EngineConfig;
}

const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined);

export function loadRuleFixtures(): RuleFixture[] {
  return readdirSync(RULE_FIXTURES, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => loadRuleFixture(e.name));
}

export function loadRuleFixture(id: string): RuleFixture {
  const dir = join(RULE_FIXTURES, id);
  const configText = read(join(dir, 'config.yaml'));
  let config: EngineConfig = mergeConfig(DEFAULT_CONFIG, { rules: {} });
  if (configText) {
    const parsed = parseConfigText(configText);
    if (parsed.problems.length) throw new Error(`${dir}/config.yaml: ${parsed.problems.map((p) => p.message).join('; ')}`);
    config = mergeConfig(DEFAULT_CONFIG, parsed.input);
  }
  const bad = read(join(dir, 'bad.yaml'));
  const fixed = read(join(dir, 'bad.fixed.yaml'));
  const good = read(join(dir, 'good.yaml'));
  return { id, dir, config, ...(bad !== undefined ? { bad } : {}), ...(fixed !== undefined ? { fixed } : {}), ...(good !== undefined ? { good } : {}) };
}

/** `line:ruleId` for every `# expect:` marker of the text (0-based lines), sorted. */
export function expectedMarkers(text: string, ruleId: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, index) => {
    const match = /#\s*expect:\s*([A-Za-z0-9_,\s-]+)$/.exec(line.trimEnd());
    if (!match) return;
    for (const id of match[1]!.split(/[\s,]+/).filter(Boolean)) if (id === ruleId) out.push(`${index}:${id}`);
  });
  return out.sort();
}
