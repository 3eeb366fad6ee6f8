/**
 * An Analyzer that re-parses only the block an edit touched (reparse.ts) gives exactly what a
 * full analysis of the same text gives: the same findings, the same model, the same comments.
 * Random sequences of edits (seeded) on the rule fixtures, the Pod Security Admission fixtures,
 * a generated large document, and realworld manifests when that corpus is here: one-line value
 * changes, trailing comments, lines added, removed and re-indented, `---` added (sections move),
 * YAML broken (quotes, brackets, tabs, stray indicators) and repaired (an earlier version again),
 * block scalars started, anchors and aliases written. A ConfigMap with a large embedded file is
 * edited mostly inside its block scalars, plain and quoted multi-line scalars and comments, and
 * also where the structure changes: a scalar's first line re-indented, a line that ends a block,
 * a `---`, a header changed, credentials written into the file.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Analyzer, DEFAULT_CONFIG, mergeConfig, type Analysis } from '../../server/src/engine/index.js';
import { defineRule } from '../../server/src/engine/rule.js';
import { get, type YMap, type YSeq } from '../../server/src/engine/model.js';
import { parseSection, type ParsedSection } from '../../server/src/engine/parse.js';
import { reparseEdited } from '../../server/src/engine/reparse.js';
import { commentEdited } from '../../server/src/engine/reparse-comment.js';
import { rootEntriesEdited } from '../../server/src/engine/reparse-entries.js';
import { changeBetween } from '../../server/src/engine/text-change.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { corpusSkip } from '../support/corpora.js';
import { corpusFiles } from '../support/corpus.js';
import { loadRuleFixtures } from '../support/fixtures.js';
import { modelSnapshot } from '../support/model-snapshot.js';
import { fc } from '../support/property.js';

// Every rule on, so that every rule's findings are compared.
const EVERYTHING = mergeConfig(DEFAULT_CONFIG, { rules: Object.fromEntries(ALL_RULES.map((r) => [r.meta.id, r.meta.severity])) });

type Edit = (lines: string[], line: number, pick: number) => string[];

const indentOf = (line: string) => line.length - line.trimStart().length;
const replaceLine = (lines: string[], line: number, text: string) => [...lines.slice(0, line), text, ...lines.slice(line + 1)];
const insertLine = (lines: string[], line: number, text: string) => [...lines.slice(0, line), text, ...lines.slice(line)];

/** One-line edits of the kinds people make, and the kinds that break YAML or move its blocks. */
const EDITS: readonly Edit[] = [
  (lines, line) => replaceLine(lines, line, lines[line]!.endsWith(' # x') ? lines[line]!.slice(0, -4) : `${lines[line]} # x`),
  (lines, line, pick) => replaceLine(lines, line, `${lines[line]}${'azZ09-_. '[pick % 9]}`),
  (lines, line) => replaceLine(lines, line, lines[line]!.slice(0, -1)),
  (lines, line) => [...lines.slice(0, line), ...lines.slice(line + 1)],
  (lines, line) => insertLine(lines, line, lines[line]!),
  (lines, line, pick) => insertLine(lines, line, `${' '.repeat(pick % 12)}added${pick % 5}: value`),
  (lines, line, pick) => insertLine(lines, line, `${' '.repeat(pick % 10)}- item${pick % 3}`),
  (lines, line, pick) => insertLine(lines, line, `${' '.repeat(pick % 10)}# a comment`),
  (lines, line) => insertLine(lines, line, ''),
  (lines, line) => insertLine(lines, line, '---'),
  (lines, line) => replaceLine(lines, line, lines[line]!.startsWith('---') ? 'x: 1' : lines[line]!),
  (lines, line) => replaceLine(lines, line, `  ${lines[line]}`),
  (lines, line) => replaceLine(lines, line, lines[line]!.startsWith('  ') ? lines[line]!.slice(2) : lines[line]!),
  (lines, line, pick) => replaceLine(lines, line, `${lines[line]}${['"', "'", '[', '{', ': :', '\t', ' &a', ' *a', ' |', ' >-', ' !!str'][pick % 11]}`),
  (lines, line) => replaceLine(lines, line, lines[line]!.replace(/: .*$/, ': |')),
  (lines, line) => replaceLine(lines, line, lines[line]!.replace(/^(\s*)(\S)/, '$1- $2')),
  (lines, line) => replaceLine(lines, line, lines[line]!.replace(/^(\s*)- /, '$1')),
  (lines, line, pick) => replaceLine(lines, line, `${' '.repeat(indentOf(lines[line]!))}key${pick % 4}: {a: [1, 2], b: "q"}`),
  (lines, line) => insertLine(lines, line, '...'),
];

/** Edits of what a large embedded file holds, and of the lines around it. */
const FILE_EDITS: readonly Edit[] = [
  (lines, line, pick) => replaceLine(lines, line, `${lines[line]}${['x', ' # x', '"', "'", ': y', ' #', '[', '}'][pick % 8]}`),
  (lines, line, pick) => insertLine(lines, line, `${' '.repeat(indentOf(lines[line]!))}${['db.password=hunter2hunter2', 'url: https://u:s3cr3tpass@example.com/', 'token ghp_0123456789abcdefghijklmnopqrstuvwxyz', '# note', ''][pick % 5]}`),
  (lines, line) => replaceLine(lines, line, ` ${lines[line]}`),
  (lines, line) => replaceLine(lines, line, lines[line]!.startsWith(' ') ? lines[line]!.slice(1) : lines[line]!),
  (lines, line) => replaceLine(lines, line, lines[line]!.trimStart()),
  (lines, line, pick) => replaceLine(lines, line, ' '.repeat(pick % 7)),
  (lines, line, pick) => insertLine(lines, line, `${' '.repeat(pick % 2 ? 2 : 0)}ends: here`),
  // Inside a comment: text added, removed, or the comment's `#` taken away.
  (lines, line, pick) => {
    const at = lines.findIndex((l, i) => i >= line && l.includes('#'));
    if (at < 0) return lines;
    const text = lines[at]!;
    return replaceLine(lines, at, [`${text}z`, text.slice(0, -1), text.replace('#', ''), `${text} [{"`, text.replace(/#.*/, '# kube-aegis-disable-next-line configmap-secret-content')][pick % 5]!);
  },
];

interface Step {
  readonly edit: number;
  /** Where, in ten-thousandths of the line count (uniform: fast-check's doubles lean towards 0). */
  readonly at: number;
  readonly pick: number;
  /** Go back to an earlier version instead (a repair, an undo). */
  readonly undo: boolean;
}

const step: fc.Arbitrary<Step> = fc.record({ edit: fc.nat(EDITS.length - 1), at: fc.integer({ min: 0, max: 9999 }), pick: fc.nat(1000), undo: fc.boolean() }).map((s) => ({ ...s, undo: s.undo && s.pick % 4 === 0 }));

function applyStep(versions: readonly string[], s: Step, edits: readonly Edit[] = EDITS): string {
  if (s.undo && versions.length > 1) return versions[s.pick % (versions.length - 1)]!;
  const current = versions[versions.length - 1]!;
  const lines = current.split('\n');
  const line = Math.floor((s.at / 10_000) * lines.length);
  return edits[s.edit % edits.length]!(lines, line, s.pick).join('\n');
}

/** The analysis without what only says how it was reached. */
function comparable(analysis: Analysis) {
  return { findings: analysis.findings, sections: analysis.sections.map(({ start, text, parsed, findings, templated }) => ({ start, text, parsed: modelSnapshot(parsed), findings, templated })) };
}

/**
 * Runs the edit sequence through one Analyzer and compares each version with a fresh one: the
 * findings after every edit, the model too after the edits `modelRead` picks (reading the model
 * in full builds every view of it, which the findings alone do not).
 */
function assertSameAsFull(base: string, steps: readonly Step[], name: string, edits: readonly Edit[] = EDITS, modelRead: (index: number) => boolean = () => true): void {
  const analyzer = new Analyzer(ALL_RULES, EVERYTHING);
  analyzer.analyze(base);
  const versions = [base];
  steps.forEach((s, index) => {
    const text = applyStep(versions, s, edits);
    versions.push(text);
    const incremental = analyzer.analyze(text);
    const full = new Analyzer(ALL_RULES, EVERYTHING).analyze(text);
    // Long texts are not printed: the edit that failed is what tells.
    const shown = text.length > 5000 ? `edit ${JSON.stringify(s)} of version ${versions.length - 2}` : text;
    if (modelRead(index)) assert.deepStrictEqual(comparable(incremental), comparable(full), `${name}, after ${versions.length - 1} edits:\n${shown}`);
    else assert.deepStrictEqual(incremental.findings, full.findings, `${name}, after ${versions.length - 1} edits:\n${shown}`);
  });
}

/** A single document of about `lines` lines nested like a CustomResourceDefinition's schema. */
function largeDocument(lines: number): string {
  const out = ['apiVersion: apiextensions.k8s.io/v1', 'kind: CustomResourceDefinition', 'metadata:', '  name: widgets.example.com', 'spec:', '  versions:', '  - name: v1', '    schema:', '      openAPIV3Schema:', '        properties:'];
  for (let n = 0; out.length < lines; n++) {
    out.push(`          field${n}:`, `            description: Field ${n} # about it`, '            properties:');
    for (let k = 0; k < 4; k++) out.push(`              sub${k}:`, `                type: ${k % 2 ? 'string' : 'integer'}`, `                enum: [a, b]`);
    out.push('            required:', '            - sub0', `            x-note: |`, `              line one of ${n}`, '              line two');
  }
  return `${out.join('\n')}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n`;
}

/**
 * A ConfigMap with comments at every level and a large embedded file (a literal block scalar of
 * more than 64 kB, holding a few credentials), a folded scalar, plain and quoted multi-line
 * scalars, and a key after them.
 */
function configMapWithFile(lines: number): string {
  const file: string[] = [];
  for (let n = 0; file.length < lines; n++) {
    file.push('        {', `          "id": ${n},`, `          "expr": "sum(rate(http_requests_total{job=\\"web-${n % 40}\\"}[5m]))",`, n % 50 === 7 ? '          "password": "s3cr3tpassw0rd",' : `          "gridPos": {"h": 8, "w": 12, "x": ${(n % 2) * 12}, "y": ${n * 8}}`, '        },');
  }
  return [
    '# dashboards for the cluster',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: dashboards # shown in the list',
    '  annotations:',
    '    note: a plain scalar',
    '      running on two lines',
    '    quoted: "a quoted scalar',
    '      on two lines"',
    'data:',
    '  # the embedded file',
    '  cluster.json: | # as exported',
    '    {',
    '      "panels": [',
    ...file,
    '        {"id": -1}',
    '      ]',
    '    }',
    '  # between the files',
    '  folded: >',
    '    one',
    '    two',
    '',
    '    three',
    '  LOG_FORMAT: json',
    '',
  ].join('\n');
}

/**
 * A `kind: List` of `count` items, as `kubectl get -o yaml` writes them: workloads in block and
 * flow style (some privileged, some with a shell script and comments), a Service, a ConfigMap,
 * items written twice, and an anchor in the last item when `anchored`.
 */
function listOfWorkloads(count: number, anchored = false): string {
  const item = (n: number): string[] => {
    switch (n % 5) {
      case 0:
        return ['- apiVersion: v1', '  kind: Pod', '  metadata:', `    name: pod-${n}`, '    namespace: team', '  spec:', '    containers:', '    - name: app # the main one', '      image: nginx:1.25', '      securityContext:', '        privileged: true'];
      case 1:
        return ['- apiVersion: apps/v1', '  kind: Deployment', '  metadata:', `    name: web-${n}`, '  spec:', '    template:', '      spec:', '        hostNetwork: true', '        containers:', '        - name: web', '          image: registry.example.com/web:1.0', '          command:', '          - sh', '          - -c', '          - |', '            apt-get update', '            exec web'];
      case 2:
        return [`- {apiVersion: v1, kind: Pod, metadata: {name: flow-${n}}, spec: {containers: [{name: c, image: busybox, securityContext: {allowPrivilegeEscalation: true}}]}}`];
      case 3:
        return ['- apiVersion: v1', '  kind: Service', '  metadata:', `    name: svc-${n}`, '  spec:', '    type: NodePort', '    ports:', '    - port: 80'];
      default:
        return ['- apiVersion: v1', '  kind: Pod', '  metadata:', '    name: twin', '  spec:', '    containers:', '    - name: app', '      image: nginx:1.25', '      ports:', '      - containerPort: 80', '        hostPort: 80'];
    }
  };
  const items = Array.from({ length: count }, (_, n) => item(n)).flat();
  if (anchored) items.push('- apiVersion: v1', '  kind: ConfigMap', '  metadata:', '    name: shared', '  data: &shared', '    a: "1"');
  return ['apiVersion: v1', 'kind: List', 'items:', ...items, 'metadata:', '  resourceVersion: ""', ''].join('\n');
}

/** A ConfigMap holding literal block scalars: blank lines, lines of spaces, every chomping indicator, an embedded file. */
function literalScalars(): string {
  const dashboard = Array.from({ length: 60 }, (_, n) => `      ${n % 7 === 3 ? '' : n % 11 === 5 ? '        ' : `{"id": ${n}, "expr": "rate(x[5m])"},`}`).join('\n');
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: dashboards',
    'data:',
    '  keep: |+',
    '    one',
    '',
    '    three',
    '',
    '  strip: |- # a comment',
    '    a',
    '      b',
    '    c',
    '  dashboard.json: |',
    '    {',
    '      "panels": [',
    dashboard,
    '      ]',
    '    }',
    '  folded: >',
    '    a',
    '    b',
    '  list:',
    '  - |',
    '    x',
    '    y',
    '',
  ].join('\n');
}

describe('incremental re-parse', () => {
  it('matches a full analysis after random edits of the rule fixtures', () => {
    const texts = loadRuleFixtures().flatMap((f) => (f.kind === 'yaml' ? [f.bad, f.good].filter((t): t is string => t !== undefined) : []));
    fc.assert(
      fc.property(fc.nat(texts.length - 1), fc.array(step, { minLength: 1, maxLength: 8 }), (index, steps) => assertSameAsFull(texts[index]!, steps, `fixture ${index}`)),
      { numRuns: 250 },
    );
  });

  it('matches a full analysis after random edits of the Pod Security Admission fixtures', () => {
    const files = corpusFiles('psa-conformance');
    fc.assert(
      fc.property(fc.nat(files.length - 1), fc.array(step, { minLength: 1, maxLength: 6 }), (index, steps) => assertSameAsFull(files[index]!.text, steps, files[index]!.name)),
      { numRuns: 100 },
    );
  });

  it('matches a full analysis after random edits of a large nested document', () => {
    const base = largeDocument(800);
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 8 }), (steps) => assertSameAsFull(base, steps, 'large document')),
      { numRuns: 30 },
    );
  });

  it('matches a full analysis after long runs of edits of a large nested document', () => {
    // Many edits in a row: the nodes after each edit are views of the earlier model's nodes
    // (model-shift.ts), moved again by later edits before, after and inside them, some read in
    // full and some never read between two edits; undo returns to an earlier version.
    const base = largeDocument(800);
    fc.assert(
      fc.property(fc.array(step, { minLength: 10, maxLength: 30 }), (steps) => assertSameAsFull(base, steps, 'large document, long run', EDITS, (i) => i === steps.length - 1 || steps[i]!.pick % 3 === 0)),
      { numRuns: 8 },
    );
  });

  it('matches a full analysis after random edits of realworld manifests', { skip: corpusSkip('realworld') }, () => {
    // Files of moderate size: each edit is checked against a full analysis.
    const files = corpusFiles('realworld').filter((f) => f.text.length < 80_000);
    fc.assert(
      fc.property(fc.nat(files.length - 1), fc.array(step, { minLength: 1, maxLength: 6 }), (index, steps) => assertSameAsFull(files[index]!.text, steps, files[index]!.name)),
      { numRuns: 80 },
    );
  });

  it('matches a full analysis after random edits of a kind: List of workloads, whose untouched items keep their findings', () => {
    for (const [base, numRuns] of [[listOfWorkloads(24), 120], [listOfWorkloads(12, true), 40]] as const) {
      fc.assert(
        fc.property(fc.array(step, { minLength: 1, maxLength: 8 }), (steps) => assertSameAsFull(base, steps, 'kind: List')),
        { numRuns },
      );
    }
  });

  it('runs the rules again only on the items of a kind: List that an edit changed', () => {
    let checked: string[] = [];
    const counting = defineRule({
      meta: { ...ALL_RULES[0]!.meta, id: 'counting-rule' },
      checkObject(object) {
        checked.push(object.name ?? '?');
      },
    });
    const analyzer = new Analyzer([counting, ...ALL_RULES], mergeConfig(EVERYTHING, { rules: { 'counting-rule': 'info' } }));
    const base = listOfWorkloads(24);
    analyzer.analyze(base);
    assert.equal(checked.length, 24);
    const edited = base.replace('name: web-11', 'name: web-11b');
    const full = comparable(new Analyzer([counting, ...ALL_RULES], mergeConfig(EVERYTHING, { rules: { 'counting-rule': 'info' } })).analyze(edited));
    checked = [];
    const incremental = comparable(analyzer.analyze(edited));
    assert.deepEqual(checked, ['web-11b']);
    assert.deepStrictEqual(incremental, full);
    // A keystroke that breaks the YAML, then the next that repairs it: the items before the
    // break are reused still.
    const broken = edited.replace('name: svc-13', 'name: "svc-13');
    assert.match(analyzer.analyze(broken).findings[0]!.message, /syntax/i);
    const repaired = edited.replace('name: svc-13', 'name: "svc-13"');
    checked = [];
    assert.deepStrictEqual(comparable(analyzer.analyze(repaired)), comparable(new Analyzer([counting, ...ALL_RULES], mergeConfig(EVERYTHING, { rules: { 'counting-rule': 'info' } })).analyze(repaired)));
    assert.deepEqual(checked.slice(0, 1), ['svc-13']);
    assert.equal(checked.length, 1 + 24, 'the edited item, then every item for the full analysis');
  });

  it('checks every item of a kind: List again when an alias points into one of them', () => {
    // The privileged container's securityContext is shared with another item: its fix may not
    // edit it while the alias is there, and may once the alias is gone.
    const base = listOfWorkloads(12).replace('      securityContext:\n        privileged: true', '      securityContext: &sc\n        privileged: true');
    const aliased = base.replace('securityContext: {allowPrivilegeEscalation: true}', 'securityContext: *sc');
    const steps = [aliased, base, aliased];
    const analyzer = new Analyzer(ALL_RULES, EVERYTHING);
    analyzer.analyze(base);
    for (const text of steps) assert.deepStrictEqual(comparable(analyzer.analyze(text)), comparable(new Analyzer(ALL_RULES, EVERYTHING).analyze(text)));
    const fixesOf = (text: string) => new Analyzer(ALL_RULES, EVERYTHING).analyze(text).findings.filter((f) => f.ruleId === 'privileged-container' && text.slice(0, f.start).includes('pod-0\n')).flatMap((f) => f.fixes.map((fix) => fix.title));
    assert.notDeepEqual(fixesOf(base), fixesOf(aliased), 'the alias changes what the fix may edit');
  });

  it('matches a full analysis after random edits of literal block scalars', () => {
    const base = literalScalars();
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 8 }), (steps) => assertSameAsFull(base, steps, 'block scalars')),
      { numRuns: 150 },
    );
  });

  it('matches a full analysis after random edits of a ConfigMap holding a large file', () => {
    const base = configMapWithFile(2000);
    const edits = [...EDITS, ...FILE_EDITS, ...FILE_EDITS];
    const fileStep = fc.record({ edit: fc.nat(edits.length - 1), at: fc.integer({ min: 0, max: 9999 }), pick: fc.nat(1000), undo: fc.boolean() }).map((s) => ({ ...s, undo: s.undo && s.pick % 4 === 0 }));
    fc.assert(
      fc.property(fc.array(fileStep, { minLength: 1, maxLength: 6 }), (steps) => assertSameAsFull(base, steps, 'ConfigMap with a large file', edits)),
      { numRuns: 30 },
    );
  });

  it('edits inside the large file and its comments without parsing the file again', () => {
    const before = configMapWithFile(2000);
    const old = parseSection(before);
    const lines = before.split('\n');
    // The key of the file's entry: the earlier model's own when the file's value was edited in place.
    const fileKey = (parsed: ParsedSection) => (get(parsed.roots[0], 'data') as YMap).pairs[0]!.key;
    const middle = lines.length >> 1;
    const first = lines.indexOf('  cluster.json: | # as exported') + 1;
    const last = lines.indexOf('  # between the files') - 1;
    const cases: readonly (readonly [number, string, 'file' | 'comment'])[] = [
      [middle, `${lines[middle]} # edited`, 'file'],
      [middle + 1, '          "password": "an0ther-pass",', 'file'],
      [first, '    { ', 'file'],
      [last, '    },\n    {"id": -2}', 'file'],
      [last - 1, '      ]  ', 'file'],
      [0, '# dashboards for the cluster, edited', 'comment'],
      [4, '  name: dashboards # shown in the list, edited', 'comment'],
      [11, '  # the embedded file, edited', 'comment'],
      [12, '  cluster.json: | # as exported, edited', 'comment'],
      [lines.length - 8, '  # between the files [{', 'comment'],
    ];
    for (const [line, edited, where] of cases) {
      const text = replaceLine(lines, line, edited).join('\n');
      const parsed = reparseEdited({ text: before, parsed: old }, text);
      assert.ok(parsed, `line ${line} edited in place`);
      assert.deepStrictEqual(modelSnapshot(parsed), modelSnapshot(parseSection(text)), `line ${line}`);
      if (where === 'file') assert.ok(fileKey(parsed) === fileKey(old), `line ${line}: the file's value edited in place`);
      else assert.ok(commentEdited(old, before, text, changeBetween(before, text)!), `line ${line}: only the comment changed`);
    }
  });

  it('parses again only the top-level entries an edit touched', () => {
    const before = configMapWithFile(2000);
    const old = parseSection(before);
    const lines = before.split('\n');
    const kind = lines.indexOf('kind: ConfigMap');
    const cases = [
      replaceLine(lines, kind, 'kind: ConfigMapx'),
      replaceLine(lines, kind - 1, 'apiVersion: v2'),
      insertLine(lines, kind + 1, 'extra: 1'),
      insertLine(lines, kind + 1, 'extra:\n  nested: [1, 2]'),
      replaceLine(lines, kind, 'kind: ConfigMap\nimmutable: true'),
    ];
    for (const edited of cases) {
      const text = edited.join('\n');
      const change = changeBetween(before, text)!;
      assert.ok(rootEntriesEdited(old, before, text, change), text.slice(0, 200));
      const parsed = reparseEdited({ text: before, parsed: old }, text);
      assert.ok(parsed, text.slice(0, 200));
      assert.deepStrictEqual(modelSnapshot(parsed), modelSnapshot(parseSection(text)), text.slice(0, 200));
    }
    // A key moved off the start of its line, a line that ends the document: the whole section.
    for (const edited of [replaceLine(lines, kind, ' kind: ConfigMap'), insertLine(lines, kind + 1, '...'), replaceLine(lines, kind, 'kind ConfigMap')]) {
      const text = edited.join('\n');
      assert.equal(rootEntriesEdited(old, before, text, changeBetween(before, text)!), undefined, text.slice(0, 200));
    }
  });

  it('re-parses only the edited block of a large document, and the result is the full parse', () => {
    const before = largeDocument(2000).split('\n---\n')[0]!;
    const lines = before.split('\n');
    let confined = 0;
    for (let line = 12; line < lines.length; line += 97) {
      const text = replaceLine(lines, line, `${lines[line]} # x`).join('\n');
      const parsed = reparseEdited({ text: before, parsed: parseSection(before) }, text);
      if (!parsed) continue;
      confined++;
      assert.deepStrictEqual(modelSnapshot(parsed), modelSnapshot(parseSection(text)), `edit of line ${line}`);
    }
    // Every line of this document sits in an indented block that the edit leaves in place.
    assert.equal(confined, Math.ceil((lines.length - 12) / 97));
  });

  it('finds a syntax error an edit makes inside a block in that block, as a full parse reports it, and goes on from the version before it', () => {
    const before = largeDocument(600).split('\n---\n')[0]!;
    const lines = before.split('\n');
    const old = parseSection(before);
    // What typing does inside a block: a key before its colon, a value run into its key, a comment cutting a scalar short, an item without its dash.
    const breaking = [
      (line: string) => line.replace(/:$/, ''),
      (line: string) => line.replace(/: /, ':'),
      (line: string) => line.replace(/^(\s*)(\S+):.*$/, '$1$2x'),
      (line: string) => `${line} ]`,
      (line: string) => `${line} "q" x`,
    ];
    let confined = 0;
    for (let line = 12; line < lines.length; line += 23) {
      for (const breakIt of breaking) {
        const broken = replaceLine(lines, line, breakIt(lines[line]!)).join('\n');
        const full = parseSection(broken);
        const parsed = reparseEdited({ text: before, parsed: old }, broken);
        if (!parsed) continue;
        assert.deepStrictEqual(modelSnapshot(parsed), modelSnapshot(full), `line ${line} as ${JSON.stringify(breakIt(lines[line]!))}`);
        if (!parsed.error) continue;
        confined++;
        // Typing on: another edit of the same line, and the repair, are edits of the version before the error.
        const further = replaceLine(lines, line, `${breakIt(lines[line]!)}z`).join('\n');
        const next = reparseEdited({ text: broken, parsed }, further);
        if (next) assert.deepStrictEqual(modelSnapshot(next), modelSnapshot(parseSection(further)), `line ${line} typed on`);
        const repaired = reparseEdited({ text: broken, parsed }, before);
        assert.ok(repaired, `line ${line}: the repair is confined to the block`);
        assert.deepStrictEqual(modelSnapshot(repaired), modelSnapshot(old), `line ${line} repaired`);
      }
    }
    assert.ok(confined > 40, `${confined} errors found in their block`);
    // An error that could reach past its block is left to the full parse: an open quote, an open bracket.
    const quoteLine = lines.findIndex((l, i) => i > 12 && /^\s+type: /.test(l));
    for (const open of ['"abc', '[a, b', "'it''s"]) {
      const text = replaceLine(lines, quoteLine, lines[quoteLine]!.replace(/: .*/, `: ${open}`)).join('\n');
      assert.equal(reparseEdited({ text: before, parsed: old }, text), undefined, open);
    }
  });

  it('reads edited entries of a nested map as the whole document reads them, whatever follows them', () => {
    const cases: [string, string][] = [
      // A broken entry takes in the key line after it.
      ['data:\n  keep: |+\n    one\n\n    three\n\n  strip: |-\n    a\n  last: 1\n', 'data:\n  keep: |+\n  one\n\n    three\n\n  strip: |-\n    a\n  last: 1\n'],
      // Where an entry ending in a comment ends depends on the key after it.
      ['spec:\n  securityContext:\n    runAsNonRoot:  # to do\n  containers:\n  - name: c\n  volumes: []\n', 'spec:\n  securityContext: # x\n    runAsNonRoot:  # to do\n  containers:\n  - name: c\n  volumes: []\n'],
      // A quote opened after a flow sequence runs on to the end of the document.
      ['spec:\n  a:\n    enum: [a, b]\n  b: 1\n  c: 2\nafter: 3\n', 'spec:\n  a:\n    enum: [a, b]"\n  b: 1\n  c: 2\nafter: 3\n'],
      // A document end in a block scalar ends the document.
      ['data:\n  keep: |+\n    one\n  strip: x\n  last: 1\n', 'data:\n  keep: |+\n    one\n...\n  strip: x\n  last: 1\n'],
      // A key typed before its colon, between two entries.
      ['spec:\n  a: 1\n  b: 2\n  c: 3\n', 'spec:\n  a: 1\n  nam\n  b: 2\n  c: 3\n'],
    ];
    for (const [before, after] of cases) {
      const reparsed = reparseEdited({ text: before, parsed: parseSection(before) }, after);
      if (reparsed) assert.deepStrictEqual(modelSnapshot(reparsed), modelSnapshot(parseSection(after)), after);
    }
  });

  it('adds and takes away a trailing comment on a key line without parsing, as a full parse reads it', () => {
    const before = largeDocument(300).split('\n---\n')[0]!;
    const lines = before.split('\n');
    const old = parseSection(before);
    let keyLines = 0;
    for (let line = 0; line < lines.length; line += 3) {
      const commented = replaceLine(lines, line, `${lines[line]}  # note`).join('\n');
      const added = commentEdited(old, before, commented, changeBetween(before, commented)!);
      const full = parseSection(commented);
      if (added) assert.deepStrictEqual(modelSnapshot(added), modelSnapshot(full), `line ${line} commented`);
      if (!/:$/.test(lines[line]!) || full.error) continue;
      // A key whose value is written below it: the comment is read without a parse, both ways.
      assert.ok(added, `line ${line}: ${lines[line]}`);
      const removed = commentEdited(full, commented, before, changeBetween(commented, before)!);
      assert.ok(removed, `line ${line}: comment taken away`);
      assert.deepStrictEqual(modelSnapshot(removed), modelSnapshot(old), `line ${line} comment taken away`);
      keyLines++;
    }
    assert.ok(keyLines > 30, `${keyLines} key lines`);
  });

  it('parses again only the edited items of a long sequence, as a full parse reads them', () => {
    const items: string[] = [];
    for (let n = 0; n < 150; n++) items.push(n % 3 ? `    - item-${n}` : `    - name: n${n}\n      value: "v${n}"`);
    const before = `spec:\n  list:\n${items.join('\n')}\n  after: 1\n`;
    const lines = before.split('\n');
    const old = parseSection(before);
    const edits = [(l: string) => `${l} # x`, (l: string) => `${l}x`, (l: string) => l.replace('- ', '  '), (l: string) => l.replace(/^(\s*)(\S)/, '$1- $2'), (l: string) => `${l} [`];
    // The sequence's first item is the old one when only the edited items were parsed again.
    const firstItem = (parsed: ParsedSection) => (get(get(parsed.roots[0], 'spec'), 'list') as YSeq | undefined)?.items[0];
    let confined = 0;
    let itemsAlone = 0;
    for (let line = 2; line < lines.length - 3; line += 3) {
      for (const edit of edits) {
        const text = replaceLine(lines, line, edit(lines[line]!)).join('\n');
        const reparsed = reparseEdited({ text: before, parsed: old }, text);
        if (!reparsed) continue;
        assert.deepStrictEqual(modelSnapshot(reparsed), modelSnapshot(parseSection(text)), `line ${line} as ${JSON.stringify(edit(lines[line]!))}`);
        if (!reparsed.error) confined++;
        if (line > 4 && lines[line]!.includes('- item-') && firstItem(reparsed) === firstItem(old)) itemsAlone++;
      }
    }
    assert.ok(confined > 60, `${confined} edits confined`);
    assert.ok(itemsAlone > 40, `${itemsAlone} edits of scalar items parsed with their items alone`);
  });

  it('edits the value of a literal block scalar in place, as a full parse reads it', () => {
    const before = literalScalars();
    const old = parseSection(before);
    // A parse in error has no roots.
    const keep = (parsed: ParsedSection) => (get(parsed.roots[0], 'data') as YMap | undefined)?.pairs[0];
    const lines = before.split('\n');
    let inPlace = 0;
    for (let line = 0; line < lines.length; line++) {
      for (const edited of [`${lines[line]} # x`, `${lines[line]}  `, '', `  ${lines[line]}`]) {
        const text = replaceLine(lines, line, edited).join('\n');
        const parsed = reparseEdited({ text: before, parsed: old }, text);
        if (!parsed) continue;
        assert.deepStrictEqual(modelSnapshot(parsed), modelSnapshot(parseSection(text)), `line ${line} as ${JSON.stringify(edited)}`);
        // The scalar was edited in place: the entries before it are the old ones.
        if (keep(parsed) === keep(old)) inPlace++;
      }
    }
    assert.ok(inPlace > 100, `${inPlace} edits confined`);
  });

  it('parses the whole section when the edit reaches past its block', () => {
    const before = 'spec:\n  a:\n    b: 1\n  c: 2\n';
    const parsed = parseSection(before);
    // The block `b: 1` would take in the next line once it ends in a block scalar header.
    const cases = ['spec:\n  a:\n    b: |\n  c: 2\n', 'spec:\n  a:\n    b: "1\n  c: 2\n', 'spec:\n  a:\n  b: 1\n  c: 2\n', 'spec:\n  a:\n    b: *x\n  c: 2\n'];
    for (const text of cases) {
      const reparsed = reparseEdited({ text: before, parsed }, text);
      if (reparsed) assert.deepStrictEqual(modelSnapshot(reparsed), modelSnapshot(parseSection(text)), text);
    }
    assert.equal(reparseEdited({ text: before, parsed }, 'spec:\n  a:\n    b: *x\n  c: 2\n'), undefined, 'an alias needs its anchor: the whole section');
  });
});
