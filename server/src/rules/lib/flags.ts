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
  /**
   * The leading dashes when they are not `--`: a typographic dash pasted from a word processor
   * (`—authorization-mode`, `–token-auth-file`). The binary takes such a word for a positional
   * argument; the rules read it as the flag it was meant to be.
   */
  readonly dashes?: string;
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
  const words = seq.items.map((item, index): FlagWord => ({
    text: isScalar(item) && item.value !== null ? String(item.value) : undefined,
    canName: isScalar(item) && typeof item.value === 'string',
    base: isScalar(item) ? contentStart(text, item) : undefined,
    whole: item,
    seq,
    index,
  }));
  return readFlags(words, takesValue, false);
}

/**
 * The flags among the arguments a shell script gives a program (see `commandArguments`); `seq`
 * and `index` locate the script's item, which spans stand in for words not found in the source.
 * Values lose the shell quotes around them.
 */
export function scriptFlags(words: readonly ScriptWord[], seq: YSeq, index: number, takesValue: (name: string) => boolean): Flag[] {
  const whole = seq.items[index]!;
  return readFlags(
    words.map((word) => ({ text: word.text, canName: true, base: word.span?.start, whole, seq, index })),
    takesValue,
    true,
  );
}

/** A list item or a script word, as a flag or a flag's value. */
interface FlagWord {
  /** Its text; undefined for an item that is not a scalar, or is null. */
  readonly text: string | undefined;
  /** Whether it may name a flag (for a list item: a string). */
  readonly canName: boolean;
  /** Where `text` starts in the source, when the source spells it character by character. */
  readonly base: number | undefined;
  /** What a range falls back to when `base` is unknown: the item (or the script's item). */
  readonly whole: Span;
  /** Where the flag it names is: its item (or the script's item). */
  readonly seq: YSeq;
  readonly index: number;
}

function readFlags(words: readonly FlagWord[], takesValue: (name: string) => boolean, inScript: boolean): Flag[] {
  const valueOf = (text: string) => (inScript ? unquoted(text) : { value: text, offset: 0 });
  const flags: Flag[] = [];
  for (let i = 0; i < words.length; i++) {
    const { text: raw, canName, base, whole, seq, index } = words[i]!;
    if (!canName || raw === undefined) continue;
    const dashes = leadingDashes(raw);
    if (dashes === undefined) continue;
    const equals = raw.indexOf('=');
    const written = raw.slice(dashes.length, equals < 0 ? raw.length : equals);
    const name = written.replace(/_/g, '-');
    const nameSpan = base === undefined ? whole : { start: base, end: base + dashes.length + written.length };
    const common = { name, written, seq, index, nameSpan, ...(dashes !== '--' ? { dashes } : {}), ...(inScript ? { inScript } : {}) };
    if (equals >= 0) {
      const { value, offset } = valueOf(raw.slice(equals + 1));
      const valueStart = base === undefined ? undefined : base + equals + 1 + offset;
      const valueSpan = valueStart === undefined ? undefined : { start: valueStart, end: valueStart + value.length };
      flags.push({ ...common, value, separateValue: false, ...(valueSpan ? { valueSpan } : {}), span: base === undefined ? whole : { start: base, end: base + raw.length } });
      continue;
    }
    const next = words[i + 1];
    if (takesValue(name) && next?.text !== undefined && !next.text.startsWith('-')) {
      const { value, offset } = valueOf(next.text);
      const valueSpan = next.base === undefined ? next.whole : { start: next.base + offset, end: next.base + offset + value.length };
      flags.push({ ...common, value, separateValue: true, valueSpan, span: nameSpan });
      i++;
      continue;
    }
    flags.push({ ...common, separateValue: false, span: nameSpan });
  }
  return flags;
}

/** En dash, em dash, minus sign and the other dashes a word processor puts in place of `-` or `--`. */
const TYPOGRAPHIC_DASHES = '\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D';

/**
 * The dashes that start a flag: `--`, or a run of one or two dashes of which at least one is
 * typographic (`—name`, `–name`, `-–name`); undefined for a word that is no flag (`-v`, `---`, `value`).
 */
function leadingDashes(raw: string): string | undefined {
  let end = 0;
  while (end < raw.length && end < 3 && (raw[end] === '-' || TYPOGRAPHIC_DASHES.includes(raw[end]!))) end++;
  const dashes = raw.slice(0, end);
  const next = raw[end];
  if (next === undefined || next === '=' || next === '-' || TYPOGRAPHIC_DASHES.includes(next) || /\s/.test(next)) return undefined;
  if (dashes === '--') return dashes;
  const typographic = [...dashes].some((c) => c !== '-');
  return typographic && dashes.length <= 2 ? dashes : undefined;
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
  return [edits.replace(item, yamlScalar(`--${name}${raw.slice((flag.dashes ?? '--').length + flag.written.length)}`))];
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
