/**
 * Command-line flags in a container's `command`/`args` lists (or in a shell script there), with
 * the source range of each flag's name and value, so findings point at one flag and fixes edit
 * only that part of the scalar. Flags are `--name=value`, `--name value` (two items) or a bare boolean `--name`.
 * Names are normalised the way Kubernetes binaries read them: `--client_ca_file` is
 * `--client-ca-file`.
 */
import { yamlScalar, type EditKit, type Fix, type TextEdit } from '../../engine/edits.js';
import { isScalar, type Span, type YScalar, type YSeq } from '../../engine/model.js';
import type { ScriptWord } from './shell-script.js';

export interface Flag {
  /** Normalised name without the leading dashes: `client-ca-file`. */
  readonly name: string;
  /** The name as written, without the leading dashes: `client_ca_file`. */
  readonly written: string;
  /** The value; undefined for a bare `--name`. */
  readonly value?: string;
  readonly seq: YSeq;
  /** Index in `seq` of the item that holds the name. */
  readonly index: number;
  /** True when the value is the next item (`--name value`). */
  readonly separateValue: boolean;
  /** `--name` in the source (the whole item when the scalar's text cannot be mapped character by character). */
  readonly nameSpan: Span;
  /** The value text in the source, when it can be mapped. */
  readonly valueSpan?: Span;
  /** The flag for findings: `--name=value` within its item, or the name item of `--name value`. */
  readonly span: Span;
  /**
   * True for a word of a shell script (`sh -c "prog --name=value"`; `seq` and `index` are then
   * the script's item). Such a flag is read, never edited: a fix would have to rewrite the script.
   */
  readonly inScript?: boolean;
}

/**
 * Where a scalar's value starts in the source, when the source spells the value character by
 * character (plain, or quoted without escapes); undefined otherwise.
 */
export function contentStart(text: string, scalar: YScalar): number | undefined {
  if (typeof scalar.value !== 'string') return undefined;
  const source = text.slice(scalar.start, scalar.end);
  if (source === scalar.value) return scalar.start;
  const quote = source[0];
  if ((quote === '"' || quote === "'") && source.endsWith(quote) && source.slice(1, -1) === scalar.value) return scalar.start + 1;
  return undefined;
}

/**
 * The flags among `seq`'s items. `takesValue(name)` says whether a flag reads the next item as
 * its value when written without `=` (boolean flags do not).
 */
export function parseFlags(text: string, seq: YSeq, takesValue: (name: string) => boolean): Flag[] {
  const flags: Flag[] = [];
  for (let index = 0; index < seq.items.length; index++) {
    const item = seq.items[index]!;
    if (!isScalar(item) || typeof item.value !== 'string' || !/^--[^-=\s]/.test(item.value)) continue;
    const raw = item.value;
    const base = contentStart(text, item);
    const equals = raw.indexOf('=');
    const written = raw.slice(2, equals < 0 ? raw.length : equals);
    const name = written.replace(/_/g, '-');
    const nameSpan = base === undefined ? item : { start: base, end: base + 2 + written.length };
    if (equals >= 0) {
      const valueSpan = base === undefined ? undefined : { start: base + equals + 1, end: base + raw.length };
      flags.push({ name, written, value: raw.slice(equals + 1), seq, index, separateValue: false, nameSpan, ...(valueSpan ? { valueSpan } : {}), span: base === undefined ? item : { start: base, end: base + raw.length } });
      continue;
    }
    const next = seq.items[index + 1];
    if (takesValue(name) && isScalar(next) && next.value !== null && !String(next.value).startsWith('-')) {
      const value = String(next.value);
      const valueBase = contentStart(text, next);
      const valueSpan = valueBase === undefined ? next : { start: valueBase, end: valueBase + value.length };
      flags.push({ name, written, value, seq, index, separateValue: true, nameSpan, valueSpan, span: nameSpan });
      index++;
      continue;
    }
    flags.push({ name, written, seq, index, separateValue: false, nameSpan, span: nameSpan });
  }
  return flags;
}

/**
 * The flags among the arguments a shell script gives a program (see `commandArguments`); `seq`
 * and `index` locate the script's item, which spans stand in for words not found in the source.
 */
export function scriptFlags(words: readonly ScriptWord[], seq: YSeq, index: number, takesValue: (name: string) => boolean): Flag[] {
  const item = seq.items[index]!;
  const flags: Flag[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!/^--[^-=\s]/.test(word.text)) continue;
    const equals = word.text.indexOf('=');
    const written = word.text.slice(2, equals < 0 ? word.text.length : equals);
    const name = written.replace(/_/g, '-');
    const base = word.span?.start;
    const nameSpan = base === undefined ? item : { start: base, end: base + 2 + written.length };
    const common = { name, written, seq, index, nameSpan, inScript: true } as const;
    if (equals >= 0) {
      const { value, offset } = unquoted(word.text.slice(equals + 1));
      const valueStart = base === undefined ? undefined : base + equals + 1 + offset;
      flags.push({ ...common, value, separateValue: false, ...(valueStart === undefined ? {} : { valueSpan: { start: valueStart, end: valueStart + value.length } }), span: word.span ?? item });
      continue;
    }
    const next = words[i + 1];
    if (takesValue(name) && next && !next.text.startsWith('-')) {
      const { value, offset } = unquoted(next.text);
      flags.push({ ...common, value, separateValue: true, ...(next.span ? { valueSpan: { start: next.span.start + offset, end: next.span.start + offset + value.length } } : {}), span: nameSpan });
      i++;
      continue;
    }
    flags.push({ ...common, separateValue: false, span: nameSpan });
  }
  return flags;
}

/** A shell word without the quotes around it (`"Node,RBAC"`), and where its text starts in the word. */
function unquoted(word: string): { value: string; offset: number } {
  return /^(["']).*\1$/s.test(word) && word.length >= 2 ? { value: word.slice(1, -1), offset: 1 } : { value: word, offset: 0 };
}

/** The last occurrence of a flag (the one the binary uses), by normalised name. */
export function lastFlag(flags: readonly Flag[], name: string): Flag | undefined {
  for (let i = flags.length - 1; i >= 0; i--) if (flags[i]!.name === name) return flags[i];
  return undefined;
}

/** `--name=value` with the name as the binary documents it. */
export function flagText(name: string, value?: string): string {
  return value === undefined ? `--${name}` : `--${name}=${value}`;
}

/** Characters that would end or change a scalar of this style if written into it. */
function fitsInPlace(text: string, flag: Flag, value: string): boolean {
  const item = flag.seq.items[flag.separateValue ? flag.index + 1 : flag.index]!;
  const quote = text[item.start];
  if (quote === '"') return !/["\\]/.test(value);
  if (quote === "'") return !value.includes("'");
  if (/^\s|\s$|: | #|^$/.test(value)) return false;
  return !(flag.seq.flow && /[,[\]{}]/.test(value));
}

/** A fix list with one fix, or none when there is nothing to edit (a list reached through an alias). */
export function flagFix(title: string, edits: readonly TextEdit[], safe: boolean): Fix[] {
  return edits.length ? [{ title, edits, safe }] : [];
}

/**
 * Edits that make `flag` read `--name=value`, touching only the value where the source allows.
 * None for a list reached through a YAML alias: editing it would change every user of the anchor.
 */
export function setFlagValue(edits: EditKit, flag: Flag, value: string): TextEdit[] {
  if (flag.seq.viaAlias || flag.inScript) return [];
  const fits = fitsInPlace(edits.text, flag, value);
  if (flag.separateValue) {
    // The value is a whole item: written plain, it must still read back as a string.
    const valueItem = flag.seq.items[flag.index + 1]!;
    const quoted = flag.valueSpan !== undefined && flag.valueSpan.start > valueItem.start;
    const inPlace = flag.valueSpan && flag.valueSpan !== valueItem && fits && (quoted || yamlScalar(value) === value);
    return [inPlace ? edits.replace(flag.valueSpan!, value) : edits.replace(valueItem, yamlScalar(value))];
  }
  const item = flag.seq.items[flag.index]!;
  if (flag.value !== undefined && flag.valueSpan && fits) return [edits.replace(flag.valueSpan, value)];
  if (flag.value === undefined && flag.nameSpan !== item && fits) return [{ start: flag.nameSpan.end, end: flag.nameSpan.end, text: `=${value}` }];
  return [edits.replace(item, yamlScalar(flagText(flag.written, value)))];
}

/** Edits that rename a flag to `name`, keeping its value and how it is written. */
export function renameFlag(edits: EditKit, flag: Flag, name: string): TextEdit[] {
  if (flag.seq.viaAlias || flag.inScript) return [];
  const item = flag.seq.items[flag.index] as YScalar;
  if (flag.nameSpan !== item) return [edits.replace(flag.nameSpan, `--${name}`)];
  const raw = String(item.value);
  return [edits.replace(item, yamlScalar(`--${name}${raw.slice(2 + flag.written.length)}`))];
}

/** Edits that remove a flag: its item, and its value item when the value is separate. */
export function removeFlag(edits: EditKit, flag: Flag): TextEdit[] {
  const { seq, index } = flag;
  if (seq.viaAlias || flag.inScript) return [];
  const count = flag.separateValue ? 2 : 1;
  if (!seq.flow) {
    const out: TextEdit[] = [];
    for (let i = index; i < index + count; i++) out.push(...edits.removeItem(seq, i));
    return out;
  }
  const after = seq.items[index + count];
  if (after) return [{ start: seq.items[index]!.start, end: after.start, text: '' }];
  const before = seq.items[index - 1];
  if (before) return [{ start: before.end, end: seq.items[index + count - 1]!.end, text: '' }];
  return [edits.replace(seq, '[]')];
}
