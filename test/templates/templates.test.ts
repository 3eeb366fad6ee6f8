/**
 * The secure templates (snippets/) are what the "Insert Secure Template" command offers: with their
 * placeholders at the defaults they must get no finding and be valid Kubernetes objects.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { expandDefaults, templatesOf, type Template } from '../../client/src/templates/snippet-file.js';
import { Analyzer, DEFAULT_CONFIG, LineIndex } from '../../server/src/engine/index.js';
import { objectsOf } from '../../server/src/engine/k8s.js';
import { toPlain } from '../../server/src/engine/model.js';
import { parseSection, splitSections } from '../../server/src/engine/parse.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { TENANCY_TEMPLATES, templateFor } from '../../server/src/rules/lib/tenancy-templates.js';
import { k8sSchemaErrors } from '../support/k8s-schema.js';
import { ROOT } from '../support/paths.js';
import { snippetContributions } from '../support/snippet-files.js';

const contributions = snippetContributions();
const templates: Template[] = contributions.flatMap(({ language, path }) => templatesOf(readFileSync(join(ROOT, path), 'utf8'), language));
const yamlTemplates = templates.filter((t) => t.language === 'yaml');
const abacTemplates = templates.filter((t) => t.language === 'jsonl');

/** Templates that are a block for a pod spec or a container, not whole objects. */
const POD_BLOCK = 'Pod securityContext (restricted)';
const CONTAINER_BLOCK = 'Container securityContext (restricted)';
const BLOCKS = new Set([POD_BLOCK, CONTAINER_BLOCK]);

function indent(text: string, spaces: number): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => ' '.repeat(spaces) + line)
    .join('\n');
}

/** A Pod holding both securityContext blocks where they belong, hardened otherwise. */
function podWithBlocks(): string {
  const block = (name: string) => expandDefaults(templates.find((t) => t.name === name)!.body);
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: web',
    '  namespace: team-a',
    'spec:',
    '  automountServiceAccountToken: false',
    indent(block(POD_BLOCK), 2),
    '  containers:',
    '    - name: web',
    '      image: registry.example.com/web:1.0.0',
    indent(block(CONTAINER_BLOCK), 6),
    '      resources:',
    '        requests: { cpu: 100m, memory: 128Mi }',
    '        limits: { cpu: 500m, memory: 256Mi }',
    '',
  ].join('\n');
}

function findingsOf(text: string): string[] {
  const lines = new LineIndex(text);
  return new Analyzer(ALL_RULES, DEFAULT_CONFIG)
    .analyze(text)
    .findings.map((f) => `line ${lines.position(f.start).line + 1}: ${f.ruleId}: ${f.message}`);
}

function assertValidKubernetes(text: string): void {
  let objects = 0;
  for (const section of splitSections(text)) {
    const parsed = parseSection(section.text);
    assert.equal(parsed.error, undefined, parsed.error?.message);
    for (const object of parsed.roots.flatMap(objectsOf)) {
      objects++;
      const errors = k8sSchemaErrors(toPlain(object.node) as { apiVersion: string; kind: string });
      assert.ok(errors, `no Kubernetes schema for ${object.kind}`);
      assert.deepEqual(errors, [], `${object.kind} ${object.name ?? ''}`);
    }
  }
  assert.ok(objects > 0, 'no Kubernetes object');
}

describe('secure templates', () => {
  it('are all there, each with a prefix and a one-line description', () => {
    assert.equal(yamlTemplates.length, 10);
    assert.equal(abacTemplates.length, 2);
    assert.equal(new Set(templates.map((t) => t.prefix)).size, templates.length, 'prefixes are unique');
    for (const template of templates) {
      assert.ok(template.description.length > 20 && !template.description.includes('\n'), template.name);
      assert.match(template.body, /\$\{?\d/, `${template.name} has tabstops`);
    }
  });

  for (const template of yamlTemplates.filter((t) => !BLOCKS.has(t.name))) {
    it(`${template.name}: no finding, valid Kubernetes`, () => {
      const text = expandDefaults(template.body);
      assert.deepEqual(findingsOf(text), []);
      assertValidKubernetes(text);
    });
  }

  it('the check is not vacuous: a weakened Deployment template gets findings', () => {
    const deployment = expandDefaults(yamlTemplates.find((t) => t.name === 'Secure Deployment')!.body);
    const weakened = deployment.replace('privileged: false', 'privileged: true');
    assert.notEqual(weakened, deployment);
    assert.ok(findingsOf(weakened).some((f) => f.includes('privileged-container')));
  });

  it('pod-level and container-level securityContext blocks: no finding and valid inside a Pod', () => {
    const pod = podWithBlocks();
    assert.deepEqual(findingsOf(pod), []);
    assertValidKubernetes(pod);
  });

  for (const template of abacTemplates) {
    it(`${template.name}: one v1beta1 ABAC policy object per line`, () => {
      const lines = expandDefaults(template.body).split('\n').filter((line) => line.trim());
      assert.ok(lines.length >= 1);
      for (const line of lines) {
        const policy = JSON.parse(line);
        assert.equal(policy.apiVersion, 'abac.authorization.kubernetes.io/v1beta1');
        assert.equal(policy.kind, 'Policy');
        assert.equal(typeof policy.spec, 'object');
        assert.ok(typeof policy.spec.user === 'string' || typeof policy.spec.group === 'string', 'names a subject');
        const allowed = new Set(['user', 'group', 'apiGroup', 'namespace', 'resource', 'nonResourcePath', 'readonly']);
        for (const key of Object.keys(policy.spec)) assert.ok(allowed.has(key), `unknown spec field ${key}`);
      }
    });
  }
});

describe('snippet placeholder defaults', () => {
  it('fills tabstops, choices, nested placeholders and escapes', () => {
    assert.equal(expandDefaults('a: ${1:web}\nb: $2\nc: ${3|x,y|}\nd: ${4:p-${5:q}}\ne: \\$HOME$0'), 'a: web\nb: \nc: x\nd: p-q\ne: $HOME');
  });
});

describe('the templates behind the namespace rules', () => {
  const actionRules: Record<string, string> = {
    'NetworkPolicy: default deny': 'namespace-network-policy',
    'ResourceQuota: compute-resources': 'namespace-resource-quota',
    LimitRange: 'namespace-limit-range',
  };
  for (const template of TENANCY_TEMPLATES) {
    it(`${template.snippet.name}: the snippet inserts what the code action creates`, () => {
      const snippet = yamlTemplates.find((t) => t.name === template.snippet.name);
      assert.ok(snippet, 'the snippet file holds it (npm run generate)');
      assert.equal(expandDefaults(snippet.body), templateFor(actionRules[template.snippet.name]!, 'team-a')!.text);
    });
  }

  it('a namespace YAML would misread is quoted in the created object, and resource defaults come from the settings', () => {
    const resources = { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '1', memory: '1Gi' } };
    const text = templateFor('namespace-limit-range', 'true', resources)!.text;
    assert.match(text, /namespace: "true"\n/);
    assert.match(text, /defaultRequest: \{cpu: "250m", memory: "64Mi"\}/);
    assert.match(text, /default: \{cpu: "1", memory: "1Gi"\}/);
  });
});

describe('snippet files per display language', () => {
  it('the Chinese files offer the same templates (prefix, body) with Chinese names and descriptions', () => {
    const english = snippetContributions('en');
    const chinese = snippetContributions('zh-cn');
    assert.equal(chinese.length, english.length);
    english.forEach(({ language, path }, i) => {
      assert.notEqual(chinese[i]!.path, path, 'each language has its own file');
      assert.equal(chinese[i]!.language, language);
      const en = templatesOf(readFileSync(join(ROOT, path), 'utf8'), language);
      const zh = templatesOf(readFileSync(join(ROOT, chinese[i]!.path), 'utf8'), language);
      assert.deepEqual(zh.map((t) => [t.prefix, t.body]), en.map((t) => [t.prefix, t.body]));
      for (const [k, template] of zh.entries()) {
        assert.match(template.name, /\p{Script=Han}/u, `${chinese[i]!.path}: ${en[k]!.name}`);
        if (en[k]!.description) assert.match(template.description, /\p{Script=Han}/u, `${chinese[i]!.path}: ${en[k]!.name} description`);
      }
    });
  });
});
