/**
 * The server under Neovim's own LSP client, driven headless by the shared `lsp-check` tool:
 * the diagnostics it reports, and a quick fix applied and saved by Neovim.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SERVER_JS, summary } from '../support/lsp-client.js';
import { SHARED, sharedTool } from '../support/corpora.js';
import { ofWebRules, WEB, WEB_FINDINGS, WEB_RULES } from '../support/web-fixture.js';

const LSP_CHECK = sharedTool('nvim-lsp/lsp-check') ?? join(SHARED, 'tools', 'nvim-lsp', 'lsp-check');
const NVIM_MISSING = spawnSync('nvim', ['--version'], { stdio: 'ignore' }).error !== undefined;
const SKIP = NVIM_MISSING
  ? 'nvim is not installed (Debian: apt-get install -y neovim)'
  : sharedTool('nvim-lsp/lsp-check') === undefined
    ? `the shared lsp-check tool is not in ${join(SHARED, 'tools')}`
    : false;

interface ReportDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  code: string;
  source: string;
  codeDescription?: { href: string };
}

interface Report {
  readonly diagnostics: ReportDiagnostic[];
  readonly codeActions: { title: string; kind: string | null; isPreferred: boolean | null }[][];
  readonly publishedVersion: number | null;
  readonly server: { offsetEncoding: string };
  readonly fix?: { applied: boolean; title: string; diagnosticsAfter: ReportDiagnostic[] | null };
}

function lspCheck(args: string[]): Promise<{ code: number; output: string }> {
  const server = `'${process.execPath}' '${SERVER_JS}' --stdio`;
  return new Promise((resolve) => {
    execFile(LSP_CHECK, ['--timeout', '30', ...args.slice(0, -2), server, ...args.slice(-2)], { timeout: 90_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

describe('Neovim (lsp-check)', { skip: SKIP }, () => {
  let dir: string;
  let manifest: string;
  before(() => {
    assert.ok(spawnSync(LSP_CHECK, ['--help']).status !== null, `${LSP_CHECK} is missing`);
    dir = mkdtempSync(join(tmpdir(), 'kube-aegis-nvim-'));
    manifest = join(dir, 'web.yaml');
    writeFileSync(manifest, WEB);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reports the findings with their rule ids and exact ranges, and applies a quick fix', async () => {
    const report = join(dir, 'report.json');
    const fixed = join(dir, 'fixed.yaml');
    const run = await lspCheck(['--fix', 'Set privileged: false', '--fix-plain', '--fix-out', fixed, manifest, report]);
    assert.equal(run.code, 0, run.output);
    const result = JSON.parse(readFileSync(report, 'utf8')) as Report;
    assert.equal(result.server.offsetEncoding, 'utf-16');
    assert.equal(result.publishedVersion, 0);
    assert.deepEqual(summary(ofWebRules(result.diagnostics) as never), WEB_FINDINGS);
    assert.ok(result.diagnostics.every((d) => d.source === 'kube-aegis' && d.codeDescription?.href.endsWith(`${d.code}.md`)));
    // One list of actions per diagnostic, in the same order.
    assert.equal(result.codeActions.length, result.diagnostics.length);
    result.codeActions.forEach((actions, i) => {
      const titles = actions.map((a) => a.title);
      assert.ok(titles.some((t) => t.startsWith('Ignore ') && t.endsWith(' for this line')), titles.join(', '));
      // The rules under test both have a fix; theirs are unsafe here (privileged: false may stop a workload that needs it;
      // runAsNonRoot without a known user), so the menu says so and prefers neither.
      if (WEB_RULES.includes(result.diagnostics[i]!.code)) {
        const fixes = actions.filter((a) => a.kind === 'quickfix' && a.title.endsWith(' (unsafe)'));
        assert.ok(fixes.length > 0 && fixes.every((a) => a.isPreferred !== true), titles.join(', '));
      }
    });
    assert.equal(result.fix?.applied, true);
    assert.equal(readFileSync(fixed, 'utf8'), WEB.replace('privileged: true', 'privileged: false'));
    assert.equal(ofWebRules(result.fix?.diagnosticsAfter ?? []).length, 2);
  });

  it('takes settings from the client and fixes every problem of a rule, unsafe fixes included when set so', async () => {
    const report = join(dir, 'report-baseline.json');
    const fixed = join(dir, 'fixed-all.yaml');
    const settings = join(dir, 'settings.json');
    // Fix-all takes unsafe fixes only when the user says so.
    writeFileSync(settings, JSON.stringify({ kubeAegis: { profile: 'baseline', fixAll: { unsafe: true } } }));
    const run = await lspCheck(['--settings', settings, '--fix', 'Fix all privileged-container problems', '--fix-plain', '--fix-out', fixed, manifest, report]);
    assert.equal(run.code, 0, run.output);
    const result = JSON.parse(readFileSync(report, 'utf8')) as Report;
    assert.deepEqual(ofWebRules(result.diagnostics).map((d) => d.code), ['privileged-container', 'privileged-container']);
    assert.equal(readFileSync(fixed, 'utf8'), WEB.replaceAll('privileged: true', 'privileged: false'));
    assert.deepEqual(ofWebRules(result.fix?.diagnosticsAfter ?? []), []);
  });
});
