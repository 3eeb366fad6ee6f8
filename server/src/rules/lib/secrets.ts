/**
 * Credentials in text: private keys, cloud and service tokens, passwords in URLs, and
 * password-like keys of embedded configuration files given a literal value. Every rule that reads
 * values (environment variables, ConfigMap data) asks here. Everything is found by scanning
 * (indexOf and character classes), never by a pattern that could backtrack: the texts are whole
 * configuration files.
 */
import { LineIndex } from '../../engine/lines.js';
import { ownCopy } from '../../engine/parse.js';
import { t } from '../../l10n/t.js';
import { LineChunkScans } from './line-chunks.js';

export type SecretKind =
  | 'private-key'
  | 'gcp-service-account-key'
  | 'aws-access-key'
  | 'google-api-key'
  | 'github-token'
  | 'gitlab-token'
  | 'slack-token'
  | 'stripe-key'
  | 'jwt'
  | 'bearer-token'
  | 'url-password'
  | 'keyed-password';

/** What a person reads for each kind, to put in a sentence: "a private key (PEM)", "an AWS access key"… */
export function describeSecret(kind: SecretKind): string {
  switch (kind) {
    case 'private-key': return t('a private key (PEM)');
    case 'gcp-service-account-key': return t('a GCP service account key');
    case 'aws-access-key': return t('an AWS access key');
    case 'google-api-key': return t('a Google API key');
    case 'github-token': return t('a GitHub token');
    case 'gitlab-token': return t('a GitLab token');
    case 'slack-token': return t('a Slack token');
    case 'stripe-key': return t('a Stripe secret key');
    case 'jwt': return t('a JSON Web Token');
    case 'bearer-token': return t('a bearer token');
    case 'url-password': return t('a URL with a password');
    case 'keyed-password': return t('a literal password');
  }
}

export interface SecretMatch {
  readonly kind: SecretKind;
  /** Offsets of the credential in the scanned text. */
  readonly start: number;
  readonly end: number;
  /** True when the text's own form proves a credential (a key, a token); false for a password-like name with a literal value. */
  readonly certain: boolean;
  /** For a password-like key: the key that holds it. */
  readonly key?: string;
}

const isUpperOrDigit = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
const isAlphanumeric = (c: number): boolean => isUpperOrDigit(c) || (c >= 97 && c <= 122);
/** Characters of base64url, as in JWTs and many API tokens. */
const isTokenChar = (c: number): boolean => isAlphanumeric(c) || c === 45 || c === 95;

const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/** Index after the run of characters from `from` that satisfy `test`. */
function runEnd(text: string, from: number, test: (c: number) => boolean): number {
  let i = from;
  while (i < text.length && test(text.charCodeAt(i))) i++;
  return i;
}

/** True when the character before `at` cannot continue a token (so `at` starts a word). */
function startsWord(text: string, at: number): boolean {
  return at === 0 || !isTokenChar(text.charCodeAt(at - 1));
}

/**
 * Whether the line holding an offset is a comment (`#`, `//`, `;`, `!` before it): documentation
 * shows the form of a credential (`https://user:password@host`, `-----BEGIN RSA PRIVATE KEY-----`)
 * without holding one. Line starts are found once, so that many matches on a line cost no more
 * than one.
 */
class CommentLines {
  /** Built on the first question: most texts hold nothing that asks. */
  private lines: LineIndex | undefined;
  private readonly known = new Map<number, boolean>();

  constructor(private readonly text: string) {}

  holds(at: number): boolean {
    this.lines ??= new LineIndex(this.text);
    const start = this.lines.lineStart(this.lines.position(at).line);
    let comment = this.known.get(start);
    if (comment === undefined) {
      let i = start;
      while (i < this.text.length && (this.text[i] === ' ' || this.text[i] === '\t')) i++;
      const c = this.text[i];
      comment = c === '#' || c === ';' || c === '!' || (c === '/' && this.text[i + 1] === '/');
      this.known.set(start, comment);
    }
    return comment;
  }
}

/**
 * Each `-----BEGIN ... PRIVATE KEY-----` block (RSA, EC, DSA, OpenSSH, PKCS#8, encrypted) that
 * has its END line. A BEGIN line alone inside a text is a description of the format; a text that
 * opens with it is a value set to a key (cut short, or with its lines elsewhere).
 */
function privateKeys(text: string, comments: CommentLines, out: SecretMatch[]): void {
  // Where the END line of each label was last found (-1: nowhere after the search's start), so
  // that many BEGIN lines without an END do not each search the rest of the text.
  const ends = new Map<string, number>();
  for (let at = text.indexOf('-----BEGIN '); at !== -1; at = text.indexOf('-----BEGIN ', at + 11)) {
    const close = text.indexOf('-----', at + 11);
    if (close === -1 || close - at > 60) continue;
    const label = text.slice(at + 11, close);
    if (!label.endsWith('PRIVATE KEY') || comments.holds(at)) continue;
    let endMarker = ends.get(label);
    if (endMarker === undefined || (endMarker !== -1 && endMarker < close)) {
      endMarker = text.indexOf(`-----END ${label}-----`, close);
      ends.set(label, endMarker);
    }
    // The body between the lines holds the key: at least a line of base64.
    if (endMarker !== -1 && endMarker - close >= 20) out.push({ kind: 'private-key', start: at, end: endMarker + label.length + 14, certain: true });
    else if (at === runEnd(text, 0, isBlank)) out.push({ kind: 'private-key', start: at, end: close + 5, certain: true });
  }
}

interface TokenShape {
  readonly prefix: string;
  readonly kind: SecretKind;
  /** Characters after the prefix, at least. */
  readonly min: number;
  readonly body: (c: number) => boolean;
  /** Characters after the prefix, at most, for credentials of a fixed length. */
  readonly max?: number;
}

/**
 * Prefixes that their issuers put in front of credentials so that scanners can find them. The
 * documentation's own examples (`AKIAIOSFODNN7EXAMPLE`) are left out inside a text, where they
 * are quoted as examples; a text that is nothing but one is a value set to it.
 */
const TOKEN_SHAPES: readonly TokenShape[] = [
  // AWS access key ids: AKIA (long-term) or ASIA (temporary), then exactly 16 capitals or digits.
  { prefix: 'AKIA', kind: 'aws-access-key', min: 16, max: 16, body: isUpperOrDigit },
  { prefix: 'ASIA', kind: 'aws-access-key', min: 16, max: 16, body: isUpperOrDigit },
  { prefix: 'AIza', kind: 'google-api-key', min: 35, max: 35, body: isTokenChar },
  { prefix: 'ghp_', kind: 'github-token', min: 36, body: isAlphanumeric },
  { prefix: 'gho_', kind: 'github-token', min: 36, body: isAlphanumeric },
  { prefix: 'ghu_', kind: 'github-token', min: 36, body: isAlphanumeric },
  { prefix: 'ghs_', kind: 'github-token', min: 36, body: isAlphanumeric },
  { prefix: 'ghr_', kind: 'github-token', min: 36, body: isAlphanumeric },
  { prefix: 'github_pat_', kind: 'github-token', min: 60, body: isTokenChar },
  { prefix: 'glpat-', kind: 'gitlab-token', min: 20, body: isTokenChar },
  { prefix: 'xoxb-', kind: 'slack-token', min: 20, body: isTokenChar },
  { prefix: 'xoxp-', kind: 'slack-token', min: 20, body: isTokenChar },
  { prefix: 'xoxa-', kind: 'slack-token', min: 20, body: isTokenChar },
  { prefix: 'sk_live_', kind: 'stripe-key', min: 20, body: isAlphanumeric },
  { prefix: 'rk_live_', kind: 'stripe-key', min: 20, body: isAlphanumeric },
];

/** `trimmed`: the whole value trimmed, when `text` is all of it (undefined for a chunk of a text of many lines, which no token is alone). */
function prefixedTokens(text: string, trimmed: string | undefined, out: SecretMatch[]): void {
  for (const shape of TOKEN_SHAPES) {
    for (let at = text.indexOf(shape.prefix); at !== -1; at = text.indexOf(shape.prefix, at + 1)) {
      if (!startsWord(text, at)) continue;
      const end = runEnd(text, at + shape.prefix.length, shape.body);
      const length = end - at - shape.prefix.length;
      const whole = length >= shape.min && length <= (shape.max ?? length) && !(end < text.length && isTokenChar(text.charCodeAt(end)));
      const example = text.slice(at, end).includes('EXAMPLE') && trimmed !== text.slice(at, end);
      if (whole && !example) out.push({ kind: shape.kind, start: at, end, certain: true });
      // A prefix inside this run is not at a word's start: go on after it.
      at = Math.max(at, end - 1);
    }
  }
}

/** `eyJ...` `.` `eyJ...` `.` signature: a JSON Web Token (its header and claims are base64url JSON). */
function jsonWebTokens(text: string, out: SecretMatch[]): void {
  for (let at = text.indexOf('eyJ'); at !== -1; at = text.indexOf('eyJ', at + 3)) {
    if (!startsWord(text, at)) continue;
    const header = runEnd(text, at, isTokenChar);
    if (header - at < 10 || text.charCodeAt(header) !== 46 || !text.startsWith('eyJ', header + 1)) continue;
    const claims = runEnd(text, header + 1, isTokenChar);
    if (claims - header < 10 || text.charCodeAt(claims) !== 46) continue;
    const signature = runEnd(text, claims + 1, isTokenChar);
    if (signature - claims < 10) continue;
    out.push({ kind: 'jwt', start: at, end: signature, certain: true });
    at = signature;
  }
}

/** Characters of a bearer token: base64url, base64 (`+/=`) and the `.~` that some issuers add. */
const isBearerChar = (c: number): boolean => isTokenChar(c) || c === 46 || c === 43 || c === 47 || c === 61 || c === 126;

/**
 * `Bearer <token>` (any case: header values are read case-insensitively) written out, as in a
 * header of a proxy or client configuration; not `Bearer $(TOKEN)`.
 */
function bearerTokens(text: string, comments: CommentLines, out: SecretMatch[]): void {
  // `earer ` is found, then its `b` checked, so that the offsets are those of `text` itself.
  for (let at = text.indexOf('earer ', 1); at !== -1; at = text.indexOf('earer ', at + 6)) {
    const b = text.charCodeAt(at - 1);
    if ((b !== 66 && b !== 98) || !startsWord(text, at - 1) || comments.holds(at)) continue;
    const from = runEnd(text, at + 6, (c) => c === 32 || c === 9);
    const end = runEnd(text, from, isBearerChar);
    if (end - from < 20) continue;
    out.push({ kind: 'bearer-token', start: from, end, certain: true });
  }
}

/**
 * The `"private_key"` of a GCP service account key file (JSON whose `"type"` is
 * `"service_account"`), from its name to the end of its string value.
 */
function serviceAccountKeys(text: string, comments: CommentLines, out: SecretMatch[]): void {
  const at = text.indexOf('"private_key"');
  if (at === -1 || !text.includes('"service_account"') || comments.holds(at)) return;
  let end = at + 13;
  const colon = runEnd(text, end, isBlank);
  if (text[colon] === ':') {
    const open = runEnd(text, colon + 1, isBlank);
    if (text[open] === '"') {
      // The closing quote is the first one not escaped by a backslash.
      let i = open + 1;
      while (i < text.length && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      end = Math.min(i + 1, text.length);
    }
  }
  out.push({ kind: 'gcp-service-account-key', start: at, end, certain: true });
}

/** `scheme://user:password@host`, with a literal password. */
function urlPasswords(text: string, comments: CommentLines, out: SecretMatch[]): void {
  for (let at = text.indexOf('://'); at !== -1; at = text.indexOf('://', at + 3)) {
    const from = at + 3;
    let at2 = -1;
    let colon = -1;
    for (let i = from; i < text.length && i - from < 256; i++) {
      const c = text.charCodeAt(i);
      if (c === 64) {
        at2 = i;
        break;
      }
      if (c === 58 && colon === -1) colon = i;
      // The userinfo ends before a path, a query, a space, a quote or a bracket (`[user:password@]` in a usage text).
      if (c === 47 || c === 63 || c === 35 || c <= 32 || c === 34 || c === 39 || c === 91 || c === 93) break;
    }
    // An empty user is allowed: `redis://:password@host`.
    if (at2 === -1 || colon === -1 || comments.holds(at)) continue;
    const password = text.slice(colon + 1, at2);
    if (!isLiteralSecret(password)) continue;
    out.push({ kind: 'url-password', start: colon + 1, end: at2, certain: true });
  }
}

/** Parts of a key (upper-cased, separators removed) that say it holds a secret. */
const SECRET_WORDS = ['PASSWORD', 'PASSWD', 'PASSPHRASE', 'SECRET', 'TOKEN', 'APIKEY', 'PRIVATEKEY', 'ACCESSKEY', 'CREDENTIAL'];
/** Endings of keys that name or describe a secret rather than hold it (`password_file`, `token_ttl`). */
const NOT_A_VALUE = ['FILE', 'PATH', 'DIR', 'LOCATION', 'REF', 'NAME', 'KEYNAME', 'URL', 'URI', 'ENDPOINT', 'TTL', 'TIMEOUT', 'EXPIRY', 'EXPIRATION', 'LENGTH', 'SIZE', 'COUNT', 'ENABLED', 'ENABLE', 'TYPE', 'HEADER', 'FIELD', 'PARAM', 'POLICY', 'MODE', 'SOURCE', 'PROVIDER', 'VAR', 'ENV', 'ALGORITHM', 'HASH', 'CHARS', 'MINLENGTH', 'REGEX', 'PATTERN', 'REQUIRED', 'ID', 'ENCODER', 'ENCODING', 'STRATEGY', 'VALIDATOR', 'PASSWORDKEY', 'TOKENKEY'];

/** True when `key` names a secret value (`DB_PASSWORD`, `api-key`, `clientSecret`). */
export function isSecretKeyName(key: string): boolean {
  let normalized = '';
  for (let i = 0; i < key.length; i++) if (isAlphanumeric(key.charCodeAt(i))) normalized += key[i]!.toUpperCase();
  if (!SECRET_WORDS.some((word) => normalized.includes(word))) return false;
  if (normalized.includes('TOKENIZ') || normalized.includes('SECRETNAME') || normalized.includes('SECRETREF') || normalized.includes('EXISTINGSECRET')) return false;
  return !NOT_A_VALUE.some((ending) => normalized.endsWith(ending));
}

/**
 * True when `value` is a literal that could be a secret: not empty, not a placeholder or a
 * reference filled in elsewhere (`${DB_PASSWORD}`, `$(TOKEN)`, `{{ .password }}`, `<password>`,
 * `ENC(...)`, `***`), not a path, a switch or a number.
 */
export function isLiteralSecret(value: string): boolean {
  const v = value.trim();
  if (v.length < 4) return false;
  const first = v[0]!;
  if (first === '$' || first === '<' || first === '/' || first === '%' || first === '@') return false;
  if (v.includes('${') || v.includes('{{') || v.includes('$(') || v.startsWith('ENC(') || v.startsWith('vault:') || v.startsWith('secret://')) return false;
  const lower = v.toLowerCase();
  if (['true', 'false', 'yes', 'no', 'null', 'none', 'changeme', 'change-me', 'password', 'secret', 'redacted', 'placeholder'].includes(lower)) return false;
  if (runEnd(v, 0, (c) => c === 42 || c === 120 || c === 88 || c === 46) === v.length) return false;
  if (runEnd(v, 0, (c) => c >= 48 && c <= 57) === v.length) return false;
  return true;
}

/** Strips one pair of matching quotes, and a trailing comma or semicolon (JSON, INI, Java properties). */
function unquote(value: string): string {
  let v = value.trim();
  if (v.endsWith(',') || v.endsWith(';')) v = v.slice(0, -1).trimEnd();
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) v = v.slice(1, -1);
  return v;
}

/**
 * `key = value`, `key: value` and `"key": "value"` lines of an embedded configuration file
 * (properties, INI, YAML, JSON, dotenv) whose key names a secret and whose value is a literal.
 */
function keyedPasswords(text: string, out: SecretMatch[]): void {
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    const trimmed = line.trimStart();
    const comment = trimmed.startsWith('#') || trimmed.startsWith('//') || trimmed.startsWith(';') || trimmed.startsWith('--');
    if (!comment) {
      let separator = -1;
      for (let i = 0; i < line.length; i++) {
        const c = line.charCodeAt(i);
        if (c === 61 || (c === 58 && (i + 1 === line.length || line.charCodeAt(i + 1) === 32 || line.charCodeAt(i + 1) === 9 || line.charCodeAt(i + 1) === 34 || line.charCodeAt(i + 1) === 39))) {
          separator = i;
          break;
        }
      }
      if (separator > 0) {
        const key = unquote(line.slice(0, separator).trim().replace(/^export\s/, ''));
        const raw = line.slice(separator + 1);
        const value = unquote(raw);
        if (isSecretKeyName(key) && !key.includes(' ') && isLiteralSecret(value)) {
          const at = lineStart + separator + 1 + raw.indexOf(value);
          // The key in a string of its own: a slice would keep the whole scanned text alive.
          out.push({ kind: 'keyed-password', start: at, end: at + value.length, certain: false, key: ownCopy(key) });
        }
      }
    }
    lineStart = lineEnd + 1;
  }
}

/** Texts at least this long, of many lines, are scanned in chunks remembered between calls. */
const CHUNKED_FROM = 64 * 1024;

/** Every scan that reads no further than a line, in the order their findings are kept. */
function lineScans(text: string, trimmed: string | undefined): SecretMatch[] {
  const found: SecretMatch[] = [];
  const comments = new CommentLines(text);
  prefixedTokens(text, trimmed, found);
  jsonWebTokens(text, found);
  bearerTokens(text, comments, found);
  urlPasswords(text, comments, found);
  keyedPasswords(text, found);
  return found;
}

/** A large embedded file edited a line at a time is scanned again only around the edited lines. */
const chunkScans = new LineChunkScans<SecretMatch>({
  scan: (chunk) => lineScans(chunk, undefined),
  moved: (match, by) => ({ ...match, start: match.start + by, end: match.end + by }),
  chunkSize: 16 * 1024,
  remembered: 8,
});

/** Every credential found in `text`, in order of position; overlapping findings are kept once. */
export function findSecrets(text: string): SecretMatch[] {
  return secretsIn(text, true);
}

/** What `findSecrets` gives, from a scan of the whole text (no chunk scanned before is used). */
export function findSecretsScanningAll(text: string): SecretMatch[] {
  return secretsIn(text, false);
}

function secretsIn(text: string, reuse: boolean): SecretMatch[] {
  const found: SecretMatch[] = [];
  const comments = new CommentLines(text);
  // These two read across lines (a key's END line, the whole file's type): the whole text each time.
  privateKeys(text, comments, found);
  serviceAccountKeys(text, comments, found);
  const trimmed = text.trim();
  // No single token is a whole text of several lines: then every other scan is local to a line.
  const lines = reuse && text.length >= CHUNKED_FROM && trimmed.includes('\n') ? chunkScans.scan(text) : lineScans(text, trimmed);
  for (const match of lines) found.push(match);
  const out: SecretMatch[] = [];
  let covered = 0;
  // A stable sort: matches at the same place keep the order of the scans above.
  for (const match of found.sort((a, b) => a.start - b.start || b.end - a.end)) {
    if (match.start < covered) continue;
    out.push(match);
    covered = match.end;
  }
  return out;
}
