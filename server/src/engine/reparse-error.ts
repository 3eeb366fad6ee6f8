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
import { Composer, CST, Parser } from 'yaml';
import type { YNode } from './model.js';
import { COMPOSE_OPTIONS, syntaxProblem, type SyntaxProblem } from './parse.js';

/**
 * The first syntax error of the block `blockText` (the block's lines, from the start of its first
 * line, the indicators before it written as spaces), at offsets in `text` (the block starts at
 * `lineStart` there); undefined when the block has no error, or when its error may not be the
 * document's (see above).
 */
export function confinedError(blockText: string, old: YNode, column: number, text: string, lineStart: number): SyntaxProblem | undefined {
  if (column === 0 || old.kind === 'scalar' || blockText.includes('\t') || !indentedAtLeast(blockText, column, old.kind === 'seq')) return undefined;
  const tokens = Array.from(new Parser().parse(blockText));
  let document: CST.Document | undefined;
  for (const token of tokens) {
    if (token.type === 'document' && !document) document = token;
    else if (token.type !== 'comment' && token.type !== 'newline' && token.type !== 'space') return undefined;
  }
  if (!document || !onlyLayout(document.start) || (document.end && !onlyLayout(document.end))) return undefined;
  const value = document.value;
  if (value?.type !== (old.kind === 'map' ? 'block-map' : 'block-seq') || value.indent !== column || value.offset !== column) return undefined;
  if (!closedAndPlain(document)) return undefined;
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

function onlyLayout(tokens: readonly CST.SourceToken[]): boolean {
  return tokens.every((token) => token.type === 'space' || token.type === 'newline' || token.type === 'comment');
}

/** No open quoted scalar or flow collection, and no anchor, alias or tag, anywhere in the document's value. */
function closedAndPlain(document: CST.Document): boolean {
  let plain = true;
  const check = (token: CST.Token | undefined): void => {
    if (!token || !plain) return;
    switch (token.type) {
      case 'alias':
      case 'anchor':
      case 'tag':
        plain = false;
        return;
      case 'double-quoted-scalar':
      case 'single-quoted-scalar':
        if (!closedQuote(token.source)) plain = false;
        return;
      case 'flow-collection':
        if (!token.end.some((t) => t.type === 'flow-map-end' || t.type === 'flow-seq-end')) plain = false;
        for (const item of token.items) checkItem(item);
        return;
      case 'block-map':
      case 'block-seq':
        for (const item of token.items) checkItem(item);
        return;
      case 'block-scalar':
        for (const t of token.props) check(t);
        return;
      default:
        return;
    }
  };
  const checkItem = (item: CST.CollectionItem): void => {
    for (const t of item.start) check(t);
    if ('key' in item && item.key) check(item.key);
    if ('sep' in item && item.sep) for (const t of item.sep) check(t);
    check(item.value);
  };
  for (const t of document.start) check(t);
  check(document.value);
  return plain;
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
