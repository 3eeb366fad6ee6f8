import { getMap, type Span, type YNode, type YPair } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { t } from '../l10n/t.js';
import { describeSecret, findSecrets, isLiteralSecret, isSecretKeyName, type SecretMatch } from './lib/secrets.js';

/**
 * Where a match inside a value is written in the source: its first line, found in the value's
 * text (block scalars keep each line as written). A value whose escapes change the text (a
 * double-quoted `\n`) is pointed at by its key instead.
 */
function sourceSpan(source: string, value: YNode, decoded: string, match: SecretMatch): Span | undefined {
  const newline = decoded.indexOf('\n', match.start);
  const firstLine = decoded.slice(match.start, newline === -1 || newline > match.end ? match.end : newline);
  if (firstLine === '') return undefined;
  const at = source.slice(value.start, value.end).indexOf(firstLine);
  return at === -1 ? undefined : { start: value.start + at, end: value.start + at + firstLine.length };
}

/** The decoded bytes of a `binaryData` value, as Latin-1 text, or undefined when it is not base64. */
function decodeBase64(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0) return undefined;
  try {
    return atob(compact);
  } catch {
    return undefined;
  }
}

/** The finding's sentence for what `match` found under ConfigMap key `key` (none: the key's own literal value). */
function messageOf(key: string, match: SecretMatch | undefined): string {
  if (match?.certain) return t('ConfigMap key {0} holds {1}: keep credentials in a Secret.', key, describeSecret(match.kind));
  return match?.key ? t('ConfigMap key {0} sets {1} to a literal value: keep credentials in a Secret.', key, match.key) : t('ConfigMap key {0} holds a literal password: keep credentials in a Secret.', key);
}

export default defineRule({
  meta: {
    id: 'configmap-secret-content',
    title: 'Credentials stored in ConfigMaps',
    severity: 'error',
    category: 'workload',
    rationale:
      'A ConfigMap is meant for configuration anyone may read: RBAC roles grant access to ConfigMaps far more widely than to Secrets, the encryption at rest that clusters configure for Secrets usually leaves them out, `kubectl describe` prints them, and their manifests live in version control. A private key, an access key, a token or a password in one is readable by all of them. Values whose form proves a credential (a PEM private key, a cloud access key, a JWT or a bearer token, a password inside a URL) are errors; a password-like key given a literal value is a warning.',
    remediation:
      'Move the value to a Secret (or an external secret store synced into one), mount it where the application reads it or refer to it from the configuration file (`${DB_PASSWORD}` filled from the environment), rotate the credential that was exposed, and remove it from the repository\'s history.',
    references: [
      'https://kubernetes.io/docs/concepts/configuration/configmap/',
      'https://kubernetes.io/docs/concepts/security/secrets-good-practices/',
    ],
    fixable: false,
    differences: [
      'Kubescape\'s control of application credentials in configuration files matches ConfigMap keys and values against lists of sensitive names and values; this rule reports a password-like name only when its value is a literal (not a placeholder, a reference or a path), and also looks inside the configuration files a ConfigMap holds, line by line.',
      'A credential\'s name given a placeholder value (`xxxxx`, `changeme`, `${AWS_SECRET_ACCESS_KEY}`) is not reported, and a name that says only `KEY` (AZURE_BATCH_KEY) is not taken for a credential, where Polaris\'s sensitiveConfigmapContent check reports a list of names such as AWS_SECRET_ACCESS_KEY whatever their value.',
    ],
  },
  checkObject(object, context) {
    if (object.kind !== 'ConfigMap' || object.apiVersion !== 'v1') return;
    const report = (pair: YPair, value: YNode, decoded: string, match: SecretMatch, binary: boolean): void => {
      const at = binary ? undefined : sourceSpan(context.text, value, decoded, match);
      context.report({
        at: at ?? pair.key,
        message: messageOf(String(pair.key.value), match),
        ...(match.certain ? {} : { severity: 'warning' as const }),
      });
    };
    for (const field of ['data', 'binaryData'] as const) {
      const map = getMap(object.node, field);
      for (const pair of map?.pairs ?? []) {
        if (pair.value.kind !== 'scalar' || typeof pair.value.value !== 'string') continue;
        const written = pair.value.value;
        const decoded = field === 'binaryData' ? decodeBase64(written) : written;
        if (decoded === undefined) continue;
        const key = String(pair.key.value);
        const matches = findSecrets(decoded);
        // A key that names a secret (`DB_PASSWORD`) with a one-line literal value is the value itself.
        if (matches.length === 0 && field === 'data' && !decoded.includes('\n') && isSecretKeyName(key) && isLiteralSecret(decoded)) {
          context.report({ at: pair.value, message: messageOf(key, undefined), severity: 'warning' });
          continue;
        }
        for (const match of matches) report(pair, pair.value, decoded, match, field === 'binaryData');
      }
    }
  },
});
