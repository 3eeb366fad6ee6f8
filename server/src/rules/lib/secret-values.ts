/**
 * Literal values that are secrets whatever the name they are stored under: private keys, cloud
 * access keys, tokens, passwords inside URLs. Plain scanning (no regular expressions), in time
 * linear in the text, so that any rule reading values (environment variables, ConfigMap data)
 * can ask.
 */
import { t } from '../../l10n/t.js';

export type SecretValueKind =
  | 'private-key'
  | 'aws-access-key'
  | 'gcp-service-account-key'
  | 'google-api-key'
  | 'github-token'
  | 'jwt'
  | 'bearer-token'
  | 'url-password';

export interface SecretValue {
  readonly kind: SecretValueKind;
}

/** The kind of secret `text` holds, or undefined when it holds none that is recognisable. */
export function findSecretValue(text: string): SecretValue | undefined {
  if (hasPemPrivateKey(text)) return { kind: 'private-key' };
  if (text.includes('"private_key"') && text.includes('"service_account"')) return { kind: 'gcp-service-account-key' };
  if (hasUrlPassword(text)) return { kind: 'url-password' };
  if (hasBearerToken(text)) return { kind: 'bearer-token' };
  for (const word of words(text)) {
    const kind = tokenKind(word);
    if (kind) return { kind };
  }
  return undefined;
}

/** What a person reads for each kind: "a private key", "an AWS access key"… */
export function describeSecretValue(kind: SecretValueKind): string {
  switch (kind) {
    case 'private-key': return t('a private key (PEM)');
    case 'aws-access-key': return t('an AWS access key');
    case 'gcp-service-account-key': return t('a GCP service account key');
    case 'google-api-key': return t('a Google API key');
    case 'github-token': return t('a GitHub token');
    case 'jwt': return t('a JSON Web Token');
    case 'bearer-token': return t('a bearer token');
    case 'url-password': return t('a URL with a password');
  }
}

function hasPemPrivateKey(text: string): boolean {
  const begin = text.indexOf('-----BEGIN ');
  if (begin < 0) return false;
  const end = text.indexOf('-----', begin + 11);
  return end > 0 && text.slice(begin + 11, end).endsWith('PRIVATE KEY');
}

const isUpperOrDigit = (c: number) => (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
const isAlnum = (c: number) => isUpperOrDigit(c) || (c >= 97 && c <= 122);
const isBase64Url = (c: number) => isAlnum(c) || c === 45 || c === 95;
const isTokenChar = (c: number) => isBase64Url(c) || c === 46 || c === 43 || c === 47 || c === 126;

/** Runs of token characters (letters, digits, `-_.+/~`), split at anything else (`=` too: `id=AKIA…`). */
function* words(text: string): Generator<string> {
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const inside = i < text.length && isTokenChar(text.charCodeAt(i));
    if (inside && start < 0) start = i;
    else if (!inside && start >= 0) {
      yield text.slice(start, i);
      start = -1;
    }
  }
}

const all = (text: string, test: (c: number) => boolean) => {
  for (let i = 0; i < text.length; i++) if (!test(text.charCodeAt(i))) return false;
  return true;
};

function tokenKind(word: string): SecretValueKind | undefined {
  // AWS access key ids: AKIA (long-term) or ASIA (temporary), then 16 capitals or digits.
  if (word.length === 20 && (word.startsWith('AKIA') || word.startsWith('ASIA')) && all(word, isUpperOrDigit)) return 'aws-access-key';
  if (word.length === 39 && word.startsWith('AIza') && all(word, isBase64Url)) return 'google-api-key';
  if (/^gh[pousr]_$/.test(word.slice(0, 4)) && word.length >= 40 && all(word.slice(4), isAlnum)) return 'github-token';
  if (isJwt(word)) return 'jwt';
  return undefined;
}

/** header.payload.signature, base64url, header and payload JSON objects (`eyJ` is `{"`). */
function isJwt(word: string): boolean {
  const parts = word.split('.');
  return parts.length === 3 && parts[0]!.startsWith('eyJ') && parts[1]!.startsWith('eyJ') && parts[2]!.length >= 16 && parts.every((p) => all(p, isBase64Url));
}

/** `Bearer <token>` with a token long enough to be one (not `Bearer $(TOKEN)`). */
function hasBearerToken(text: string): boolean {
  const lower = text.toLowerCase();
  for (let at = lower.indexOf('bearer '); at >= 0; at = lower.indexOf('bearer ', at + 1)) {
    const token = words(text.slice(at + 7).trimStart()).next().value;
    if (token && token.length >= 20 && text.slice(at + 7).trimStart().startsWith(token)) return true;
  }
  return false;
}

/** `scheme://user:password@host`, the password written out (not a `$(VAR)` or `${VAR}` reference). */
function hasUrlPassword(text: string): boolean {
  for (let at = text.indexOf('://'); at >= 0; at = text.indexOf('://', at + 3)) {
    let end = at + 3;
    while (end < text.length && !'/?# \t\n"\''.includes(text[end]!)) end++;
    const authority = text.slice(at + 3, end);
    const userEnd = authority.lastIndexOf('@');
    if (userEnd < 0) continue;
    const colon = authority.indexOf(':');
    if (colon < 0 || colon > userEnd) continue;
    const password = authority.slice(colon + 1, userEnd);
    if (password === '' || password.startsWith('$') || password.startsWith('{{') || password === '*'.repeat(password.length)) continue;
    return true;
  }
  return false;
}
