/**
 * Cross-file rules. Each folder of test/workspace/cases/ is one analysed set: its `*.yaml` files
 * are scanned together (with `.kube-aegis.yaml` as configuration when present), and every finding
 * of a cross-file rule must be marked with a trailing `# expect: <id>` on the line it starts on,
 * in the file it is reported in. A case without markers must be silent.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeSet, checkWorkspace, DEFAULT_CONFIG, LineIndex, mergeConfig, parseConfigText, WorkspaceIndex, type EngineConfig } from '../../server/src/engine/index.js';
import { objectsOf } from '../../server/src/engine/k8s.js';
import { toPlain } from '../../server/src/engine/model.js';
import { parseSection } from '../../server/src/engine/parse.js';
import { scanFiles } from '../../server/src/cli/scan.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { templateFor } from '../../server/src/rules/lib/tenancy-templates.js';
import { expectedMarkers } from '../support/fixtures.js';
import { k8sSchemaErrors } from '../support/k8s-schema.js';
import { ROOT } from '../support/paths.js';

const CASES = join(ROOT, 'test', 'workspace', 'cases');
const CROSS_FILE_RULES = ALL_RULES.filter((r) => r.checkWorkspace).map((r) => r.meta.id);

interface Case {
  readonly name: string;
  readonly files: ReadonlyMap<string, string>;
  readonly config: EngineConfig;
}

function loadCase(name: string): Case {
  const dir = join(CASES, name);
  const files = new Map<string, string>();
  for (const file of readdirSync(dir).sort()) if (/\.ya?ml$/.test(file) && !file.startsWith('.')) files.set(file, readFileSync(join(dir, file), 'utf8'));
  const configPath = join(dir, '.kube-aegis.yaml');
  let config = DEFAULT_CONFIG;
  if (existsSync(configPath)) {
    const parsed = parseConfigText(readFileSync(configPath, 'utf8'));
    assert.deepEqual(parsed.problems, [], `${name}/.kube-aegis.yaml`);
    config = mergeConfig(DEFAULT_CONFIG, parsed.input);
  }
  return { name, files, config };
}

const cases = readdirSync(CASES, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => loadCase(e.name));

/** `file:line:rule` of the cross-file findings of a case, and of its markers. */
function crossFileMarkers(c: Case): { found: string[]; expected: string[] } {
  const results = analyzeSet([...c.files].map(([key, text]) => ({ key, text, config: c.config })), ALL_RULES);
  const found: string[] = [];
  const expected: string[] = [];
  for (const [file, text] of c.files) {
    const lines = new LineIndex(text);
    for (const f of results.get(file)!.findings) if (CROSS_FILE_RULES.includes(f.ruleId)) found.push(`${file}:${lines.position(f.start).line}:${f.ruleId}`);
    for (const id of CROSS_FILE_RULES) expected.push(...expectedMarkers(text, id).map((m) => `${file}:${m}`));
  }
  return { found: found.sort(), expected: expected.sort() };
}

describe('cross-file cases', () => {
  for (const c of cases) {
    it(`${c.name}: reports exactly the marked findings`, () => {
      const { found, expected } = crossFileMarkers(c);
      assert.deepEqual(found, expected);
    });
  }

  it('cover every cross-file rule', () => {
    const marked = new Set(cases.flatMap((c) => crossFileMarkers(c).expected.map((m) => m.split(':')[2])));
    const ruleFixtures = new Set(readdirSync(join(ROOT, 'test', 'rules')));
    for (const id of CROSS_FILE_RULES) assert.ok(marked.has(id) || ruleFixtures.has(id), `no case or rule fixture exercises ${id}`);
  });
});

const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: tenant-a\n';
const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: tenant-a\nspec:\n  podSelector: {}\n';
const VALUES = 'replicaCount: 2\nimage: example.com/web\n';

function networkPolicyFindings(index: WorkspaceIndex, fileKey: string) {
  return checkWorkspace(index, ALL_RULES, DEFAULT_CONFIG).get(fileKey)!.filter((f) => f.ruleId === 'namespace-network-policy');
}

describe('kube-aegis scan', () => {
  it('checks the files of one run as one set', () => {
    const ids = (files: [string, string][]) => scanFiles(files.map(([path, text]) => ({ path, text, config: DEFAULT_CONFIG }))).map((r) => r.findings.filter((f) => f.ruleId === 'namespace-network-policy').length);
    assert.deepEqual(ids([['ns.yaml', NAMESPACE]]), [1]);
    assert.deepEqual(ids([['ns.yaml', NAMESPACE], ['policy.yaml', POLICY]]), [0, 0]);
  });
});

describe('WorkspaceIndex', () => {
  it('follows files as they are added, changed and removed', () => {
    const index = new WorkspaceIndex('workspace');
    index.updateText('ns.yaml', NAMESPACE, DEFAULT_CONFIG);
    assert.equal(networkPolicyFindings(index, 'ns.yaml').length, 1);
    const before = index.version;
    index.updateText('policy.yaml', POLICY, DEFAULT_CONFIG);
    assert.ok(index.version > before);
    assert.deepEqual(networkPolicyFindings(index, 'ns.yaml'), []);
    // The editor's unsaved text of a file replaces what was read from disk under the same key.
    index.updateText('policy.yaml', POLICY.replace('tenant-a', 'tenant-b'), DEFAULT_CONFIG);
    assert.equal(networkPolicyFindings(index, 'ns.yaml').length, 1);
    index.updateText('policy.yaml', POLICY, DEFAULT_CONFIG);
    assert.ok(index.remove('policy.yaml'));
    assert.equal(networkPolicyFindings(index, 'ns.yaml').length, 1);
    assert.deepEqual(index.fileKeys(), ['ns.yaml']);
  });

  it('names what it looked for and where, counting only files with Kubernetes objects', () => {
    const index = new WorkspaceIndex('workspace');
    index.updateText('ns.yaml', NAMESPACE, DEFAULT_CONFIG);
    index.updateText('values.yaml', VALUES, DEFAULT_CONFIG);
    index.updateText('other.yaml', POLICY.replace('tenant-a', 'tenant-b'), DEFAULT_CONFIG);
    const [finding] = networkPolicyFindings(index, 'ns.yaml');
    assert.match(finding!.message, /^Namespace tenant-a: no NetworkPolicy among the 2 files of this workspace\./);
    assert.deepEqual(finding!.object, { kind: 'Namespace', name: 'tenant-a' });
    assert.equal(NAMESPACE.slice(finding!.start, finding!.end), 'tenant-a');
  });

  it('says "scanned" for a CLI run and mentions objects without a namespace', () => {
    const results = analyzeSet(
      [
        { key: 'a.yaml', text: `# tenants\n---\n${NAMESPACE}`, config: DEFAULT_CONFIG },
        { key: 'b.yaml', text: POLICY.replace('  namespace: tenant-a\n', ''), config: DEFAULT_CONFIG },
      ],
      ALL_RULES,
    );
    const finding = results.get('a.yaml')!.findings.find((f) => f.ruleId === 'namespace-network-policy')!;
    assert.equal(
      finding.message,
      'Namespace tenant-a: no NetworkPolicy among the 2 files scanned (1 NetworkPolicy without metadata.namespace was counted for namespace default). Its pods accept traffic from anywhere in the cluster.',
    );
    // Offsets are file offsets, past the first document.
    assert.equal(`# tenants\n---\n${NAMESPACE}`.slice(finding.start, finding.end), 'tenant-a');
  });

  it('applies the configuration of the file that holds the object', () => {
    const index = new WorkspaceIndex();
    index.updateText('ns.yaml', NAMESPACE, DEFAULT_CONFIG);
    const quiet = mergeConfig(DEFAULT_CONFIG, { rules: { 'namespace-network-policy': 'off' } });
    const loud = mergeConfig(DEFAULT_CONFIG, { rules: { 'namespace-network-policy': 'error' } });
    const ids = (config: EngineConfig) => checkWorkspace(index, ALL_RULES, () => config).get('ns.yaml')!.filter((f) => f.ruleId === 'namespace-network-policy');
    assert.deepEqual(ids(quiet), []);
    assert.equal(ids(loud)[0]!.severity, 'error');
  });
});

describe('templates for what the namespace rules find missing', () => {
  const WORKLOAD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: tenant-a\n  labels: {app: web}\nspec:\n  containers:\n    - name: web\n      image: example.com/web:1\n';
  for (const ruleId of ['namespace-network-policy', 'namespace-resource-quota', 'namespace-limit-range', 'pod-not-isolated']) {
    it(`${ruleId}: the template is a valid object that settles the finding`, () => {
      const template = templateFor(ruleId, 'tenant-a')!;
      assert.ok(template.title.includes('tenant-a'));
      const parsed = parseSection(template.text);
      assert.equal(parsed.error, undefined);
      const [object] = parsed.roots.flatMap(objectsOf);
      assert.deepEqual(k8sSchemaErrors(toPlain(object!.node) as { apiVersion: string; kind: string }), []);
      const files = [
        { key: 'ns.yaml', text: NAMESPACE, config: DEFAULT_CONFIG },
        { key: 'app.yaml', text: WORKLOAD, config: DEFAULT_CONFIG },
      ];
      const count = (set: typeof files) => [...analyzeSet(set, ALL_RULES).values()].flatMap((r) => r.findings).filter((f) => f.ruleId === ruleId).length;
      assert.equal(count(files), 1);
      assert.equal(count([...files, { key: 'template.yaml', text: template.text, config: DEFAULT_CONFIG }]), 0);
    });
  }
});
