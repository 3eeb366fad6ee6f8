/** Hostile inputs for the robustness tests: each is a text a user might open by accident or malice. */

/** "Billion laughs": nine levels of nine aliases each, inside a pod spec so that rules walk it. */
export function aliasBomb(levels = 9): string {
  const lines = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: bomb', 'x-bomb:', '  l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i < levels; i++) lines.push(`  l${i}: &l${i} [${Array.from({ length: 9 }, () => `*l${i - 1}`).join(', ')}]`);
  lines.push('spec:', '  containers:', '    - name: app', '      image: nginx', `      args: *l${levels - 1}`, `      env: *l${levels - 1}`, '      securityContext: {privileged: true}');
  return `${lines.join('\n')}\n`;
}

/** One ConfigMap document of about `bytes` characters. */
export function hugeDocument(bytes: number): string {
  const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\ndata:\n';
  const entry = (i: number) => `  key-${i}: "${'x'.repeat(80)}"\n`;
  const count = Math.ceil((bytes - head.length) / entry(0).length);
  return head + Array.from({ length: count }, (_, i) => entry(i)).join('');
}

/** `count` tiny documents in one file. */
export function manyDocuments(count: number): string {
  return Array.from({ length: count }, (_, i) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`).join('');
}

/** A pod whose container holds a value nested `depth` levels deep, in block or flow style. */
export function deepNesting(depth: number, style: 'block' | 'flow'): string {
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: deep\nspec:\n  containers:\n    - name: app\n      image: nginx\n      securityContext:\n        privileged: true\n';
  if (style === 'flow') return `${pod}x-deep: ${'['.repeat(depth)}1${']'.repeat(depth)}\n`;
  let nested = '';
  for (let i = 0; i < depth; i++) nested += `${' '.repeat(2 * i)}k${i}:\n`;
  return `${pod}x-deep:\n${nested.replace(/^/gm, '  ')}${' '.repeat(2 * depth + 2)}leaf: 1\n`;
}

/** Pseudo-random bytes (deterministic), as a binary file would hold. */
export function binaryBytes(length: number, seed = 7): Buffer {
  const out = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    out[i] = state >> 16;
  }
  return out;
}

/** A manifest in Latin-1 (not UTF-8): its accented letters are invalid UTF-8 bytes. */
export function latin1Bytes(): Buffer {
  return Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\u00e9\n  annotations:\n    note: "d\u00e9j\u00e0 vu \u00fcber"\ndata:\n  k: v\n', 'latin1');
}
