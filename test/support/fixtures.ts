/**
 * Rule fixtures: `test/rules/<id>/` holds
 *   bad.yaml        findings marked with a trailing `# expect: <id>[, <id>]` on the line they start on
 *   bad.fixed.yaml  bad.yaml after every fix of the rule, safe and unsafe (`--fix --unsafe-fixes`;
 *                   fixable rules only)
 *   good.yaml       input the rule must stay silent on
 *   config.yaml     optional engine configuration for all three (e.g. a profile or settings)
 *
 * Rules for ABAC policy files (JSON Lines) use `bad.jsonl`, `bad.fixed.jsonl` and `good.jsonl`
 * instead. A JSON line cannot carry a marker, so their expected findings are listed in
 * `bad.expect`: one `<line>: <id>[, <id>]` per finding line (1-based line numbers of bad.jsonl,
 * as editors show them); blank lines and `#` comments are ignored.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG, mergeConfig, parseConfigText, type DocumentKind, type EngineConfig } from '../../server/src/engine/index.js';
import { ROOT } from './paths.js';

export const RULE_FIXTURES = join(ROOT, 'test', 'rules');

export interface RuleFixture {
  readonly id: string;
  readonly dir: string;
  /** `abac` when the fixture is JSON Lines (`bad.jsonl`, ...), `yaml` otherwise. */
  readonly kind: DocumentKind;
  /** File extension of the fixture's inputs: `yaml` or `jsonl`. */
  readonly ext: 'yaml' | 'jsonl';
  /** The content of `bad.expect` (JSON Lines fixtures). */
  readonly expect?: string;
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
  const ext = existsSync(join(dir, 'bad.jsonl')) || existsSync(join(dir, 'good.jsonl')) ? 'jsonl' : 'yaml';
  const bad = read(join(dir, `bad.${ext}`));
  const fixed = read(join(dir, `bad.fixed.${ext}`));
  const good = read(join(dir, `good.${ext}`));
  const expect = ext === 'jsonl' ? read(join(dir, 'bad.expect')) : undefined;
  return {
    id,
    dir,
    kind: ext === 'jsonl' ? 'abac' : 'yaml',
    ext,
    config,
    ...(bad !== undefined ? { bad } : {}),
    ...(fixed !== undefined ? { fixed } : {}),
    ...(good !== undefined ? { good } : {}),
    ...(expect !== undefined ? { expect } : {}),
  };
}

/** `line:ruleId` (0-based lines) of every finding of `ruleId` the fixture's bad input expects, sorted. */
export function expectedFindings(fixture: RuleFixture, ruleId: string): string[] {
  if (fixture.ext === 'yaml') return expectedMarkers(fixture.bad ?? '', ruleId);
  return expectList(fixture.expect ?? '', ruleId);
}

/** `line:ruleId` for every entry of a `bad.expect` list (1-based there, 0-based here), sorted. */
export function expectList(text: string, ruleId: string): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    const match = /^(\d+)\s*:\s*([A-Za-z0-9_,\s-]+)$/.exec(line);
    if (!match) throw new Error(`bad.expect: cannot read "${raw}" (expected "<line>: <id>")`);
    for (const id of match[2]!.split(/[\s,]+/).filter(Boolean)) if (id === ruleId) out.push(`${Number(match[1]) - 1}:${id}`);
  }
  return out.sort();
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
