/**
 * What people know from ESLint and ruff: `rules`, `explain`, `--version`, `--quiet`,
 * `--max-warnings`, `--stdin-filename`, colour only on a terminal, and a progress line.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { Progress, useColor } from '../../server/src/cli/terminal.js';
import { CLI, findingKeys, jsonFindings, PRIVILEGED_POD, QUIET_POD, runCli, tempProject, UNTAGGED_POD } from '../support/cli.js';
import { corpusDir, corpusSkip } from '../support/corpora.js';
import { ROOT } from '../support/paths.js';

const ESCAPE = '\x1b[';
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
/** A Pod with one error (privileged) and one warning (untagged image). */
const ERROR_AND_WARNING = PRIVILEGED_POD.replace('example.com/app:1.0.0', 'example.com/app');

describe('kube-aegis rules', () => {
  const dir = tempProject({});
  const ids = (stdout: string) => stdout.split('\n').slice(1).map((line) => line.split(/\s+/)[0]).filter((id) => id && ALL_RULES.some((r) => r.meta.id === id));

  it('lists every rule with its severity, category, PSS level and fixability', () => {
    const run = runCli(['rules'], { cwd: dir });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^RULE +SEVERITY +CATEGORY +PSS +FIX +TITLE\n/);
    assert.deepEqual(ids(run.stdout), ALL_RULES.map((r) => r.meta.id));
    assert.match(run.stdout, /^privileged-container +error +pod-security +baseline +yes +Privileged containers$/m);
    assert.match(run.stdout, new RegExp(`\\n${ALL_RULES.length} rules;`));
  });

  it('filters by profile, category and fixability', () => {
    const baseline = ids(runCli(['rules', '--profile', 'baseline'], { cwd: dir }).stdout);
    assert.deepEqual(baseline, ALL_RULES.filter((r) => r.meta.pss?.level === 'baseline').map((r) => r.meta.id));
    const restricted = ids(runCli(['rules', '--profile', 'restricted'], { cwd: dir }).stdout);
    assert.ok(restricted.length > baseline.length && baseline.every((id) => restricted.includes(id)));
    assert.deepEqual(ids(runCli(['rules', '--category', 'rbac'], { cwd: dir }).stdout), ALL_RULES.filter((r) => r.meta.category === 'rbac').map((r) => r.meta.id));
    const fixableWorkload = ids(runCli(['rules', '--category', 'workload', '--fixable'], { cwd: dir }).stdout);
    assert.deepEqual(fixableWorkload, ALL_RULES.filter((r) => r.meta.category === 'workload' && r.meta.fixable).map((r) => r.meta.id));
    assert.ok(fixableWorkload.length > 0);
  });

  it('writes the metadata as JSON with --format json', () => {
    const listed = JSON.parse(runCli(['rules', '--fixable', '--format', 'json'], { cwd: dir }).stdout) as { id: string; fixable: boolean }[];
    assert.deepEqual(listed.map((m) => m.id), ALL_RULES.filter((r) => r.meta.fixable).map((r) => r.meta.id));
  });

  it('refuses an unknown profile or category with exit status 2', () => {
    for (const args of [['rules', '--profile', 'strict'], ['rules', '--category', 'nope'], ['rules', 'extra']]) {
      const run = runCli(args, { cwd: dir });
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, /^kube-aegis: /);
    }
  });
});

describe('kube-aegis explain', () => {
  const dir = tempProject({});

  it("prints the rule's documentation from its metadata", () => {
    const run = runCli(['explain', 'privileged-container'], { cwd: dir });
    assert.equal(run.status, 0, run.stderr);
    const meta = ALL_RULES.find((r) => r.meta.id === 'privileged-container')!.meta;
    assert.match(run.stdout, /^privileged-container: Privileged containers\n/);
    assert.match(run.stdout, /PSS +baseline: Privileged Containers/);
    const flat = run.stdout.replace(/\s+/g, ' ');
    assert.ok(flat.includes(meta.rationale), 'the rationale');
    assert.ok(flat.includes(meta.remediation), 'the remediation');
    for (const reference of meta.references) assert.ok(run.stdout.includes(reference), reference);
    assert.match(run.stdout, /# kube-aegis-disable-next-line privileged-container/);
    assert.match(run.stdout, /docs\/rules\/privileged-container\.md/);
  });

  it('suggests rule ids for an unknown one, with exit status 2', () => {
    const run = runCli(['explain', 'privileged'], { cwd: dir });
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /no rule "privileged"; did you mean privileged-container\?/);
    assert.equal(runCli(['explain'], { cwd: dir }).status, 2);
  });
});

describe('kube-aegis scan conveniences', () => {
  const dir = tempProject({
    'both.yaml': ERROR_AND_WARNING,
    'untagged.yaml': UNTAGGED_POD,
    'team/.kube-aegis.yaml': 'rules:\n  image-tag: off\n',
    'policy.jsonl': '{"apiVersion": "abac.authorization.kubernetes.io/v1beta1", "kind": "Policy", "spec": {"user": "*", "namespace": "*", "resource": "*", "apiGroup": "*"}}\n',
  });

  it('--version and -v print the package version', () => {
    for (const flag of ['--version', '-v']) assert.equal(runCli([flag], { cwd: dir }).stdout, `${VERSION}\n`);
  });

  it('--quiet reports the errors only, in every format, and the exit status follows what is reported', () => {
    const all = findingKeys(runCli(['scan', 'both.yaml', '--format', 'json'], { cwd: dir }).stdout);
    assert.ok(all.some((k) => k.endsWith(' image-tag')) && all.some((k) => k.endsWith(' privileged-container')));
    const quiet = runCli(['scan', 'both.yaml', '--format', 'json', '--quiet'], { cwd: dir });
    assert.deepEqual(jsonFindings(quiet.stdout).map((f) => f.finding.severity), ['error']);
    const stylish = runCli(['scan', 'both.yaml', '-q'], { cwd: dir });
    assert.doesNotMatch(stylish.stdout, /^ +\d+:\d+ +(warning|info|level) /m);
    assert.match(stylish.stdout, /1 problem \(1 error, 0 warnings, 0 info\)/);
    assert.equal(runCli(['scan', 'untagged.yaml', '--quiet', '--fail-on', 'warning'], { cwd: dir }).status, 0, 'a dropped warning fails nothing');
  });

  it('--max-warnings N fails when more than N warnings are found, and says so', () => {
    const warnings = jsonFindings(runCli(['scan', 'untagged.yaml', '--format', 'json'], { cwd: dir }).stdout).filter((f) => f.finding.severity === 'warning').length;
    assert.ok(warnings > 0);
    const over = runCli(['scan', 'untagged.yaml', '--max-warnings', String(warnings - 1)], { cwd: dir });
    assert.equal(over.status, 1);
    assert.match(over.stderr, new RegExp(`too many warnings \\(more than --max-warnings ${warnings - 1}\\)`));
    assert.equal(runCli(['scan', 'untagged.yaml', '--max-warnings', String(warnings)], { cwd: dir }).status, 0);
    assert.equal(runCli(['scan', 'untagged.yaml', '--max-warnings', '-1'], { cwd: dir }).status, 2);
    assert.equal(runCli(['scan', 'untagged.yaml', '--max-warnings', 'some'], { cwd: dir }).status, 2);
  });

  it('--stdin-filename names standard input in the report and finds its configuration from there', () => {
    const plain = runCli(['scan', '-', '--format', 'json'], { cwd: dir, input: UNTAGGED_POD });
    assert.deepEqual([...new Set(jsonFindings(plain.stdout).map((f) => f.path))], ['<stdin>']);
    assert.ok(findingKeys(plain.stdout).some((k) => k.endsWith(' image-tag')));
    const named = runCli(['scan', '-', '--format', 'json', '--stdin-filename', 'team/pod.yaml'], { cwd: dir, input: ERROR_AND_WARNING });
    assert.equal(named.status, 1, named.stderr);
    assert.ok(jsonFindings(named.stdout).length > 0);
    assert.ok(jsonFindings(named.stdout).every((f) => f.path === 'team/pod.yaml'));
    assert.ok(!findingKeys(named.stdout).some((k) => k.endsWith(' image-tag')), 'team/.kube-aegis.yaml turns image-tag off');
    const stylish = runCli(['scan', '-', '--stdin-filename', 'team/pod.yaml'], { cwd: dir, input: PRIVILEGED_POD });
    assert.match(stylish.stdout, /^team\/pod\.yaml$/m);
  });

  it('--stdin-filename with a .jsonl name checks standard input as ABAC policies', () => {
    const text = readFileSync(join(dir, 'policy.jsonl'), 'utf8');
    const asYaml = findingKeys(runCli(['scan', '-', '--format', 'json'], { cwd: dir, input: text }).stdout);
    const asAbac = findingKeys(runCli(['scan', '-', '--format', 'json', '--stdin-filename', 'policy.jsonl'], { cwd: dir, input: text }).stdout);
    assert.ok(asAbac.some((k) => / abac-/.test(k)), JSON.stringify(asAbac));
    assert.notDeepEqual(asAbac, asYaml);
  });

  it('writes no colour when the output is not a terminal, even without NO_COLOR', () => {
    for (const env of [{ NO_COLOR: '' }, { NO_COLOR: '1' }]) {
      const run = runCli(['scan', 'both.yaml'], { cwd: dir, env });
      assert.ok(run.stdout.length > 0 && !run.stdout.includes(ESCAPE), JSON.stringify(env));
      assert.ok(!run.stderr.includes(ESCAPE));
    }
  });
});

describe('colour and progress on a terminal', () => {
  it('useColor: a terminal without NO_COLOR only', () => {
    assert.equal(useColor({ isTTY: true, write: () => true }, {}), true);
    assert.equal(useColor({ isTTY: true, write: () => true }, { NO_COLOR: '1' }), false);
    assert.equal(useColor({ isTTY: true, write: () => true }, { NO_COLOR: '' }), true, 'an empty NO_COLOR is unset (no-color.org)');
    assert.equal(useColor({ isTTY: false, write: () => true }, {}), false);
    assert.equal(useColor({ write: () => true }, {}), false);
  });

  const script = spawnSync('script', ['--version'], { encoding: 'utf8' });
  const noPty = script.error || script.status !== 0 ? 'script(1) from util-linux is not installed' : false;
  /** `kube-aegis <args>` with its output on a pseudo-terminal. */
  const inTerminal = (args: string[], env: NodeJS.ProcessEnv) => {
    const command = [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(' ');
    return spawnSync('script', ['-qec', command, '/dev/null'], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } });
  };
  const dir = tempProject({ 'pod.yaml': PRIVILEGED_POD, 'quiet.yaml': QUIET_POD });

  it('colours the stylish output on a terminal, and not with NO_COLOR', { skip: noPty }, () => {
    const { NO_COLOR: _, ...env } = process.env;
    const coloured = inTerminal(['scan', 'pod.yaml'], { ...env, NO_COLOR: '' });
    assert.ok(coloured.stdout.includes(`${ESCAPE}31merror`), JSON.stringify(coloured.stdout.slice(0, 300)));
    const plain = inTerminal(['scan', 'pod.yaml'], { NO_COLOR: '1' });
    assert.match(plain.stdout, /error/);
    assert.ok(!plain.stdout.includes(ESCAPE), JSON.stringify(plain.stdout.slice(0, 300)));
  });

  it('keeps JSON and SARIF free of escape codes on a terminal', { skip: noPty }, () => {
    for (const format of ['json', 'sarif']) {
      const run = inTerminal(['scan', 'pod.yaml', 'quiet.yaml', '--format', format], { NO_COLOR: '' });
      assert.ok(!run.stdout.includes(ESCAPE), format);
      assert.ok(run.stdout.trim().startsWith('{'), format);
    }
  });

  it('shows a progress line during a long scan on a terminal (the realworld corpus), and none in JSON', { skip: noPty || corpusSkip('realworld') }, () => {
    const stylish = inTerminal(['scan', corpusDir('realworld')!, '--fail-on', 'none'], { NO_COLOR: '1' });
    assert.match(stylish.stdout, /\r\x1b\[Kkube-aegis: checking \d+\/\d+ files/);
    assert.match(stylish.stdout, /\r\x1b\[K\r?\n?.*problems/s, 'the line is erased before the report');
    const json = inTerminal(['scan', corpusDir('realworld')!, '--fail-on', 'none', '--format', 'json'], { NO_COLOR: '1' });
    assert.ok(!json.stdout.includes('kube-aegis: checking') && !json.stdout.includes(ESCAPE));
    JSON.parse(json.stdout);
  });

  it('Progress: nothing for a short scan, a line redrawn in place for a long one, erased at the end', () => {
    let clock = 0;
    const written: string[] = [];
    const terminal = { isTTY: true, write: (text: string) => written.push(text) };
    const short = new Progress(terminal, { now: () => clock, delayMs: 1000, intervalMs: 100 });
    short.update('checking', 1, 10);
    clock = 500;
    short.update('checking', 5, 10);
    short.finish();
    assert.deepEqual(written, [], 'a scan shorter than the delay shows nothing');

    clock = 0;
    const long = new Progress(terminal, { now: () => clock, delayMs: 1000, intervalMs: 100 });
    for (let done = 0; done < 30; done++) {
      clock = done * 50;
      long.update('checking', done, 30);
    }
    long.finish();
    assert.deepEqual(written.slice(0, 2), ['\r\x1b[Kkube-aegis: checking 20/30 files', '\r\x1b[Kkube-aegis: checking 22/30 files']);
    assert.equal(written.length, 6, 'redrawn at most every 100 ms, then erased');
    assert.equal(written.at(-1), '\r\x1b[K');
  });

  it('Progress: never on something that is not a terminal, nor without a stream (JSON and SARIF)', () => {
    const written: string[] = [];
    let clock = 0;
    const pipe = new Progress({ isTTY: false, write: (text: string) => written.push(text) }, { now: () => clock });
    const none = new Progress(undefined, { now: () => clock });
    clock = 5000;
    pipe.update('checking', 1, 2);
    none.update('checking', 1, 2);
    pipe.finish();
    none.finish();
    assert.deepEqual(written, []);
  });
});
