/**
 * Every regular expression of the product (server, client, and the patterns of the JSON schemas
 * they validate with) runs in time linear in its input. Each pattern is found in the source, then
 * run on long inputs built from its own characters and words (`aaaa!`, `- - - x`, `curl curl`),
 * the inputs that make a backtracking pattern take quadratic time or worse.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { ROOT } from '../support/paths.js';

interface FoundPattern {
  readonly where: string;
  readonly regex: RegExp;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (path.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** The regular expression literals, and the places that build one at run time, of the product's sources. */
function productPatterns(): { patterns: FoundPattern[]; built: string[] } {
  const patterns: FoundPattern[] = [];
  const built: string[] = [];
  for (const file of [...sourceFiles(join(ROOT, 'server', 'src')), ...sourceFiles(join(ROOT, 'client', 'src'))]) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      const where = `${relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText();
        const slash = text.lastIndexOf('/');
        patterns.push({ where, regex: new RegExp(text.slice(1, slash), text.slice(slash + 1).replace(/[gy]/g, '')) });
      } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && node.expression.getText() === 'RegExp') {
        built.push(where);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  for (const name of readdirSync(join(ROOT, 'schemas'))) {
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          if (key === 'pattern' && typeof inner === 'string') patterns.push({ where: `schemas/${name}`, regex: new RegExp(inner, 'u') });
          else collect(inner);
        }
      }
    };
    collect(JSON.parse(readFileSync(join(ROOT, 'schemas', name), 'utf8')));
  }
  return { patterns, built };
}

/** Characters and words a pattern is written with, as they would appear in an input it reads. */
function piecesOf(regex: RegExp): string[] {
  const source = regex.source.replace(/\\([sSdDwWbB])/g, (_, c: string) => ({ s: ' ', S: 'a', d: '1', D: 'x', w: 'a', W: '-', b: '', B: '' })[c] ?? '').replace(/\\(.)/g, '$1');
  const chars = [...new Set([...source].filter((c) => !'^$()[]{}*+?|'.includes(c)))].slice(0, 14);
  // Words, and runs of literal characters (`{{` of `\{\{.*?\}\}`).
  const words = [...new Set([...(source.match(/[A-Za-z]{2,}/g) ?? []), ...source.split(/[\^$()[\]*+?|.\\]/).filter((run) => run.length >= 2 && run.length <= 8)])].slice(0, 10);
  const pieces = new Set<string>([' ', 'a', '-', ':', '#', '/', '.', '1', ...chars, ...words]);
  for (const a of chars) for (const b of chars) pieces.add(a + b);
  for (const word of words) for (const c of [' ', '-', '/', ...chars.slice(0, 6)]) pieces.add(word + c);
  return [...pieces];
}

/**
 * Text that gets past the start of an anchored pattern (`# kube-aegis-disable ` for
 * `^#\s*(kube-aegis-disable)(?:\s+...`): its literals and classes up to the first bracket or
 * alternative, with `\s` read as a space.
 */
function prefixOf(regex: RegExp): string {
  if (!regex.source.startsWith('^')) return '';
  const CLASS_CHAR: Record<string, string> = { s: ' ', S: 'a', d: '1', D: 'x', w: 'a', W: '-' };
  return regex.source
    .slice(1)
    .split(/(?<!\\)\|/)[0]!
    .replace(/\[((?:\\.|[^\]])*)\]([*+?]?)/g, (_, inside: string, quantifier: string) => (quantifier === '*' || quantifier === '?' ? '' : inside.replace(/^\\/, '')[0] ?? ''))
    .replace(/\\([sSdDwW])([*+?]?)/g, (_, c: string, quantifier: string) => (quantifier === '*' || quantifier === '?' ? '' : CLASS_CHAR[c]!))
    .replace(/\\(.)[*?]/g, '')
    .replace(/\(\?[:=!]/g, '')
    .replace(/\\(.)|[()*+?{}$.]/g, (all, escaped: string | undefined) => escaped ?? '');
}

/** The inputs of about `length` characters made of `piece`, past the pattern's literal start. */
function inputsOf(piece: string, length: number, prefix: string): string[] {
  const body = piece.repeat(Math.ceil(length / piece.length));
  return [body, `${body}\u0001`, `${body}\n`, `x${body}!`, `${prefix}${body}!`, `${prefix} ${body}\u0001`];
}

function timed(regex: RegExp, input: string): number {
  const start = performance.now();
  regex.test(input);
  return performance.now() - start;
}

/**
 * Why `regex` looks super-linear, or undefined. Runs at 1,000 characters find the slowest input
 * shape; a suspect (over 0.05 ms) then runs that shape at 2,000 to 32,000 characters, stopping
 * as soon as one run is slow (a cubic pattern must not hang the test): over that range linear
 * time grows sixteen-fold, quadratic time 256-fold.
 */
function backtracks(regex: RegExp): string | undefined {
  const prefix = prefixOf(regex);
  const shapes: { ms: number; piece: string; variant: number }[] = [];
  for (const piece of piecesOf(regex)) {
    const inputs = inputsOf(piece, 1_000, prefix);
    for (let variant = 0; variant < inputs.length; variant++) shapes.push({ ms: timed(regex, inputs[variant]!), piece, variant });
    if (shapes[shapes.length - 1]!.ms > 50) break;
  }
  // The three slowest shapes: one slow run may be the machine's doing rather than the pattern's.
  for (const shape of shapes.sort((a, b) => b.ms - a.ms).slice(0, 3)) {
    if (shape.ms < 0.05) break;
    const times: number[] = [];
    for (const length of [2_000, 4_000, 8_000, 16_000, 32_000]) {
      const input = inputsOf(shape.piece, length, prefix)[shape.variant]!;
      times.push(timed(regex, input));
      const shown = `${times.map((t) => t.toFixed(1)).join(' / ')} ms on ${JSON.stringify(input.slice(0, 24))}...`;
      if (times[times.length - 1]! > 250) return shown;
      if (times.length === 5 && times[4]! > 20 && times[4]! / Math.max(times[0]!, 0.01) > 40) return shown;
    }
  }
  return undefined;
}

describe('regular expressions run in linear time', () => {
  const { patterns, built } = productPatterns();

  it('finds the patterns, and none is built at run time (each is audited here)', () => {
    assert.ok(patterns.length > 60, `${patterns.length} patterns`);
    assert.deepEqual(built, []);
  });

  it('tells a backtracking pattern from a linear one', () => {
    for (const bad of [/^[a-z0-9.-]*\/?[a-z0-9]+$/, /^-[a-z]*c[a-z]*$/, /\bcurl\b[^|;&\n]*\|\s*sh\b/, /^#\s*(kube-aegis-disable)(?:\s+([A-Za-z0-9_,\s-]*))?$/, /^( *)((?:- +)*)[^\s#].*:\s*(#.*)?$/, /\{\{.*?\}\}/, /^[ \t]*#\s*kube-aegis-disable-next-line(?:[ \t]+([A-Za-z0-9_,\s-]*?))?[ \t]*\r?$/]) {
      assert.ok(backtracks(bad), String(bad));
    }
    assert.equal(backtracks(/^[a-z0-9-]+$/), undefined);
  });

  for (const { where, regex } of patterns) {
    it(`${where} ${regex}`, () => {
      const slow = backtracks(regex);
      assert.equal(slow, undefined, `${regex} took ${slow}`);
    });
  }
});
