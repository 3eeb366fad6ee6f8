/**
 * Containers that start their program through a shell (`command: [/bin/sh, -c, "exec prog --flag ..."]`,
 * or `command: [sh, -c]` with the script in `args`): the script's words, each with its range
 * in the source where it can be found there, so findings point into the script.
 */
import { isScalar, type Span, type YScalar, type YSeq } from '../../engine/model.js';

export interface ScriptWord {
  readonly text: string;
  /** Where the word is in the source; undefined when the scalar's escapes hide it. */
  readonly span?: Span;
}

export interface ShellScript {
  /** The list and index of the item holding the script. */
  readonly seq: YSeq;
  readonly index: number;
  readonly item: YScalar;
  readonly words: readonly ScriptWord[];
}

const SHELL = /^(?:\/(?:usr\/)?bin\/)?(?:ba|da|a|z|k)?sh$/;
/** `-c`, alone or among other single-letter options (`-ec`, `-xc`). Not `/^-[a-z]*c[a-z]*$/`: its two stars backtrack quadratically on a long word. */
const isCommandOption = (word: string) => /^-[a-z]+$/.test(word) && word.includes('c');

/** The script a container's `command` (and `args`) hand to a shell with `-c`, if any (`text`: the source). */
export function shellScriptOf(text: string, command: YSeq | undefined, args: YSeq | undefined): ShellScript | undefined {
  const items = [command, args].flatMap((seq) => (seq ? seq.items.map((item, index) => ({ seq, index, item })) : []));
  const shell = items[0];
  if (!shell || !isScalar(shell.item) || typeof shell.item.value !== 'string' || !SHELL.test(shell.item.value)) return undefined;
  for (let i = 1; i + 1 < items.length; i++) {
    const option = items[i]!.item;
    if (!isScalar(option) || typeof option.value !== 'string' || !option.value.startsWith('-')) return undefined;
    if (!isCommandOption(option.value)) continue;
    const { seq, index, item } = items[i + 1]!;
    if (!isScalar(item) || typeof item.value !== 'string') return undefined;
    return { seq, index, item, words: scriptWords(item.value, text.slice(item.start, item.end), item.start) };
  }
  return undefined;
}

/** Words of a script that may go unfound in its source before the rest are left unplaced. */
const MAX_MISSES = 64;

/**
 * The words of `script` (its value) split at blanks, a backslash before a line break counting
 * as a blank, located in `source` (the scalar's text in the file, starting at `base`). A word
 * has no line break, so it is written as is in every scalar style unless an escape or a quote
 * doubling changes it; words are searched in order, so a repeated word finds its own place.
 * A word not found leaves the search where it was, so after `MAX_MISSES` of them the rest go
 * unplaced: searching the rest of a long script for each word would take quadratic time.
 */
export function scriptWords(script: string, source: string, base: number): ScriptWord[] {
  const words: ScriptWord[] = [];
  let cursor = 0;
  let misses = 0;
  for (const match of script.replace(/\\\r?\n/g, ' ').matchAll(/\S+/g)) {
    const at = misses < MAX_MISSES ? source.indexOf(match[0], cursor) : -1;
    if (at < 0) {
      misses++;
      words.push({ text: match[0] });
      continue;
    }
    words.push({ text: match[0], span: { start: base + at, end: base + at + match[0].length } });
    cursor = at + match[0].length;
  }
  return words;
}

/** Shell control operators: the command ends at them. */
const END_OF_COMMAND = /^(?:;|&&|\|\||\||&)$/;
/** A redirection (`>log`, `2>&1`, `1>>/var/log/x.log`, `<in`): not an argument. */
const REDIRECTION = /^\d*(?:>>?|<|>&|<&)/;

/**
 * The arguments of the first command in `words` whose program matches `program` (`exec` and
 * redirections skipped), up to the end of that command; undefined when no command runs it.
 */
export function commandArguments(words: readonly ScriptWord[], program: RegExp): ScriptWord[] | undefined {
  const start = words.findIndex((word) => program.test(word.text));
  if (start < 0) return undefined;
  const out: ScriptWord[] = [];
  for (let i = start + 1; i < words.length; i++) {
    const word = words[i]!;
    if (END_OF_COMMAND.test(word.text)) break;
    if (REDIRECTION.test(word.text)) {
      // `> file` names its target in the next word; `> file;` ends the command there.
      const target = /^\d*(?:>>?|<)$/.test(word.text) ? words[++i]?.text : word.text;
      if (target?.endsWith(';')) break;
      continue;
    }
    // `--flag=value;` ends the command too.
    if (word.text.endsWith(';')) {
      const text = word.text.slice(0, -1);
      if (text) out.push({ text, ...(word.span ? { span: { start: word.span.start, end: word.span.end - 1 } } : {}) });
      break;
    }
    out.push(word);
  }
  return out;
}
