/**
 * The reference for the syntax-tree model builder: compose full `yaml` Documents and convert
 * them to the positioned model. This was the engine's parser before it built the model from the
 * syntax tree; the differential test holds the two together.
 */
import { Alias, Document, isAlias, isMap, isScalar, isSeq, Node, Pair, parseAllDocuments, Scalar, visit, YAMLMap } from 'yaml';
import type { YMap, YNode, YPair, YScalar, YSeq } from '../../server/src/engine/model.js';
import { COMPOSE_OPTIONS, syntaxProblem, type SyntaxProblem } from '../../server/src/engine/parse.js';

export interface ComposedSection {
  readonly roots: readonly YNode[];
  readonly error?: SyntaxProblem;
}

export function composeSection(text: string): ComposedSection {
  const documents = parseAllDocuments(text, COMPOSE_OPTIONS);
  const roots: YNode[] = [];
  let error: SyntaxProblem | undefined;
  for (const document of documents) {
    const first = document.errors[0];
    if (first) {
      error ??= syntaxProblem(first, text.length);
      continue;
    }
    if (document.contents) roots.push(new Converter(document).convert(document.contents));
  }
  return error ? { roots, error } : { roots };
}

/** Converts `yaml` nodes to the model. Each source node is converted once. */
class Converter {
  private readonly seen = new Map<Node, YNode>();
  constructor(private readonly document: Document.Parsed) {}

  convert(node: unknown, depth = 0): YNode {
    if (depth > 500) return emptyScalar(0);
    if (isAlias(node)) return this.resolveAlias(node, depth);
    const known = this.seen.get(node as Node);
    if (known) return known;
    let result: YNode;
    if (isMap(node)) result = this.map(node, depth);
    else if (isSeq(node)) {
      const [start, end] = rangeOf(node);
      const seq: YSeq = { kind: 'seq', start, end, flow: node.flow === true, items: node.items.map((item) => this.convert(item, depth + 1)) };
      result = seq;
    } else if (isScalar(node)) result = scalar(node);
    else result = emptyScalar(0);
    this.seen.set(node as Node, result);
    return result;
  }

  private resolveAlias(alias: Alias, depth: number): YNode {
    const target = alias.resolve(this.document);
    if (!target) return emptyScalar(alias.range?.[0] ?? 0);
    return { ...this.convert(target, depth + 1), viaAlias: true };
  }

  private map(node: YAMLMap, depth: number): YMap {
    const [start, end] = rangeOf(node);
    const own: YPair[] = [];
    const sources: YNode[] = [];
    for (const item of node.items as Pair[]) {
      if (!isScalar(item.key)) continue;
      if (typeof item.key.value === 'symbol' || (item.key.value === '<<' && isAlias(item.value))) {
        const values = isSeq(item.value) ? item.value.items : [item.value];
        for (const value of values) sources.push(this.convert(value, depth + 1));
        continue;
      }
      const key = scalar(item.key);
      const value = item.value === null || item.value === undefined ? emptyScalar(key.end) : this.convert(item.value, depth + 1);
      own.push({ key, value, start: key.start, end: Math.max(key.end, value.end) });
    }
    // Earlier merge sources win over later ones, the map's own keys over all (the last pair wins).
    const merged = sources.reverse().flatMap((source) => (source.kind === 'map' ? source.pairs.map((pair) => ({ ...pair, merged: true })) : []));
    const flow = node.flow === true;
    return merged.length ? { kind: 'map', start, end, flow, pairs: [...merged, ...own], merged: merged.length } : { kind: 'map', start, end, flow, pairs: own };
  }
}

function rangeOf(node: Node): [number, number] {
  const range = node.range;
  return range ? [range[0], range[1]] : [0, 0];
}

function scalar(node: Scalar): YScalar {
  const [start, end] = rangeOf(node);
  const raw = node.value;
  const value = raw === null || typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? raw : typeof raw === 'bigint' ? Number(raw) : String(raw);
  return { kind: 'scalar', start, end, value, empty: start === end && value === null };
}

function emptyScalar(at: number): YScalar {
  return { kind: 'scalar', start: at, end: at, value: null, empty: true };
}

/** True when an alias of `text` sits inside the node it refers to (the reference converter then recurses). */
export function hasRecursiveAlias(text: string): boolean {
  for (const document of parseAllDocuments(text, COMPOSE_OPTIONS)) {
    let found = false;
    visit(document, {
      Alias(_key, alias) {
        const target = alias.resolve(document);
        const at = alias.range?.[0];
        if (target?.range && at !== undefined && target.range[0] <= at && at < target.range[1]) found = true;
      },
    });
    if (found) return true;
  }
  return false;
}
