/**
 * The positioned model as plain data, read the way rules read it: every field through its
 * property, so that a node moved after an edit (a view that builds its children when read, see
 * `engine/model-shift.ts`) compares equal to the node a full parse builds when, and only when,
 * everything a reader can see of them is equal.
 */
import assert from 'node:assert/strict';
import type { YNode, YPair } from '../../server/src/engine/model.js';
import type { ParsedSection } from '../../server/src/engine/parse.js';

/** The fields a node or a pair may have; a plain node with another one fails, so that this list is kept whole. */
const NODE_FIELDS = new Set(['kind', 'start', 'end', 'viaAlias', 'value', 'empty', 'flow', 'pairs', 'merged', 'items']);
const PAIR_FIELDS = new Set(['key', 'value', 'start', 'end', 'merged']);

export function modelSnapshot(parsed: ParsedSection): unknown {
  return {
    roots: parsed.roots.map(nodeSnapshot),
    comments: parsed.comments.map((c) => ({ ...c })),
    ...(parsed.error ? { error: { ...parsed.error } } : {}),
    ...(parsed.aliases ? { aliases: parsed.aliases.map((use) => ({ target: 'kind' in use.target ? nodeSnapshot(use.target as YNode) : { ...use.target }, at: use.at })) } : {}),
  };
}

function nodeSnapshot(node: YNode): unknown {
  if (Object.getPrototypeOf(node) === Object.prototype) for (const field of Object.keys(node)) assert.ok(NODE_FIELDS.has(field), `a node field the snapshot does not know: ${field}`);
  const common = { kind: node.kind, start: node.start, end: node.end, ...(node.viaAlias !== undefined ? { viaAlias: node.viaAlias } : {}) };
  switch (node.kind) {
    case 'scalar':
      return { ...common, value: node.value, empty: node.empty };
    case 'map':
      return { ...common, flow: node.flow, pairs: node.pairs.map(pairSnapshot), ...(node.merged !== undefined ? { merged: node.merged } : {}) };
    case 'seq':
      return { ...common, flow: node.flow, items: node.items.map(nodeSnapshot) };
  }
}

function pairSnapshot(pair: YPair): unknown {
  for (const field of Object.keys(pair)) assert.ok(PAIR_FIELDS.has(field), `a pair field the snapshot does not know: ${field}`);
  return { key: nodeSnapshot(pair.key), value: nodeSnapshot(pair.value), start: pair.start, end: pair.end, ...(pair.merged !== undefined ? { merged: pair.merged } : {}) };
}
