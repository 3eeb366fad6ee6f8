/** Output formats (stylish, json, SARIF 2.1.0 checked against its schema) and standard input. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sarifValidator } from '../support/sarif.js';
import { findingKeys, jsonFindings, lineOf, PRIVILEGED_POD, QUIET_POD, runCli, tempProject } from '../support/cli.js';

const TWO_PODS = `${PRIVILEGED_POD}---\n${PRIVILEGED_POD.replace('name: app\n  namespace', 'name: second\n  namespace')}`;

describe('kube-aegis output formats', () => {
  const dir = tempProject({ 'pods.yaml': TWO_PODS, 'quiet.yaml': QUIET_POD });
  const privilegedLine = lineOf(TWO_PODS, 'privileged: true');
  /** 1-based column of the `true` of `privileged: true`. */
  const column = PRIVILEGED_POD.split('\n')[privilegedLine - 1]!.indexOf('true') + 1;
  const secondLine = lineOf(TWO_PODS.slice(TWO_PODS.indexOf('name: second')), 'privileged: true') + lineOf(TWO_PODS, 'name: second') - 1;

  it('stylish: a block per file with line:column, severity, message and rule id, then a summary', () => {
    const run = runCli(['scan', 'pods.yaml', 'quiet.yaml'], { cwd: dir });
    assert.equal(run.status, 1);
    const rows = run.stdout.split('\n').filter((line) => line.includes('privileged-container'));
    assert.equal(rows.length, 2);
    assert.match(rows[0]!, new RegExp(`^  ${privilegedLine}:${column} +error +Container "app" runs privileged.*  privileged-container$`));
    assert.match(run.stdout, /^\npods\.yaml\n/);
    const quietBlock = run.stdout.split('\nquiet.yaml\n')[1]?.split('\n\n')[0] ?? '';
    assert.doesNotMatch(quietBlock, /(error|warning|info) {2}/, 'a file without findings lists only its workloads\' Pod Security level');
    // Making a container unprivileged can stop it from working: an unsafe fix.
    assert.match(run.stdout, /\n2 problems \(2 errors, 0 warnings, 0 info\) in 2 files; 2 more with --fix --unsafe-fixes \(review them\)\.\n$/);
    assert.doesNotMatch(run.stdout, /\x1b\[/, 'no colours when stdout is not a terminal');
  });

  it('json: 1-based lines and columns, offsets, fixability and the object', () => {
    const run = runCli(['scan', 'pods.yaml', '--format', 'json'], { cwd: dir });
    assert.equal(run.status, 1);
    assert.deepEqual(findingKeys(run.stdout), [`pods.yaml:${privilegedLine} privileged-container`, `pods.yaml:${secondLine} privileged-container`]);
    const [first] = jsonFindings(run.stdout);
    assert.equal(first!.finding.column, column);
    assert.equal(first!.finding.fixable, false, 'an unsafe fix is not applied by --fix');
    const raw = JSON.parse(run.stdout).files[0].findings[0];
    assert.equal(TWO_PODS.slice(raw.offset, raw.endOffset), 'true');
    assert.deepEqual(raw.object, { kind: 'Pod', name: 'app', namespace: 'shop' });
  });

  it('sarif: valid SARIF 2.1.0 with rule metadata and 1-based regions on the offending line', () => {
    const run = runCli(['scan', 'pods.yaml', 'quiet.yaml', '--format', 'sarif'], { cwd: dir });
    assert.equal(run.status, 1);
    const log = JSON.parse(run.stdout);
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    assert.equal(log.version, '2.1.0');
    const [sarifRun] = log.runs;
    const rules = sarifRun.tool.driver.rules as { id: string; helpUri: string }[];
    assert.ok(rules.some((r) => r.id === 'privileged-container' && r.helpUri.endsWith('/docs/rules/privileged-container.md')));
    assert.equal(sarifRun.results.length, 2);
    for (const [i, result] of (sarifRun.results as any[]).entries()) {
      assert.equal(result.ruleId, 'privileged-container');
      assert.equal(rules[result.ruleIndex]!.id, result.ruleId);
      assert.equal(result.level, 'error');
      const { artifactLocation, region } = result.locations[0].physicalLocation;
      assert.equal(artifactLocation.uri, 'pods.yaml');
      assert.equal(sarifRun.artifacts[artifactLocation.index].location.uri, 'pods.yaml');
      assert.deepEqual(region, { startLine: i === 0 ? privilegedLine : secondLine, startColumn: column, endLine: i === 0 ? privilegedLine : secondLine, endColumn: column + 4 });
    }
  });

  it('sarif: valid with no results, and with an engine notice at the first line', () => {
    const dir2 = tempProject({ 'quiet.yaml': QUIET_POD, 'broken.yaml': 'kind: [unclosed\n' });
    const validate = sarifValidator();
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false, 'the schema is really applied (driver.name is required)');
    const quiet = JSON.parse(runCli(['scan', 'quiet.yaml', '--format', 'sarif'], { cwd: dir2 }).stdout);
    assert.ok(validate(quiet), JSON.stringify(validate.errors));
    assert.deepEqual(quiet.runs[0].results, []);
    const broken = JSON.parse(runCli(['scan', 'broken.yaml', '--format', 'sarif'], { cwd: dir2 }).stdout);
    assert.ok(validate(broken), JSON.stringify(validate.errors));
    const region = broken.runs[0].results[0].locations[0].physicalLocation.region;
    assert.equal(broken.runs[0].results[0].ruleId, 'yaml-syntax');
    assert.ok(region.startLine >= 1 && region.startColumn >= 1, JSON.stringify(region));
  });

  it('reads standard input for "-"', () => {
    const run = runCli(['scan', '-', '--format', 'json'], { cwd: dir, input: PRIVILEGED_POD });
    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual(findingKeys(run.stdout), [`<stdin>:${lineOf(PRIVILEGED_POD, 'privileged: true')} privileged-container`]);
    const quiet = runCli(['scan', '-'], { cwd: dir, input: QUIET_POD });
    assert.equal(quiet.status, 0);
  });
});
