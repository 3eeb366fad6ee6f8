/**
 * Builds the positioned model straight from `yaml`'s concrete syntax tree (the `Parser`'s
 * tokens), without composing `yaml` Documents: tokens already carry offsets and comments, and
 * skipping the composer is what makes a scan cost less than `parseAllDocuments` itself.
 *
 * Positions and values are exactly those the composer gives (node ranges, empty-value
 * positions, core-schema scalars, merge keys); a differential test holds the two together.
 * Aliases resolve through a table of anchors and are never expanded, so alias bombs stay linear.
 *
 * The walk checks the token structure the composer would complain about. Whatever it does not
 * vouch for (a parser error token, a tab near indentation, an explicit key, directives, tags,
 * ...) sets `unsure`, and the caller then lets the composer judge the syntax of the section.
 */
import { CST, Parser } from 'yaml';
import type { AliasUse, ScalarValue, YMap, YNode, YPair, YScalar, YSeq } from './model.js';
import { plainScalarValue, taggedScalarValue } from './scalars.js';

type Token = CST.Token;
type SourceToken = CST.SourceToken;

export interface CommentLine {
  readonly start: number;
  readonly text: string;
  /** True when the comment stands alone on its line. */
  readonly ownLine: boolean;
}

export interface CstSection {
  /** One root per YAML document of the text (an empty document has an empty scalar). */
  readonly roots: readonly YNode[];
  readonly comments: readonly CommentLine[];
  /** Every alias of the text with the node it refers to (empty when there are none). */
  readonly aliases: readonly AliasUse[];
  /** Something the walk does not vouch for: the composer must judge the syntax. */
  readonly unsure: boolean;
  /** Where nesting first went deeper than `MAX_DEPTH` (the composer is not asked then: it recurses per level, to the end of the stack). */
  readonly tooDeepAt?: number;
  /** The text writes an anchor or an alias (used or not). */
  readonly usesAnchors: boolean;
}

/** Properties read from the tokens before a node (`&anchor`, `!tag`, an indicator, comments). */
interface Props {
  readonly anchor: SourceToken | undefined;
  readonly tag: SourceToken | undefined;
  readonly found: SourceToken | undefined;
  readonly comma: boolean;
  readonly hasComment: boolean;
  readonly hasNewline: boolean;
  readonly newlineAfterProp: SourceToken | undefined;
  /** Offset after the last token (or the given offset when there are none). */
  readonly end: number;
}

interface PropsOptions {
  readonly indicator: string;
  readonly next: Token | null | undefined;
  readonly offset: number;
  readonly startOnNewline: boolean;
  readonly flow: boolean;
}

interface AnchorSlot {
  node?: YNode;
}

export const MAX_DEPTH = 500;

/** `depth`: how deep the text's root sits in the document it was cut from (a block parsed again on its own). */
export function buildFromCst(text: string, depth = 0): CstSection {
  return new CstWalker(text, depth).walk();
}

class CstWalker {
  private readonly comments: CommentLine[] = [];
  private readonly aliases: AliasUse[] = [];
  private unsure = false;
  private usesAnchors = false;
  private tooDeepAt: number | undefined;
  private anchors = new Map<string, AnchorSlot>();
  /** The composer's `range[2]` of the node built last: its end including trailing comments. */
  private after = 0;
  private readonly onScalarError = () => {
    this.unsure = true;
  };

  constructor(
    private readonly text: string,
    private readonly rootDepth: number,
  ) {}

  walk(): CstSection {
    const roots: YNode[] = [];
    let inDocument = false;
    for (const token of new Parser().parse(this.text)) {
      switch (token.type) {
        case 'document':
          roots.push(this.document(token));
          inDocument = true;
          break;
        case 'doc-end':
          if (!inDocument) this.unsure = true;
          this.end(token.end);
          break;
        case 'comment':
          this.comment(token);
          break;
        case 'byte-order-mark':
        case 'space':
        case 'newline':
          break;
        default:
          this.unsure = true; // directives, errors
      }
    }
    const section = { roots: exactSize(roots), comments: this.sortedComments(), aliases: this.aliases, unsure: this.unsure, usesAnchors: this.usesAnchors };
    return this.tooDeepAt === undefined ? section : { ...section, tooDeepAt: this.tooDeepAt };
  }

  private document(token: CST.Document): YNode {
    // Anchors are per document.
    this.anchors = new Map();
    const props = this.props(token.start, { indicator: 'doc-start', next: token.value ?? token.end?.[0], offset: token.offset, startOnNewline: true, flow: false });
    if (props.found && token.value && (token.value.type === 'block-map' || token.value.type === 'block-seq') && !props.hasNewline) this.unsure = true;
    const root = token.value ? this.node(token.value, props, this.rootDepth) : this.emptyNode(props.end, token.start, props);
    this.end(token.end);
    return root;
  }

  private node(token: Token, props: Props, depth: number): YNode {
    if (depth > MAX_DEPTH) {
      this.unsure = true;
      this.tooDeepAt ??= token.offset;
      this.after = token.offset;
      return emptyScalar(0);
    }
    const { anchor, tag } = props;
    if (tag) this.unsure = true;
    switch (token.type) {
      case 'alias':
        if (anchor || tag || token.source.length < 2) this.unsure = true;
        return this.alias(token);
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'block-scalar':
        return this.register(anchor, this.scalar(token, tag));
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        if (token.type === 'block-seq' && (anchor || tag)) {
          const last = anchor && tag ? (anchor.offset > tag.offset ? anchor : tag) : (anchor ?? tag)!;
          if (!props.newlineAfterProp || props.newlineAfterProp.offset < last.offset) this.unsure = true;
        }
        // Registered before the children: an alias refers to the last anchor before it in document order.
        const slot = this.slot(anchor);
        const node = token.type === 'block-map' ? this.blockMap(token, depth) : token.type === 'block-seq' ? this.blockSeq(token, depth) : this.flowCollection(token, depth);
        if (slot) slot.node = node;
        return node;
      }
      default:
        this.unsure = true;
        return this.emptyNode(token.offset, undefined, props);
    }
  }

  private slot(anchor: SourceToken | undefined): AnchorSlot | undefined {
    if (!anchor) return undefined;
    this.usesAnchors = true;
    const name = anchor.source.substring(1);
    if (name === '') this.unsure = true;
    const slot: AnchorSlot = {};
    this.anchors.set(name, slot);
    return slot;
  }

  private register<T extends YNode>(anchor: SourceToken | undefined, node: T): T {
    const slot = this.slot(anchor);
    if (slot) slot.node = node;
    return node;
  }

  private alias(token: CST.FlowScalar): YNode {
    this.usesAnchors = true;
    const target = this.anchors.get(token.source.substring(1))?.node;
    this.after = this.end(token.end, token.offset + token.source.length);
    if (target) this.aliases.push({ target: { start: target.start, end: target.end }, at: token.offset });
    // An alias to a node still being built (a recursive alias) stays empty: nothing is expanded.
    return target ? { ...target, viaAlias: true } : emptyScalar(token.offset);
  }

  private scalar(token: CST.FlowScalar | CST.BlockScalar, tag: SourceToken | undefined): YScalar {
    let source: string;
    let end: number;
    const simple = token.type === 'block-scalar' ? undefined : simpleScalarValue(token);
    if (simple !== undefined && token.type !== 'block-scalar') {
      source = simple;
      end = token.offset + token.source.length;
      this.after = this.end(token.end, end);
    } else {
      const resolved = CST.resolveAsScalar(token, false, this.onScalarError)!;
      source = resolved.value;
      end = resolved.range[1];
      this.after = resolved.range[2];
      if (token.type === 'block-scalar') this.blockScalarHeaderComments(token);
      else this.end(token.end, end);
    }
    let value: ScalarValue;
    if (tag) value = tag.source === '!' ? source : taggedScalarValue(tag.source, source);
    else value = token.type === 'scalar' ? plainScalarValue(source) : source;
    return { kind: 'scalar', start: token.offset, end, value, empty: token.offset === end && value === null };
  }

  private blockScalarHeaderComments(token: CST.BlockScalar): void {
    for (const prop of token.props) if (prop.type === 'comment') this.comment(prop as SourceToken);
  }

  /** `composeEmptyNode`: a value that is not written, placed after the indicator and its spaces. */
  private emptyNode(offset: number, before: readonly SourceToken[] | undefined, props: Props): YScalar {
    const at = emptyScalarPosition(offset, before);
    let value: ScalarValue = null;
    if (props.tag) {
      this.unsure = true;
      value = props.tag.source === '!' ? '' : taggedScalarValue(props.tag.source, '');
    }
    const node: YScalar = { kind: 'scalar', start: at, end: at, value, empty: value === null };
    this.after = props.hasComment ? props.end : at;
    return this.register(props.anchor, node);
  }

  private blockMap(map: CST.BlockMap, depth: number): YMap {
    const own: YPair[] = [];
    const mergeSources: YNode[] = [];
    let offset = map.offset;
    let commentEnd: number | undefined;
    const last = map.items.length - 1;
    for (let i = 0; i <= last; i++) {
      const { start, key, sep, value } = map.items[i]!;
      const keyProps = this.props(start, { indicator: 'explicit-key-ind', next: key ?? sep?.[0], offset, startOnNewline: true, flow: false });
      const implicitKey = !keyProps.found;
      if (implicitKey) {
        if (key && (key.type === 'block-seq' || ('indent' in key && key.indent !== map.indent))) this.unsure = true;
        if (!keyProps.anchor && !keyProps.tag && !sep) {
          // The composer skips such an item (it holds comments), even with a key in it.
          if (key) this.unsure = true;
          commentEnd = keyProps.end;
          continue;
        }
        if (keyProps.newlineAfterProp || containsNewline(key)) this.unsure = true;
      } else {
        this.unsure = true; // explicit keys (`? key`) are rare: the composer checks them
      }
      const keyNode = key ? this.node(key, keyProps, depth + 1) : this.emptyNode(keyProps.end, start, keyProps);
      const keyAfter = this.after;
      const valueProps = this.props(sep ?? [], { indicator: 'map-value-ind', next: value, offset: keyAfter, startOnNewline: !key || key.type === 'block-scalar', flow: false });
      offset = valueProps.end;
      let valueNode: YNode | undefined;
      if (valueProps.found) {
        if (implicitKey && value?.type === 'block-map' && !valueProps.hasNewline) this.unsure = true;
        valueNode = value ? this.node(value, valueProps, depth + 1) : this.emptyNode(offset, sep, valueProps);
        offset = this.after;
      } else if (implicitKey) {
        this.unsure = true;
      }
      this.addPair(own, mergeSources, keyNode, key, valueNode, value);
    }
    if (commentEnd !== undefined && commentEnd < offset) this.unsure = true;
    this.after = commentEnd ?? offset;
    return mapNode(map.offset, offset, false, own, mergeSources);
  }

  /** Adds a pair to a map under construction, or records the sources of a merge key `<<`. */
  private addPair(own: YPair[], mergeSources: YNode[], keyNode: YNode, keyToken: Token | null | undefined, valueNode: YNode | undefined, valueToken: Token | undefined): void {
    if (keyNode.kind !== 'scalar' || keyToken?.type === 'alias') return; // complex keys are not modelled
    const isMergeKey = keyNode.value === '<<' && (keyToken?.type === 'scalar' || valueToken?.type === 'alias');
    if (isMergeKey) {
      // Loops, not spreads: a spread of a long sequence exceeds the arguments a call takes.
      if (valueNode?.kind === 'seq' && !valueNode.viaAlias) for (const item of valueNode.items) mergeSources.push(item);
      else if (valueNode) mergeSources.push(valueNode);
      return;
    }
    const value = valueNode ?? emptyScalar(keyNode.end);
    own.push({ key: keyNode, value, start: keyNode.start, end: Math.max(keyNode.end, value.end) });
  }

  private blockSeq(seq: CST.BlockSequence, depth: number): YSeq {
    const items: YNode[] = [];
    let offset = seq.offset;
    let commentEnd: number | undefined;
    for (const { start, value } of seq.items) {
      const props = this.props(start, { indicator: 'seq-item-ind', next: value, offset, startOnNewline: true, flow: false });
      if (!props.found) {
        if (props.anchor || props.tag || value) this.unsure = true;
        else {
          commentEnd = props.end;
          continue;
        }
      }
      items.push(value ? this.node(value, props, depth + 1) : this.emptyNode(props.end, start, props));
      offset = this.after;
    }
    this.after = commentEnd ?? offset;
    return { kind: 'seq', start: seq.offset, end: offset, flow: false, items: exactSize(items) };
  }

  private flowCollection(collection: CST.FlowCollection, depth: number): YMap | YSeq {
    const isMap = collection.start.source === '{';
    const pairs: YPair[] = [];
    const mergeSources: YNode[] = [];
    const items: YNode[] = [];
    let offset = collection.offset + collection.start.source.length;
    const count = collection.items.length;
    for (let i = 0; i < count; i++) {
      const { start, key, sep, value } = collection.items[i]!;
      const props = this.props(start, { indicator: 'explicit-key-ind', next: key ?? sep?.[0], offset, startOnNewline: false, flow: true });
      if (props.found) this.unsure = true;
      if (!props.found && !props.anchor && !props.tag && !sep && !value) {
        if ((i === 0 && props.comma) || i < count - 1) this.unsure = true;
        offset = props.end;
        continue;
      }
      if (i === 0 ? props.comma : !props.comma) this.unsure = true;
      if (!isMap && !sep && !props.found) {
        if (isBlock(value)) this.unsure = true;
        items.push(value ? this.node(value, props, depth + 1) : this.emptyNode(props.end, undefined, props));
        offset = this.after;
        continue;
      }
      if (isBlock(key) || isBlock(value)) this.unsure = true;
      const keyNode = key ? this.node(key, props, depth + 1) : this.emptyNode(props.end, start, props);
      const keyAfter = this.after;
      const valueProps = this.props(sep ?? [], { indicator: 'map-value-ind', next: value, offset: keyAfter, startOnNewline: false, flow: true });
      if (!valueProps.found && value) this.unsure = true;
      let valueNode: YNode | undefined;
      if (value) valueNode = this.node(value, valueProps, depth + 1);
      else if (valueProps.found) valueNode = this.emptyNode(valueProps.end, sep, valueProps);
      offset = valueNode ? this.after : valueProps.end;
      if (isMap) {
        this.addPair(pairs, mergeSources, keyNode, key, valueNode, value);
      } else {
        // A `key: value` entry of a flow sequence is a one-pair map.
        const single: YPair[] = [];
        const singleMerge: YNode[] = [];
        this.addPair(single, singleMerge, keyNode, key, valueNode, value);
        const start = key?.type === 'alias' ? key.offset : keyNode.start;
        const end = valueNode ? sourceEnd(valueNode, value) : sourceEnd(keyNode, key);
        items.push(mapNode(start, end, true, single, singleMerge));
      }
    }
    const [close, ...rest] = collection.end;
    let closeEnd = offset;
    if (close?.source === (isMap ? '}' : ']')) closeEnd = close.offset + close.source.length;
    else {
      this.unsure = true;
      if (close && close.source.length !== 1) rest.unshift(close);
    }
    this.after = rest.length > 0 ? this.end(rest, closeEnd) : closeEnd;
    if (isMap) return mapNode(collection.offset, closeEnd, true, pairs, mergeSources);
    return { kind: 'seq', start: collection.offset, end: closeEnd, flow: true, items: exactSize(items) };
  }

  /**
   * Reads the tokens before a node as the composer's `resolveProps` does, collecting comments
   * and marking anything it would report (or that this walk does not check) as unsure.
   */
  private props(tokens: readonly SourceToken[], options: PropsOptions): Props {
    let hasSpace = options.startOnNewline;
    let hasComment = false;
    let hasNewline = false;
    let requireSpace = false;
    let anchor: SourceToken | undefined;
    let tag: SourceToken | undefined;
    let found: SourceToken | undefined;
    let comma = false;
    let newlineAfterProp: SourceToken | undefined;
    for (const token of tokens) {
      if (requireSpace && token.type !== 'space' && token.type !== 'newline' && token.type !== 'comma') this.unsure = true;
      requireSpace = false;
      switch (token.type) {
        case 'space':
          // Tabs are allowed in some places and not others; the composer knows which.
          if (token.source.includes('\t')) this.unsure = true;
          hasSpace = true;
          break;
        case 'comment':
          if (!hasSpace) this.unsure = true;
          this.comment(token);
          hasComment = true;
          break;
        case 'newline':
          hasNewline = true;
          hasSpace = true;
          if (anchor || tag) newlineAfterProp = token;
          break;
        case 'anchor':
        case 'tag':
          if (token.type === 'anchor' ? anchor : tag) this.unsure = true;
          if (token.type === 'anchor') anchor = token;
          else tag = token;
          hasSpace = false;
          requireSpace = true;
          break;
        case 'comma':
          if (!options.flow || comma) this.unsure = true;
          comma = true;
          hasSpace = false;
          break;
        default:
          if (token.type === options.indicator) {
            if (anchor || tag || found) this.unsure = true;
            found = token;
          } else {
            this.unsure = true;
          }
          hasSpace = false;
      }
    }
    const next = options.next;
    if (requireSpace && next && next.type !== 'space' && next.type !== 'newline' && next.type !== 'comma' && (next.type !== 'scalar' || next.source !== '')) this.unsure = true;
    const lastToken = tokens[tokens.length - 1];
    const end = lastToken ? lastToken.offset + lastToken.source.length : options.offset;
    return { anchor, tag, found, comma, hasComment, hasNewline, newlineAfterProp, end };
  }

  /** Tokens after a node (`resolveEnd`): spaces, comments, newlines. Returns the offset past them. */
  private end(tokens: readonly SourceToken[] | undefined, offset = 0): number {
    if (!tokens) return offset;
    for (const token of tokens) {
      if (token.type === 'comment') this.comment(token);
      else if (token.type !== 'space' && token.type !== 'newline') this.unsure = true;
      offset += token.source.length;
    }
    return offset;
  }

  private comment(token: SourceToken): void {
    const text = this.text;
    let i = token.offset - 1;
    // Spaces, tabs and a byte-order mark may precede a comment that stands on its own line.
    while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9 || text.charCodeAt(i) === 0xfeff)) i--;
    const ownLine = i < 0 || text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13;
    this.comments.push({ start: token.offset, text: token.source.trimEnd(), ownLine });
  }

  private sortedComments(): CommentLine[] {
    const comments = this.comments;
    for (let i = 1; i < comments.length; i++) {
      if (comments[i]!.start < comments[i - 1]!.start) return comments.sort((a, b) => a.start - b.start);
    }
    return comments;
  }
}

/**
 * A list in an array of its own length: one filled by `push` keeps room for more (17 slots from
 * the first push), which a model kept for every document of a large file would pay for many times.
 */
function exactSize<T>(list: T[]): T[] {
  return list.length === 0 ? list : list.slice();
}

function mapNode(start: number, end: number, flow: boolean, own: YPair[], mergeSources: readonly YNode[]): YMap {
  const { pairs, merged } = withMerged(exactSize(own), mergeSources);
  return merged === undefined ? { kind: 'map', start, end, flow, pairs } : { kind: 'map', start, end, flow, pairs, merged };
}

/** Merge-key sources come first so that the map's own keys win; earlier sources win over later ones. */
function withMerged(own: YPair[], mergeSources: readonly YNode[]): { pairs: YPair[]; merged?: number } {
  if (mergeSources.length === 0) return { pairs: own };
  const merged: YPair[] = [];
  for (let i = mergeSources.length - 1; i >= 0; i--) {
    const source = mergeSources[i]!;
    if (source.kind === 'map') for (const pair of source.pairs) merged.push(pair.merged ? pair : { ...pair, merged: true });
  }
  return merged.length ? { pairs: [...merged, ...own], merged: merged.length } : { pairs: own };
}

/**
 * The text of a one-line scalar that needs no folding or escapes (most scalars in manifests),
 * read straight from its source; undefined when `resolveAsScalar` must do it.
 */
function simpleScalarValue(token: CST.FlowScalar): string | undefined {
  const source = token.source;
  if (source.includes('\n')) return undefined;
  if (token.type !== 'scalar' && source.includes('\r')) return undefined;
  switch (token.type) {
    case 'scalar': {
      const first = source.charCodeAt(0);
      // `plainValue` rejects these first characters: \t , % | > @ `
      if (first === 9 || first === 44 || first === 37 || first === 124 || first === 62 || first === 64 || first === 96) return undefined;
      return source;
    }
    case 'double-quoted-scalar':
      return source.length >= 2 && source.endsWith('"') && !source.includes('\\') ? source.slice(1, -1) : undefined;
    case 'single-quoted-scalar': {
      const inner = source.slice(1, -1);
      return source.length >= 2 && source.endsWith("'") && !inner.includes("'") ? inner : undefined;
    }
    default:
      return undefined;
  }
}

/** Where the composer ends a node: for an alias, its own `*name` (the model node has its target's spans). */
function sourceEnd(node: YNode, token: Token | null | undefined): number {
  return token?.type === 'alias' ? token.offset + token.source.length : node.end;
}

function isBlock(token: Token | null | undefined): boolean {
  return token?.type === 'block-map' || token?.type === 'block-seq';
}

/** `yaml`'s check for implicit keys: a key must sit on one line. */
function containsNewline(key: Token | null | undefined): boolean {
  if (!key) return false;
  switch (key.type) {
    case 'alias':
    case 'scalar':
    case 'double-quoted-scalar':
    case 'single-quoted-scalar':
      return key.source.includes('\n') || (key.end?.some((t) => t.type === 'newline') ?? false);
    case 'flow-collection':
      return key.items.some((item) => item.start.some((t) => t.type === 'newline') || (item.sep?.some((t) => t.type === 'newline') ?? false) || containsNewline(item.key) || containsNewline(item.value));
    default:
      return true;
  }
}

/** Where the composer places a value that is not written: after the last indicator and its spaces. */
function emptyScalarPosition(offset: number, before: readonly SourceToken[] | undefined): number {
  if (!before) return offset;
  for (let i = before.length - 1; i >= 0; --i) {
    const token = before[i]!;
    if (token.type === 'space' || token.type === 'comment' || token.type === 'newline') {
      offset -= token.source.length;
      continue;
    }
    for (let j = i + 1; before[j]?.type === 'space'; j++) offset += before[j]!.source.length;
    break;
  }
  return offset;
}

function emptyScalar(at: number): YScalar {
  return { kind: 'scalar', start: at, end: at, value: null, empty: true };
}
