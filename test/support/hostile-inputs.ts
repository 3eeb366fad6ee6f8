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

/** `count` tiny documents in one file; with `namespace`, each says it is in that namespace. */
export function manyDocuments(count: number, namespace?: string): string {
  const placed = namespace === undefined ? '' : `  namespace: ${namespace}\n`;
  return Array.from({ length: count }, (_, i) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n${placed}`).join('');
}

/** `count` one-line privileged pods, in flow style, each a document of its own. */
export function manyPods(count: number): string {
  return Array.from({ length: count }, (_, i) => `---\n{apiVersion: v1, kind: Pod, metadata: {name: p${i}}, spec: {containers: [{name: c, image: nginx:1.25, securityContext: {privileged: true}}]}}\n`).join('');
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

/** A privileged, hostNetwork pod: what no hostile file may smuggle past the checks. */
export const PRIVILEGED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: smuggled
spec:
  hostNetwork: true
  hostPID: true
  containers:
    - name: app
      image: example.com/app:1.0.0
      securityContext:
        privileged: true
`;

/** Repeats `unit` to about `bytes` characters. */
const fill = (unit: string, bytes: number) => unit.repeat(Math.max(1, Math.floor(bytes / unit.length)));

/**
 * Files of at most about 200 KB built to make a backtracking pattern, an eager expansion or a
 * quadratic loop take long: each names what it aims at. Each holds the privileged pod too.
 */
export function hostileFiles(bytes = 190_000): { name: string; text: string }[] {
  const pod = PRIVILEGED_POD;
  const withPod = (text: string) => `${text}\n---\n${pod}`;
  const containerArgs = (script: string) => pod.replace('      image: example.com/app:1.0.0\n', `      image: example.com/app:1.0.0\n      command: ["sh", "-c", ${JSON.stringify(script)}]\n`);
  return [
    { name: 'directive on a long comment line', text: withPod(`# kube-aegis-disable${fill(' ', bytes)}!`) },
    { name: 'directive with a long list of ids', text: withPod(`# kube-aegis-disable-next-line ${fill('a ,', bytes)}!\nx: 1`) },
    { name: 'next-line directive above a finding', text: pod.replace('    - name: app', `    # kube-aegis-disable-next-line${fill(' \t', bytes)}#\n    - name: app`) },
    { name: 'braces in a comment', text: withPod(`a: 1 # {${fill('{{', bytes)}`) },
    { name: 'braces in a value', text: withPod(`a: "${fill('{{', bytes)}"`) },
    { name: 'braces in a document that does not parse', text: withPod(`a: [${fill('{{ ', bytes)}`) },
    { name: 'long apiVersion', text: withPod(`apiVersion: ${fill('a', bytes)}!\nkind: Pod\n`) },
    { name: 'long apiVersion with dots', text: withPod(`apiVersion: ${fill('a.', bytes)}/\nkind: Pod\n`) },
    { name: 'curl repeated in a script', text: containerArgs(fill('curl ', bytes)) },
    { name: 'installer options repeated', text: containerArgs(`apt${fill(' -apt', bytes)}`) },
    { name: 'sh -c option letters', text: pod.replace('      image: example.com/app:1.0.0\n', `      image: example.com/app:1.0.0\n      command: [sh, -${fill('c', bytes)}!, x]\n`) },
    // `\x41` reads as `A`: no word of the script is found as written, and each would be searched for in the rest.
    { name: 'escaped words in a script', text: pod.replace('      image: example.com/app:1.0.0\n', `      image: example.com/app:1.0.0\n      command: [sh, -c, "${fill('\\x41 ', bytes / 2)}"]\n`) },
    { name: 'sequence dashes in a block scalar', text: withPod(`data: |\n  ${fill('- ', bytes)}x\n`) },
    { name: 'dashes and a colon on a key line', text: pod.replace('spec:\n', `spec:\n  x-note: "${fill('- ', bytes / 2)}"\n`) },
    { name: 'anchors before a key', text: withPod(`a:\n  ${fill('&a ', bytes / 2)}\n`) },
    { name: 'trusted registry slashes', text: pod.replace('example.com/app:1.0.0', `${fill('/', bytes)}x`) },
    { name: 'secret-like env names', text: pod.replace('      image: example.com/app:1.0.0\n', `      image: example.com/app:1.0.0\n      env:\n        - {name: ${fill('PASSWORD', bytes / 2)}, value: x}\n`) },
    { name: 'many flags', text: pod.replace('      image: example.com/app:1.0.0\n', `      image: example.com/app:1.0.0\n      args: [${fill('--a=b, ', bytes)}x]\n`) },
    { name: 'long plain scalar with colons', text: withPod(`a: ${fill('b: c ', bytes)}`) },
    { name: 'floats and exponents', text: withPod(`a: ${fill('1', bytes)}x\nb: ${fill('1', bytes / 2)}e`) },
    { name: 'nested aliases in a misplaced field', text: nestedAliasesInMisplacedField(8) },
    { name: 'deep flow nesting', text: deepNesting(Math.floor(bytes / 2) > 40_000 ? 40_000 : Math.floor(bytes / 2), 'flow') },
    { name: 'many short lines', text: withPod(fill('a: b\n', bytes)) },
    { name: 'many comments', text: withPod(fill('# kube-aegis-disable-next-line x\n', bytes)) },
    { name: 'multi-line quoted scalar with a directive line', text: `# kube-aegis-disable\n${pod.replace('metadata:\n', `metadata:\n  annotations:\n    a: "${fill('x ', bytes / 2)}\n# kube-aegis-disable\n  y"\n`)}` },
  ];
}

/** A pod whose misplaced `capabilities` (in the pod's securityContext) holds aliases nested `levels` deep, seven to a level. */
export function nestedAliasesInMisplacedField(levels: number): string {
  const lines = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: bomb', 'x:', '  l0: &l0 {a: "lol", b: "lol", c: "lol", d: "lol", e: "lol", f: "lol", g: "lol"}'];
  for (let i = 1; i < levels; i++) lines.push(`  l${i}: &l${i} {a: *l${i - 1}, b: *l${i - 1}, c: *l${i - 1}, d: *l${i - 1}, e: *l${i - 1}, f: *l${i - 1}, g: *l${i - 1}}`);
  lines.push('spec:', '  securityContext:', `    capabilities: {add: [NET_ADMIN], x: *l${levels - 1}}`, '  containers:', '    - name: app', '      image: example.com/app:1.0.0', '      securityContext: {privileged: true}');
  return `${lines.join('\n')}\n`;
}
