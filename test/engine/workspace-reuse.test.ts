/**
 * Cross-file findings moved from the last run (workspace-reuse.ts) are exactly those a full run
 * of the cross-file rules finds: same rules, ranges, messages, severities and fix edits. Checked
 * after edits that leave every object reading the same (comments, blank lines, spacing, another
 * document) and after edits that change what a rule reads (a label a NetworkPolicy selects, a
 * ServiceAccount's automountServiceAccountToken, a name, a namespace), then after random edits.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Analyzer, checkWorkspace, CrossFileFindings, DEFAULT_CONFIG, WorkspaceIndex, type Finding } from '../../server/src/engine/index.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { fc } from '../support/property.js';

const deployment = (n: number, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${n}
  namespace: shop
spec:
  selector:
    matchLabels: {app: web-${n}}
  template:
    metadata:
      labels:
        app: web-${n}
        tier: ${n % 2 ? 'frontend' : 'backend'}
    spec:
      serviceAccountName: ${n % 3 ? 'web' : 'batch'}${extra}
      containers:
        - name: web
          image: registry.example.com/web:1.${n}.0 # pinned
          env:
            - name: LEVEL
              value: "info"
`;

const ACCOUNTS = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  namespace: shop
automountServiceAccountToken: false
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: batch
  namespace: shop
`;

const POLICIES = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: frontend-in
  namespace: shop
spec:
  podSelector:
    matchLabels: {tier: frontend}
  policyTypes: [Ingress, Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: selects-nothing
  namespace: shop
spec:
  podSelector:
    matchLabels: {tier: nowhere}
  policyTypes: [Ingress]
`;

const APP = Array.from({ length: 8 }, (_, n) => deployment(n)).join('---\n');

/** The findings as data: lazy fixes' edits read, so that moved fixes are compared too. */
const plain = (findings: Map<string, Finding[]>) =>
  Object.fromEntries([...findings].map(([key, list]) => [key, list.map((f) => ({ ...f, fixes: f.fixes.map((fix) => ({ title: fix.title, safe: fix.safe, manual: fix.manual ?? false, edits: [...fix.edits] })) }))]));

/** A workspace of open documents, each with its own Analyzer, as the language server keeps it. */
class Workspace {
  readonly index = new WorkspaceIndex('workspace');
  readonly reuse = new CrossFileFindings(ALL_RULES);
  private readonly analyzers = new Map<string, Analyzer>();
  readonly texts = new Map<string, string>();

  set(key: string, text: string): void {
    let analyzer = this.analyzers.get(key);
    if (!analyzer) this.analyzers.set(key, (analyzer = new Analyzer(ALL_RULES, DEFAULT_CONFIG)));
    this.texts.set(key, text);
    this.index.update(key, analyzer.analyze(text));
  }

  /** The findings of the reusing run, after checking them against a full run over the same index. */
  check(): { findings: Map<string, Finding[]>; run: string } {
    const full = checkWorkspace(this.index.snapshot(), ALL_RULES, DEFAULT_CONFIG);
    const findings = this.reuse.findings(this.index, DEFAULT_CONFIG);
    assert.deepEqual(plain(findings), plain(full));
    return { findings, run: this.reuse.lastRun };
  }
}

function workspace(): Workspace {
  const w = new Workspace();
  w.set('app.yaml', APP);
  w.set('accounts.yaml', ACCOUNTS);
  w.set('policies.yaml', POLICIES);
  w.check();
  return w;
}

const edited = (text: string, from: string, to: string) => {
  assert.ok(text.includes(from), from);
  return text.replace(from, to);
};

const count = (findings: Map<string, Finding[]>, ruleId: string) => [...findings.values()].flat().filter((f) => f.ruleId === ruleId).length;

describe('CrossFileFindings', () => {
  it('moves the findings when an edit leaves every object reading the same, fixes included', () => {
    const w = workspace();
    const before = w.check();
    assert.ok(count(before.findings, 'service-account-token') > 0 && count(before.findings, 'pod-not-isolated') > 0);
    // A trailing comment in the middle of the fourth Deployment, then lines added above everything.
    let app = edited(w.texts.get('app.yaml')!, 'image: registry.example.com/web:1.3.0 # pinned', 'image: registry.example.com/web:1.3.0 # pinned, edited');
    w.set('app.yaml', app);
    assert.equal(w.check().run, 'moved');
    app = `# the shop\n\n${app}`;
    w.set('app.yaml', app);
    const moved = w.check();
    assert.equal(moved.run, 'moved');
    assert.notEqual(moved.findings.get('app.yaml')![0]!.start, before.findings.get('app.yaml')![0]!.start);
    // Spacing inside an object: its nodes move within its own document.
    w.set('app.yaml', edited(app, '    spec:\n      serviceAccountName: batch', '    spec:\n\n      serviceAccountName:   batch'));
    assert.equal(w.check().run, 'moved');
  });

  it('runs the rules again when an edit changes a label a NetworkPolicy selects', () => {
    const w = workspace();
    const before = w.check();
    // web-0 is a backend: no policy selects it. As a frontend it is isolated.
    w.set('app.yaml', edited(w.texts.get('app.yaml')!, 'app: web-0\n        tier: backend', 'app: web-0\n        tier: frontend'));
    const after = w.check();
    assert.equal(after.run, 'checked');
    assert.equal(count(after.findings, 'pod-not-isolated'), count(before.findings, 'pod-not-isolated') - 1);
    // The policy that selected nothing now selects a pod.
    w.set('app.yaml', edited(w.texts.get('app.yaml')!, 'app: web-1\n        tier: frontend', 'app: web-1\n        tier: nowhere'));
    const selecting = w.check();
    assert.equal(selecting.run, 'checked');
    assert.equal(count(selecting.findings, 'networkpolicy-selects-nothing'), count(before.findings, 'networkpolicy-selects-nothing') - 1);
  });

  it("runs the rules again when a ServiceAccount's automountServiceAccountToken changes, in another file", () => {
    const w = workspace();
    const before = w.check();
    w.set('accounts.yaml', edited(ACCOUNTS, 'automountServiceAccountToken: false', 'automountServiceAccountToken: true'));
    const after = w.check();
    assert.equal(after.run, 'checked');
    assert.ok(count(after.findings, 'service-account-token') > count(before.findings, 'service-account-token'));
    // And when a workload names another account, or moves to another namespace.
    w.set('app.yaml', edited(w.texts.get('app.yaml')!, 'serviceAccountName: batch', 'serviceAccountName: missing'));
    assert.equal(w.check().run, 'checked');
    w.set('app.yaml', edited(w.texts.get('app.yaml')!, 'namespace: shop', 'namespace: other'));
    assert.equal(w.check().run, 'checked');
  });

  it('runs the rules again in a file with suppression comments', () => {
    const w = workspace();
    w.set('app.yaml', `# kube-aegis-disable-next-line pod-not-isolated\n${APP}`);
    w.check();
    w.set('app.yaml', `# kube-aegis-disable-next-line pod-not-isolated\n\n${APP}`);
    assert.equal(w.check().run, 'checked');
  });

  it('gives what a full run gives after random edits of either file', () => {
    const lineEdits: readonly ((line: string, pick: number) => string)[] = [
      (line) => (line.endsWith(' # x') ? line.slice(0, -4) : `${line} # x`),
      (line, pick) => `${line}${'az9 -:'[pick % 6]}`,
      (line) => line.slice(0, -1),
      (line) => `${line}\n`,
      (line) => `  ${line}`,
      (line) => line.replace('frontend', 'backend').replace('nowhere', 'frontend').replace('false', 'true').replace('web-', 'api-'),
      () => '',
    ];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.nat(), fc.nat(lineEdits.length - 1), fc.nat()), { minLength: 1, maxLength: 12 }), (steps) => {
        const w = workspace();
        for (const [inApp, at, which, pick] of steps) {
          const key = inApp ? 'app.yaml' : at % 2 ? 'accounts.yaml' : 'policies.yaml';
          const lines = w.texts.get(key)!.split('\n');
          const line = at % lines.length;
          lines[line] = lineEdits[which]!(lines[line]!, pick);
          w.set(key, lines.join('\n'));
          w.check();
        }
      }),
      { numRuns: 60 },
    );
  });
});
