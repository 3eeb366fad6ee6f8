/**
 * What a round of fix-all checks in the text it produced: that it still parses, has no new
 * duplicate key, keeps every comment that stands on its own line (one at the end of an entry's
 * line goes when a fix removes that entry), and stays JSON where it was JSON. The counts of the text
 * before the round are the baseline, so a file that already had a problem can still be fixed
 * elsewhere.
 */
import { parseAllDocuments } from 'yaml';
import { buildFromCst } from './cst-model.js';
import { isJsonText } from './edits.js';
import { COMPOSE_OPTIONS, splitSections } from './parse.js';
import { t } from '../l10n/t.js';

/** The problems of one text that fixes must not add to. */
export interface TextState {
  /** Syntax errors by `yaml` error code (duplicate keys apart). */
  readonly errors: ReadonlyMap<string, number>;
  /** The keys written twice in one mapping, as `yaml` reports them. */
  readonly duplicates: readonly string[];
  /** The texts of the comments that stand on their own line, sorted. */
  readonly comments: readonly string[];
  readonly json: boolean;
}

const CHECK_OPTIONS = { ...COMPOSE_OPTIONS, uniqueKeys: true } as const;

/**
 * The state of a text, section by section (`---` documents), each section's state kept in `cache`
 * by its text: a round changes few sections, and only those are parsed again.
 */
export function textState(text: string, cache = new Map<string, TextState>()): TextState {
  const errors = new Map<string, number>();
  const duplicates: string[] = [];
  const comments: string[] = [];
  for (const section of splitSections(text)) {
    let state = cache.get(section.text);
    if (!state) {
      state = sectionState(section.text);
      cache.set(section.text, state);
    }
    for (const [code, count] of state.errors) errors.set(code, (errors.get(code) ?? 0) + count);
    duplicates.push(...state.duplicates);
    comments.push(...state.comments);
  }
  return { errors, duplicates, comments: comments.sort(), json: isJsonText(text) };
}

function sectionState(text: string): TextState {
  const errors = new Map<string, number>();
  const duplicates: string[] = [];
  let documents: ReturnType<typeof parseAllDocuments> | undefined;
  try {
    documents = parseAllDocuments(text, CHECK_OPTIONS);
  } catch {
    errors.set('PARSER_FAILURE', 1);
  }
  for (const document of Array.isArray(documents) ? documents : []) {
    for (const error of document.errors) {
      if (error.code === 'DUPLICATE_KEY') duplicates.push(keyAt(text, error.pos[0]));
      else errors.set(error.code, (errors.get(error.code) ?? 0) + 1);
    }
  }
  let comments: string[];
  try {
    comments = buildFromCst(text).comments.filter((comment) => comment.ownLine).map((comment) => comment.text).sort();
  } catch {
    comments = [];
  }
  return { errors, duplicates, comments, json: false };
}

/** What `after` broke that `before` did not have, in words; undefined when nothing. */
export function damage(before: TextState, after: TextState): string | undefined {
  for (const [code, count] of after.errors) {
    if (count > (before.errors.get(code) ?? 0)) return t('it would make the YAML invalid ({0})', code);
  }
  const duplicate = added(before.duplicates, after.duplicates)[0];
  if (duplicate !== undefined) return t('it would write the key {0} twice in one mapping', duplicate);
  const lost = added(after.comments, before.comments)[0];
  if (lost !== undefined) return t('it would delete the comment "{0}"', lost);
  if (before.json && !after.json) return t('it would turn a JSON file into something that is not JSON');
  return undefined;
}

/** The items of `after` (a multiset) not matched by one of `before`. */
function added(before: readonly string[], after: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const item of before) left.set(item, (left.get(item) ?? 0) + 1);
  const out: string[] = [];
  for (const item of after) {
    const count = left.get(item) ?? 0;
    if (count > 0) left.set(item, count - 1);
    else out.push(item);
  }
  return out;
}

/** The key written at `offset` (where `yaml` points a duplicate key). */
function keyAt(text: string, offset: number): string {
  const match = /^(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^:\n,{}[\]]*)/.exec(text.slice(offset, offset + 200));
  const key = match?.[0].trim() ?? '';
  return key.startsWith('"') || key.startsWith("'") ? key : `"${key}"`;
}
