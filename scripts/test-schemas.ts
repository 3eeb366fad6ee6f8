/**
 * Writes test/data/k8s-schemas/schemas.json: the Kubernetes JSON schemas of the kinds that the
 * repository's own manifests use (rule fixtures, workspace cases, templates), so that the tests
 * check that templates and fixes stay valid Kubernetes objects without the full schema corpus.
 *
 * Input: the `k8s-json-schema` corpus (standalone v1.34 schemas, one file per kind, with an
 * INDEX.tsv), found as the tests find it (test/support/corpora.ts) or given as the first argument.
 * The output is the same schemas made small without changing what they accept: descriptions and
 * `x-kubernetes-*` annotations are dropped, and every subschema that several kinds share (the pod
 * spec, object metadata, ...) is written once under `$defs` and referenced.
 *
 *   npx tsx scripts/test-schemas.ts [CORPUS_DIR]           write it
 *   npx tsx scripts/test-schemas.ts [CORPUS_DIR] --check   exit 1 when it is out of date
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { corpusDir } from '../test/support/corpora.js';

const root = join(__dirname, '..');
export const TEST_SCHEMAS = join(root, 'test', 'data', 'k8s-schemas', 'schemas.json');
const SCHEMA_SET = 'v1.34.0-standalone';
/** Where the repository's manifests are: every apiVersion/kind found there gets its schema. */
const MANIFEST_DIRS = ['test', 'snippets', 'samples'];
/** Other projects' fixtures, kept as they wrote them (old API versions, OpenShift kinds): no fix of ours is checked against them. */
const FOREIGN_DIRS = [join(root, 'test', 'agreement')];
/** Subschemas shorter than this stay inline even when shared: a reference would not pay. */
const MIN_SHARED_LENGTH = 200;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

export interface TestSchemas {
  readonly source: string;
  /** `apiVersion kind` -> the name of its schema under `$defs`. */
  readonly kinds: Record<string, string>;
  /** Kinds the repository's manifests use that the schema set has no schema for (custom, removed or alpha kinds). */
  readonly withoutSchema: string[];
  readonly $defs: Record<string, Schema>;
}

const isObject = (value: Json | undefined): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every `apiVersion kind` of the objects (and List items) in a text of YAML documents. */
function kindsOfYaml(text: string, out: Set<string>): void {
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      if (typeof object.apiVersion === 'string' && typeof object.kind === 'string') out.add(`${object.apiVersion} ${object.kind}`);
      if (Array.isArray(object.items)) object.items.forEach(visit);
    }
  };
  for (const document of parseAllDocuments(text, { uniqueKeys: false })) {
    if (!('errors' in document) || document.errors.length === 0) visit(document.toJS({ maxAliasCount: 100 }));
  }
}

/** A snippet body with its tab stops replaced by their default text. */
const snippetText = (body: string[]): string => body.join('\n').replace(/\$\{\d+\|([^,|}]*)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '');

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!FOREIGN_DIRS.includes(path)) walk(path, out);
    } else out.push(path);
  }
  return out;
}

/** The kinds of every manifest in the repository, sorted. */
export function repositoryKinds(): string[] {
  const kinds = new Set<string>();
  for (const path of MANIFEST_DIRS.flatMap((dir) => walk(join(root, dir)))) {
    try {
      if (/\.ya?ml$/.test(path)) kindsOfYaml(readFileSync(path, 'utf8'), kinds);
      else if (path.startsWith(join(root, 'snippets')) && path.endsWith('.json')) {
        const snippets = JSON.parse(readFileSync(path, 'utf8')) as Record<string, { body: string[] | string }>;
        for (const snippet of Object.values(snippets)) kindsOfYaml(snippetText([snippet.body].flat()), kinds);
      }
    } catch {
      // Fixtures of broken YAML are broken on purpose: they hold no kind to validate.
    }
  }
  return [...kinds].sort();
}

/** The schema without what does not change validation: descriptions and annotations. */
function stripped(schema: Json, isPropertyMap = false): Json {
  if (Array.isArray(schema)) return schema.map((item) => stripped(item));
  if (!isObject(schema)) return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!isPropertyMap && (key === 'description' || key === '$schema' || key.startsWith('x-kubernetes-'))) continue;
    out[key] = stripped(value, !isPropertyMap && (key === 'properties' || key === 'patternProperties' || key === 'definitions'));
  }
  return out;
}

/** Calls `visit` on every subschema below `schema` (property values, items, combinators). */
function forEachSubschema(schema: Schema, visit: (sub: Schema, replace: (next: Schema) => void) => void): void {
  for (const [key, value] of Object.entries(schema)) {
    if ((key === 'properties' || key === 'patternProperties') && isObject(value)) {
      for (const [name, sub] of Object.entries(value)) if (isObject(sub)) visit(sub, (next) => (value[name] = next));
    } else if ((key === 'items' || key === 'additionalProperties' || key === 'not') && isObject(value)) {
      visit(value, (next) => (schema[key] = next));
    } else if ((key === 'allOf' || key === 'anyOf' || key === 'oneOf' || key === 'items') && Array.isArray(value)) {
      value.forEach((sub, index) => isObject(sub) && visit(sub, (next) => (value[index] = next)));
    }
  }
}

/** Moves every subschema used more than once into `defs`, largest first, and references it. */
function shareRepeated(roots: Schema[], defs: Record<string, Schema>): void {
  const uses = new Map<string, number>();
  const count = (schema: Schema): void =>
    forEachSubschema(schema, (sub) => {
      const text = JSON.stringify(sub);
      if (text.length >= MIN_SHARED_LENGTH) uses.set(text, (uses.get(text) ?? 0) + 1);
      count(sub);
    });
  roots.forEach(count);
  const share = (schema: Schema): void =>
    forEachSubschema(schema, (sub, replace) => {
      const text = JSON.stringify(sub);
      if ((uses.get(text) ?? 0) < 2) return share(sub);
      const name = `s${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
      if (!defs[name]) {
        defs[name] = sub;
        share(sub);
      }
      replace({ $ref: `#/$defs/${name}` });
    });
  roots.forEach(share);
}

export function buildTestSchemas(corpus: string): TestSchemas {
  const index = new Map<string, string>();
  for (const line of readFileSync(join(corpus, 'INDEX.tsv'), 'utf8').split('\n').slice(1)) {
    const [file, apiVersion, kind] = line.split('\t');
    if (file && apiVersion && kind) index.set(`${apiVersion} ${kind}`, file);
  }
  const wanted = repositoryKinds();
  const covered = wanted.filter((kind) => index.has(kind));
  const roots = covered.map((kind) => stripped(JSON.parse(readFileSync(join(corpus, SCHEMA_SET, index.get(kind)!), 'utf8'))) as Schema);
  const $defs: Record<string, Schema> = {};
  shareRepeated(roots, $defs);
  const kinds: Record<string, string> = {};
  covered.forEach((kind, i) => {
    const name = kind.replace(/[^A-Za-z0-9]+/g, '.');
    $defs[name] = roots[i]!;
    kinds[kind] = name;
  });
  const sorted = Object.fromEntries(Object.entries($defs).sort(([a], [b]) => a.localeCompare(b)));
  return {
    source: `k8s-json-schema corpus, ${SCHEMA_SET} (see README.md); regenerate with: npx tsx scripts/test-schemas.ts`,
    kinds,
    withoutSchema: wanted.filter((kind) => !index.has(kind)),
    $defs: sorted,
  };
}

export const renderTestSchemas = (schemas: TestSchemas): string => `${JSON.stringify(schemas)}\n`;

if (require.main === module) {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const corpus = args.find((arg) => !arg.startsWith('--')) ?? corpusDir('k8s-json-schema');
  if (!corpus || !existsSync(join(corpus, 'INDEX.tsv'))) {
    console.error('test-schemas: the k8s-json-schema corpus was not found; pass its folder as the first argument');
    process.exit(2);
  }
  const text = renderTestSchemas(buildTestSchemas(corpus));
  const current = existsSync(TEST_SCHEMAS) ? readFileSync(TEST_SCHEMAS, 'utf8') : undefined;
  if (check) {
    if (current !== text) {
      console.error(`${relative(root, TEST_SCHEMAS)} is out of date: run npx tsx scripts/test-schemas.ts`);
      process.exit(1);
    }
  } else if (current !== text) {
    mkdirSync(dirname(TEST_SCHEMAS), { recursive: true });
    writeFileSync(TEST_SCHEMAS, text);
    console.log(`wrote ${relative(root, TEST_SCHEMAS)} (${text.length} bytes)`);
  }
}
