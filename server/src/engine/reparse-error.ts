/**
 * A syntax error an edit made inside one block. While a key is typed (`nam`, `name`, before its
 * `:`), or a comment cuts a multi-line scalar short, the document does not parse; in a
 * 20,000-line CustomResourceDefinition, composing all of it again for each keystroke takes half
 * a second. The error is found in the edited block alone when the document's first error can
 * only be that block's first error:
 * - the text before the block is as it was, and parsed without error, so nothing before the
 *   block can be in error;
 * - the block parsed alone reads, in `yaml`'s syntax tree, as one block collection of the old
 *   one's kind at its column, holding every line up to a line less indented than the block
 *   (the caller checks that line): nothing in the block can belong to the collections around it;
 * - every line of the block is indented at least as deep as the block (none can close it early),
 *   and no line holds a tab (tabs count as indentation only in some places);
 * - every quoted scalar and flow collection in it is closed: one left open would run on past
 *   the block in the document, and be read differently there;
 * - it has no anchors, aliases or tags (an alias refers outside, a tag may need a directive).
 * Inside the block, `yaml` reads the same tokens, and its composer checks them in the same
 * order and with the same context, as in the whole document. Anything else is parsed in full.
 */
import { Composer, CST, Lexer, Parser } from 'yaml';
import type { YNode } from './model.js';
import { COMPOSE_OPTIONS, syntaxProblem, type SyntaxProblem } from './parse.js';

/**
 * The first syntax error of the block `blockText` (the block's lines, from the start of its first
 * line, the indicators before it written as spaces), at offsets in `text` (the block starts at
 * `lineStart` there); undefined when the block has no error, or when its error may not be the
 * document's (see above). `endsWithEntry`: some entries of a map rather than a whole block (the
 * line after them is a key at the same column), whose last one must then read as a key and its
 * `:`, so that the key after them starts an entry of its own.
 */
export function confinedError(blockText: string, old: YNode, column: number, text: string, lineStart: number, options: { readonly endsWithEntry?: boolean } = {}): SyntaxProblem | undefined {
  if (column === 0 || old.kind === 'scalar' || blockText.includes('\t') || !indentedAtLeast(blockText, column, old.kind === 'seq') || !closedAndPlain(blockText)) return undefined;
  const tokens = Array.from(new Parser().parse(blockText));
  let document: CST.Document | undefined;
  for (const token of tokens) {
    if (token.type === 'document' && !document) document = token;
    else if (token.type !== 'comment' && token.type !== 'newline' && token.type !== 'space') return undefined;
  }
  if (!document || !onlyLayout(document.start) || (document.end && !onlyLayout(document.end))) return undefined;
  const value = document.value;
  if (value?.type !== (old.kind === 'map' ? 'block-map' : 'block-seq') || value.indent !== column || value.offset !== column) return undefined;
  if (options.endsWithEntry && !(value.type === 'block-map' && endsWithEntry(value))) return undefined;
  const [composed, ...more] = Array.from(new Composer(COMPOSE_OPTIONS).compose(tokens));
  const first = composed?.errors[0];
  if (!first || more.length > 0) return undefined;
  return syntaxProblem({ code: first.code, message: first.message, pos: [first.pos[0] + lineStart, first.pos[1] + lineStart] }, text.length, text);
}

/**
 * Every line that holds content (not blank, not a comment) is indented `column` spaces or more;
 * for a sequence, one at `column` is an item (`- `): a sequence may sit at its key's column, and
 * a line there that is not an item belongs to the map around it.
 */
function indentedAtLeast(text: string, column: number, sequence: boolean): boolean {
  for (let line = 0; line < text.length; ) {
    let end = text.indexOf('\n', line);
    if (end < 0) end = text.length;
    let i = line;
    while (i < end && text.charCodeAt(i) === 32) i++;
    const content = i < end && text.charCodeAt(i) !== 35 /* # */ && text.charCodeAt(i) !== 13;
    if (content && i - line < column) return false;
    if (content && sequence && i - line === column && !(text.charCodeAt(i) === 45 /* - */ && (i + 1 === end || text.charCodeAt(i + 1) === 32))) return false;
    line = end + 1;
  }
  return true;
}

/** The map's last entry is a key and its `:` (the line after it cannot be read into it). */
function endsWithEntry(map: CST.BlockMap): boolean {
  const last = map.items[map.items.length - 1];
  return !!last?.key && !!last.sep?.some((token) => token.type === 'map-value-ind');
}

function onlyLayout(tokens: readonly CST.SourceToken[]): boolean {
  return tokens.every((token) => token.type === 'space' || token.type === 'newline' || token.type === 'comment');
}

/**
 * No open quoted scalar or flow collection, and no anchor, alias or tag, anywhere in the text: read
 * from `yaml`'s own tokens, where a quoted scalar, an anchor, an alias, a tag and a flow indicator
 * each start a token of their own (a `[` inside a plain scalar is part of the scalar's token).
 */
function closedAndPlain(text: string): boolean {
  let flow = 0;
  for (const token of new Lexer().lex(text)) {
    const c = token.charCodeAt(0);
    if (c === 38 /* & */ || c === 42 /* * */ || c === 33 /* ! */) return false;
    if ((c === 34 /* " */ || c === 39) /* ' */ && !closedQuote(token)) return false;
    if (token.length === 1 && (c === 91 /* [ */ || c === 123)) /* { */ flow++;
    else if (token.length === 1 && (c === 93 /* ] */ || c === 125) /* } */ && --flow < 0) return false;
  }
  return flow === 0;
}

/** Whether a quoted scalar's source ends with its closing quote (escapes followed as `yaml` reads them). */
function closedQuote(source: string): boolean {
  const quote = source[0];
  for (let i = 1; i < source.length; i++) {
    const c = source[i];
    if (quote === '"' && c === '\\') i++;
    else if (c === quote) {
      if (quote === "'" && source[i + 1] === "'") i++;
      else return i === source.length - 1;
    }
  }
  return false;
}
