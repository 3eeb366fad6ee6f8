/**
 * `--fix` over a kubeadm control-plane manifest directory (`/etc/kubernetes/manifests`): the
 * static pods must still start. The host network, the command, the certificate and data mounts
 * stay; no runAsNonRoot (the components run as root) and no invented resources are added. Only
 * a flag the image's version no longer has is removed.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { jsonFindings, runCli } from '../support/cli.js';
import { ROOT } from '../support/paths.js';

const MANIFESTS = join(ROOT, 'test', 'fixtures', 'kubeadm-manifests');
const FILES = readdirSync(MANIFESTS).filter((f) => f.endsWith('.yaml')).sort();

interface StaticPod {
  spec: {
    hostNetwork?: boolean;
    securityContext?: Record<string, unknown>;
    volumes: unknown[];
    containers: { command: string[]; volumeMounts: unknown[]; resources?: { limits?: unknown; requests?: Record<string, string> }; securityContext?: Record<string, unknown> }[];
  };
}

function fixedCopy(args: readonly string[]): { dir: string; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kube-aegis-kubeadm-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(MANIFESTS, dir, { recursive: true });
  const run = runCli(['scan', '.', '--fix', ...args, '--format', 'json'], { cwd: dir });
  return { dir, stdout: run.stdout, stderr: run.stderr };
}

function assertStillStarts(dir: string): void {
  for (const file of FILES) {
    const before = parse(readFileSync(join(MANIFESTS, file), 'utf8')) as StaticPod;
    const after = parse(readFileSync(join(dir, file), 'utf8')) as StaticPod;
    assert.equal(after.spec.hostNetwork, true, `${file}: hostNetwork`);
    assert.deepEqual(after.spec.volumes, before.spec.volumes, `${file}: host path volumes`);
    assert.equal(after.spec.securityContext?.runAsNonRoot, undefined, `${file}: no runAsNonRoot`);
    const [was, is] = [before.spec.containers[0]!, after.spec.containers[0]!];
    assert.deepEqual(is.volumeMounts, was.volumeMounts, `${file}: certificate and data mounts`);
    // The flags stay, apart from the one removed and `--profiling=false` added.
    const kept = (command: string[]) => command.filter((flag) => flag !== '--insecure-port=8080' && flag !== '--profiling=false');
    assert.deepEqual(kept(is.command), kept(was.command), `${file}: command`);
    assert.equal(is.securityContext?.runAsNonRoot, undefined, `${file}: no runAsNonRoot on the container`);
    assert.equal(is.resources?.limits, undefined, `${file}: no invented limits`);
    assert.deepEqual(is.resources?.requests, was.resources?.requests, `${file}: requests as kubeadm wrote them`);
  }
}

describe('kube-aegis --fix on kubeadm static pods', () => {
  it('keeps them startable, removing only the flag their version no longer has', () => {
    const { dir, stdout, stderr } = fixedCopy([]);
    assertStillStarts(dir);
    const apiserver = readFileSync(join(dir, 'kube-apiserver.yaml'), 'utf8');
    assert.doesNotMatch(apiserver, /--insecure-port/, 'kube-apiserver v1.31 does not start with --insecure-port');
    assert.doesNotMatch(stderr, /host-namespaces|host-path-volume|run-as-non-root|resource-limits|resource-requests|host-probes/);
    // What the control plane needs is reported as information, with the reason, and no fix.
    const needs = jsonFindings(stdout).filter((f) => ['host-namespaces', 'host-path-volume', 'run-as-non-root', 'resource-limits'].includes(f.finding.ruleId));
    assert.ok(needs.length >= 4 * 3, `${needs.length} findings`);
    for (const { finding } of needs) {
      assert.equal(finding.severity, 'info', finding.message);
      assert.match(finding.message, /is a control-plane static pod: kubeadm/);
      assert.equal(finding.fixable, false);
    }
  });

  it('keeps them startable with --unsafe-fixes too', () => {
    const { dir } = fixedCopy(['--unsafe-fixes']);
    assertStillStarts(dir);
    // kubeadm's probes call /livez without credentials: anonymous requests stay on.
    assert.doesNotMatch(readFileSync(join(dir, 'kube-apiserver.yaml'), 'utf8'), /--anonymous-auth=false/);
  });
});
