/** engine/origins.ts for helm output: a literal in the template, the values key, the template line. */
import { isScalar, toPlain, type YNode } from './model.js';
import type { HelmOrigin, PathStep, ValuesSource } from './origins.js';
import { deepEqual, lastKeyOf, type Found, type ParsedTexts, type TemplateLine } from './origins-tree.js';

export function fromHelm(path: readonly PathStep[], node: YNode, origin: HelmOrigin, parsed: ParsedTexts): Found | undefined {
  const keys = path.flatMap((s) => ('key' in s ? [s.key] : []));
  const lastKey = lastKeyOf(path);
  const plain = toPlain(node);
  const lines = origin.template ? parsed.lines(origin.template.text) : [];
  if (lastKey !== undefined && isScalar(node)) {
    const literal = bestTemplateLine(lines, keys, plain, true);
    if (literal && origin.template) return { file: origin.template.file, text: origin.template.text, span: literal.span, via: 'template', plainYaml: false };
  }
  if (lastKey !== undefined) {
    const fromValues = valuesMatch(keys, plain, origin.values, parsed);
    if (fromValues) return fromValues;
  }
  if (origin.template) {
    const line = bestTemplateLine(lines, keys, plain, false);
    if (line) return { file: origin.template.file, text: origin.template.text, span: line.span, via: 'template', plainYaml: false };
  }
  return undefined;
}

/** The values key whose value is the rendered one, with the longest run of keys in common with the rendered path. */
export function valuesMatch(keys: readonly string[], plain: unknown, values: readonly ValuesSource[], parsed: ParsedTexts): Found | undefined {
  let best: { found: Found; score: number } | undefined;
  const last = keys[keys.length - 1];
  if (last === undefined) return undefined;
  for (const { source, prefix } of values) {
    for (const { pair, keys: fullKeys } of parsed.pairs(source.text, last)) {
      if (fullKeys.length <= prefix.length) continue;
      if (prefix.some((key, i) => fullKeys[i] !== key)) continue;
      const pairKeys = fullKeys.slice(prefix.length);
      if (!deepEqual(parsed.plain(pair.value), plain)) continue;
      const score = suffixLength(pairKeys, keys);
      // A lone scalar key (`enabled: true`) is weak evidence; a block, or two keys in common, is not.
      if (score < 2 && isScalar(pair.value) && pairKeys.length > 1) continue;
      if (!best || score > best.score) {
        const span = isScalar(pair.value) ? { start: pair.key.start, end: Math.max(pair.key.end, pair.value.end) } : { start: pair.key.start, end: pair.key.end };
        best = { found: { file: source.file, text: source.text, span, via: 'values', node: pair.value, plainYaml: true }, score };
      }
    }
  }
  return best?.found;
}

function suffixLength(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function bestTemplateLine(lines: readonly TemplateLine[], keys: readonly string[], plain: unknown, literalOnly: boolean): TemplateLine | undefined {
  let best: { line: TemplateLine; score: number } | undefined;
  for (const line of lines) {
    if (line.keys[line.keys.length - 1] !== keys[keys.length - 1]) continue;
    if (literalOnly && (line.literal === undefined || line.literal !== String(plain))) continue;
    const score = suffixLength(line.keys, keys);
    if (!best || score > best.score) best = { line, score };
  }
  return best?.line;
}
