/**
 * fast-check arbitraries for YAML text: generated documents (block and flow collections, odd
 * scalars, anchors, aliases, merge keys, comments) and random mutations of existing text
 * (deleted and duplicated lines, changed indentation, tabs, odd snippets, unicode, CRLF, a BOM).
 */
import fc from 'fast-check';

type Tree =
  | { readonly t: 'scalar'; readonly text: string }
  | { readonly t: 'alias'; readonly name: string }
  | { readonly t: 'map'; readonly flow: boolean; readonly anchor?: string; readonly entries: readonly (readonly [string, Tree])[] }
  | { readonly t: 'seq'; readonly flow: boolean; readonly anchor?: string; readonly items: readonly Tree[] };

const ANCHORS = ['a', 'b', 'c'];

export const ODD_SCALARS = [
  'true', 'False', 'TRUE', 'yes', 'no', 'on', 'null', 'Null', '~', '0', '-0', '+12', '007', '0x1F', '0o17', '0b1', '1_000',
  '1.50', '.5', '-.inf', '.NaN', '1e3', '-2.5E-3', '1:20', '2001-12-14', '"quoted \\t \\u00e9 \\x41"', "'single ''q'''",
  '"multi\n  line"', 'plain with spaces', 'ünïcødé', '😀 emoji', '!!str 5', '!!int "7"', '!custom x', 'a:b', 'x #y',
  '""', "''", 'https://example.com/a?b=c#d', 'docker.io/library/nginx:1.25',
];

const key = fc.constantFrom('name', 'image', 'spec', 'privileged', 'runAsNonRoot', 'k', '"quoted key"', "'sq'", '1', 'true', '<<', 'a b');
const scalarText = fc.oneof(fc.constantFrom(...ODD_SCALARS), fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/));

const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree; flowNode: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ t: fc.constant('scalar' as const), text: scalarText }),
    fc.record({ t: fc.constant('alias' as const), name: fc.constantFrom(...ANCHORS) }),
    fc.record({ t: fc.constant('map' as const), flow: fc.constant(false), anchor: fc.option(fc.constantFrom(...ANCHORS), { nil: undefined }), entries: fc.array(fc.tuple(key, tie('node')), { minLength: 1, maxLength: 4 }) }),
    fc.record({ t: fc.constant('seq' as const), flow: fc.constant(false), anchor: fc.option(fc.constantFrom(...ANCHORS), { nil: undefined }), items: fc.array(tie('node'), { minLength: 1, maxLength: 4 }) }),
    tie('flowNode'),
  ),
  flowNode: fc.oneof(
    { depthSize: 'small' },
    fc.record({ t: fc.constant('scalar' as const), text: fc.stringMatching(/^[a-z0-9.]{1,6}$/) }),
    fc.record({ t: fc.constant('map' as const), flow: fc.constant(true), entries: fc.array(fc.tuple(fc.constantFrom('a', 'b', '"q"'), tie('flowNode')), { maxLength: 3 }) }),
    fc.record({ t: fc.constant('seq' as const), flow: fc.constant(true), items: fc.array(tie('flowNode'), { maxLength: 3 }) }),
  ),
})).node;

function renderFlow(node: Tree): string {
  switch (node.t) {
    case 'scalar':
      return node.text;
    case 'alias':
      return `*${node.name}`;
    case 'map':
      return `{${node.entries.map(([k, v]) => `${k}: ${renderFlow(v)}`).join(', ')}}`;
    case 'seq':
      return `[${node.items.map(renderFlow).join(', ')}]`;
  }
}

/** The value part after `key:` or `- ` for a node at indentation `indent`. */
function renderValue(node: Tree, indent: number): string {
  if (node.t === 'scalar' || node.t === 'alias' || node.flow) return ` ${renderFlow(node)}`;
  const anchor = node.anchor ? ` &${node.anchor}` : '';
  return `${anchor}\n${renderBlock(node, indent + 2)}`;
}

function renderBlock(node: Tree, indent: number): string {
  const pad = ' '.repeat(indent);
  if (node.t === 'map' && !node.flow) return node.entries.map(([k, v]) => `${pad}${k}:${renderValue(v, indent)}\n`).join('');
  if (node.t === 'seq' && !node.flow) return node.items.map((item) => `${pad}-${renderValue(item, indent)}\n`).join('');
  return `${pad}${renderFlow(node)}\n`;
}

/** True when an alias sits inside a node anchored with its own name (a recursive alias). */
function hasRecursiveAlias(node: Tree, open: readonly string[] = []): boolean {
  if (node.t === 'alias') return open.includes(node.name);
  if (node.t === 'scalar') return false;
  const inside = node.anchor ? [...open, node.anchor] : open;
  const children = node.t === 'map' ? node.entries.map(([, v]) => v) : node.items;
  return children.some((child) => hasRecursiveAlias(child, inside));
}

/** Generated YAML documents (one or several, with comments), without recursive aliases. */
export const yamlText: fc.Arbitrary<string> = fc
  .array(fc.tuple(tree, fc.boolean()), { minLength: 1, maxLength: 3 })
  .filter((documents) => documents.every(([root]) => !hasRecursiveAlias(root)))
  .map((documents) =>
    documents
      .map(([root, comment]) => `${comment ? '# kube-aegis-disable-next-line\n' : ''}---\n${root.t === 'scalar' || root.t === 'alias' || root.flow ? renderFlow(root) + '\n' : renderBlock(root, 0)}`)
      .join(''),
  );

const SNIPPETS = ['&a ', '*a', '<<: *a', ': ', '- ', ' #', '#', '"', "'", '{', '}', '[', ']', ',', '|', '>-\n', '!!str ', '\t', 'é', '😀', '\u0000', '\r', '---\n', '...\n', '? ', '%YAML 1.2\n', '@', '`', '\\', '\ud800'];

type Mutation =
  | { readonly op: 'delete' | 'duplicate' | 'indent' | 'dedent' | 'tab'; readonly line: number }
  | { readonly op: 'insert'; readonly at: number; readonly snippet: string }
  | { readonly op: 'scalar'; readonly line: number; readonly scalar: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete' as const, 'duplicate' as const, 'indent' as const, 'dedent' as const, 'tab' as const), line: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), snippet: fc.constantFrom(...SNIPPETS) }),
  fc.record({ op: fc.constant('scalar' as const), line: fc.nat(), scalar: fc.constantFrom(...ODD_SCALARS) }),
);

function mutate(text: string, m: Mutation): string {
  if (m.op === 'insert') {
    const at = text.length === 0 ? 0 : m.at % (text.length + 1);
    return text.slice(0, at) + m.snippet + text.slice(at);
  }
  const lines = text.split('\n');
  const i = m.line % lines.length;
  const line = lines[i]!;
  switch (m.op) {
    case 'delete':
      lines.splice(i, 1);
      break;
    case 'duplicate':
      lines.splice(i, 0, line);
      break;
    case 'indent':
      lines[i] = `  ${line}`;
      break;
    case 'dedent':
      lines[i] = line.replace(/^ {1,2}/, '');
      break;
    case 'tab':
      lines[i] = `\t${line}`;
      break;
    case 'scalar': {
      // Replace the value after the first `: ` (or the whole item after `- `).
      const match = /(:\s|-\s)(.*)$/.exec(line);
      if (match) lines[i] = line.slice(0, match.index + 2) + m.scalar;
      break;
    }
  }
  return lines.join('\n');
}

/** `base` after a few random mutations, possibly with CRLF line ends and a byte-order mark. */
export function mutatedText(base: string): fc.Arbitrary<string> {
  return fc
    .record({ mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }), crlf: fc.boolean(), bom: fc.boolean() })
    .map(({ mutations, crlf, bom }) => {
      let text = mutations.reduce(mutate, base);
      if (crlf) text = text.replace(/\r?\n/g, '\r\n');
      return bom ? `\uFEFF${text}` : text;
    });
}
