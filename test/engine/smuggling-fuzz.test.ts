/**
 * Fuzzing for bypasses: real manifests holding a privileged container, randomly mutated and
 * then given the characters and constructs that once made a file or a document go unchecked
 * (U+FFFD, bytes that are not UTF-8, `{{ }}` in values and comments, directives in documents
 * with syntax errors and inside multi-line quoted scalars, long comment lines, aliases). Every
 * privileged pod that `yaml` still reads is reported.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { fc } from '../support/property.js';
import { Analyzer, DEFAULT_CONFIG } from '../../server/src/engine/index.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { mutatedText } from '../support/yaml-arbitraries.js';
import { PRIVILEGED_POD } from '../support/hostile-inputs.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: "registry.example.com/web:1.2.3"
          args: ["--port=8080"]
          securityContext:
            privileged: true
            runAsNonRoot: true
`;

const ALIASED = `x-shared: &sc
  privileged: true
---
apiVersion: v1
kind: Pod
metadata:
  name: aliased
  annotations:
    note: 'single
      quoted'
spec:
  x-base: &base {privileged: true}
  containers:
    - name: a
      image: example.com/a:1.0.0
      securityContext: *base
`;

const BASES = [PRIVILEGED_POD, DEPLOYMENT, ALIASED];

/** Where each construct goes: text added at the start of the file, or after the first `metadata:` line of the manifest. */
type Construct = { readonly before: string } | { readonly inMetadata: string } | { readonly replaceChar: string };

const CONSTRUCTS: readonly Construct[] = [
  { before: '# caf\uFFFD: a replacement character in a comment\n' },
  { before: 'x: [\n# kube-aegis-disable\n---\n' },
  { before: '{{- if .Values.enabled }}\n# kube-aegis-disable\n---\n' },
  { before: `# ${' '.repeat(3000)}{${'{{'.repeat(200)}\n` },
  { before: '# {{ a comment with braces }}\n' },
  { inMetadata: '  annotations:\n    doc: "{{}}"\n' },
  { inMetadata: '  annotations:\n    doc: {{ .Values.doc }}\n' },
  { inMetadata: '  annotations:\n    a: "foo\n# kube-aegis-disable\n  bar"\n' },
  { inMetadata: '  annotations:\n    a: "foo\n      # kube-aegis-disable\n      bar"\n' },
  { inMetadata: "  annotations:\n    a: 'foo\n# kube-aegis-disable\n      bar'\n" },
  { inMetadata: '  annotations:\n    a: "x\\\n# kube-aegis-disable-next-line privileged-container\n    y"\n' },
  { replaceChar: '\uFFFD' },
  { replaceChar: Buffer.from([0xe9]).toString('utf8') },
  { replaceChar: '{{' },
];

function apply(text: string, construct: Construct, at: number): string {
  if ('before' in construct) return construct.before + text;
  if ('replaceChar' in construct) {
    // Into a comment or a value: after the first `#` or `: ` at or past `at`.
    const from = at % (text.length + 1);
    const hash = text.indexOf('#', from);
    const colon = text.indexOf(': ', from);
    const where = hash >= 0 ? hash + 1 : colon >= 0 ? colon + 2 : text.length;
    return text.slice(0, where) + construct.replaceChar + text.slice(where);
  }
  const metadata = text.indexOf('metadata:\n');
  if (metadata < 0) return text;
  const lineStart = text.lastIndexOf('\n', metadata) + 1;
  const indent = text.slice(lineStart, metadata);
  const block = construct.inMetadata.replace(/^(?=.)/gm, indent);
  const after = metadata + 'metadata:\n'.length;
  return text.slice(0, after) + block + text.slice(after);
}

const hostile = fc
  .record({
    base: fc.constantFrom(...BASES).chain((base) => fc.oneof(fc.constant(base), mutatedText(base))),
    constructs: fc.array(fc.tuple(fc.constantFrom(...CONSTRUCTS), fc.nat()), { minLength: 1, maxLength: 4 }),
  })
  .map(({ base, constructs }) => constructs.reduce((text, [construct, at]) => apply(text, construct, at), base));

/** The API version each kind is served at: an object with another one is not applied, so it is no pod to report. */
const API_VERSIONS: Record<string, string> = { Pod: 'v1', Deployment: 'apps/v1', DaemonSet: 'apps/v1', StatefulSet: 'apps/v1', ReplicaSet: 'apps/v1', Job: 'batch/v1' };

/** The pod specs of a plain object that Kubernetes would take: a Pod's, or a workload's template. */
function podSpecs(object: unknown): unknown[] {
  if (!object || typeof object !== 'object') return [];
  const { apiVersion, kind, spec } = object as { apiVersion?: unknown; kind?: unknown; spec?: { template?: { spec?: unknown } } };
  if (typeof kind !== 'string' || API_VERSIONS[kind] === undefined || apiVersion !== API_VERSIONS[kind]) return [];
  return kind === 'Pod' ? [spec] : [spec?.template?.spec];
}

function isPrivileged(podSpec: unknown): boolean {
  const containers = (podSpec as { containers?: unknown } | undefined)?.containers;
  return Array.isArray(containers) && containers.some((c) => (c as { securityContext?: { privileged?: unknown } } | null)?.securityContext?.privileged === true);
}

/** The ranges of the documents that `yaml` reads without an error and that hold a privileged container. */
function privilegedDocuments(text: string): [number, number][] {
  const out: [number, number][] = [];
  for (const doc of parseAllDocuments(text, { merge: true, uniqueKeys: false })) {
    if (doc.errors.length) continue;
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: 1000 });
    } catch {
      continue;
    }
    if (podSpecs(data).some(isPrivileged)) out.push([doc.range[0], doc.range[2]]);
  }
  return out;
}

describe('smuggling a privileged pod past the checks', () => {
  it('every privileged pod that yaml reads is reported, whatever odd text surrounds it', () => {
    let checked = 0;
    fc.assert(
      fc.property(hostile, (text) => {
        // NUL marks binary data: such a file is one warning (see the hostile input tests).
        if (text.includes('\u0000')) return;
        const documents = privilegedDocuments(text);
        if (documents.length === 0) return;
        checked++;
        const findings = new Analyzer(ALL_RULES, DEFAULT_CONFIG).analyze(text).findings;
        for (const [start, end] of documents) {
          const reported = findings.some((f) => f.ruleId === 'privileged-container' && f.start >= start && f.start <= end);
          assert.ok(reported, `privileged pod at ${start}-${end} not reported in:\n${text}\nfindings: ${findings.map((f) => `${f.ruleId}@${f.start}`).join(', ')}`);
        }
      }),
      { numRuns: 400 },
    );
    // About a quarter of the texts keep a privileged pod that yaml reads (94 of 400 at the fewest
    // over the seeds tried): the bound only proves that the property was not checked on nothing.
    assert.ok(checked > 60, `only ${checked} texts held a privileged pod that yaml reads`);
  });

  it('the constructs alone never hide the privileged pod of an unmutated manifest', () => {
    for (const base of BASES) {
      for (const construct of CONSTRUCTS) {
        // A character goes into the comment of the first line.
        const text = apply(`# note\n${base}`, construct, 0);
        const documents = privilegedDocuments(text);
        const findings = new Analyzer(ALL_RULES, DEFAULT_CONFIG).analyze(text).findings;
        for (const [start, end] of documents) {
          assert.ok(findings.some((f) => f.ruleId === 'privileged-container' && f.start >= start && f.start <= end), `${JSON.stringify(construct).slice(0, 60)}:\n${text}`);
        }
        // Where yaml cannot read the pod, the file fails with an error instead.
        if (documents.length === 0) assert.ok(findings.some((f) => f.severity === 'error'), `${JSON.stringify(construct).slice(0, 60)}:\n${text}`);
      }
    }
  });
});
