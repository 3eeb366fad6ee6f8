import { describeContainer } from '../engine/k8s.js';
import { isMap, itemsAt, pairOf, stringAt } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { t } from '../l10n/t.js';
import { describeSecretValue, findSecretValue } from './lib/secret-values.js';

/** Parts of a variable name (upper-cased, separators removed) that say it holds a secret. */
const SECRET_WORDS = /PASSWORD|PASSWD|PASSPHRASE|TOKEN(?!IZ)|SECRET|APIKEY|PRIVATEKEY|ACCESSKEY|CREDENTIAL/;
/**
 * Names that point at a secret or describe it rather than hold it:
 * `DB_PASSWORD_FILE=/run/secrets/db`, `TOKEN_SECRET_NAME=api`, `TOKEN_TTL=3600`.
 */
const NOT_A_VALUE_SUFFIX = /(FILE|PATH|DIR|LOCATION|REF|NAME|URL|URI|ENDPOINT|TTL|TIMEOUT|EXPIRY|EXPIRATION|LENGTH|SIZE|COUNT|ENABLED|TYPE|HEADER)$/;
/** Values that cannot be a secret: a reference to another variable (`$(DB_PASSWORD)`), a switch. */
const NOT_A_SECRET = /^(\$\([A-Za-z_][A-Za-z0-9_.-]*\)|true|false|yes|no|on|off)$/i;

function looksSecret(name: string): boolean {
  const normalized = name.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return SECRET_WORDS.test(normalized) && !NOT_A_VALUE_SUFFIX.test(normalized);
}

export default defineRule({
  meta: {
    id: 'secret-in-env',
    title: 'Secrets written into environment variables',
    severity: 'error',
    category: 'workload',
    rationale:
      'A literal value in the manifest is stored in version control, in the cluster\'s object store unencrypted, and is shown to anyone who can read the workload (`kubectl get deploy -o yaml`). Secrets need their own access control and rotation.',
    remediation:
      'Put the value in a Secret (or an external secret store) and refer to it with `valueFrom.secretKeyRef`, or mount the Secret as a file.',
    references: ['https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables', 'https://kubernetes.io/docs/concepts/security/secrets-good-practices/'],
    fixable: false,
    differences: [
      'A literal value that is itself a secret (a PEM private key, an AWS or GCP key, a JWT or bearer token, a password inside a URL) is reported whatever the variable is called, where kube-linter\'s env-var-secret check goes by the variable name alone (any name containing "secret").',
      'A name such as SECRET_FILE or TOKEN_SECRET_NAME, which points at or names a secret rather than holding it, is not reported, where kube-linter\'s name pattern reports any non-empty value of a variable whose name contains "secret".',
    ],
  },
  checkPod(pod, context) {
    for (const container of pod.containers) {
      for (const item of itemsAt(container.node, 'env')) {
        if (!isMap(item)) continue;
        const name = stringAt(item, 'name');
        const value = pairOf(item, 'value')?.value;
        if (!name || value?.kind !== 'scalar' || value.value === null) continue;
        const literal = String(value.value).trim();
        // What the value is settles it, whatever the variable is called.
        const secret = findSecretValue(literal);
        if (secret) {
          context.report({
            at: value,
            message: t('{0} sets {1} to {2}: keep secrets in a Secret and use valueFrom.secretKeyRef.', describeContainer(container), name, describeSecretValue(secret.kind)),
          });
          continue;
        }
        if (!looksSecret(name) || literal === '' || NOT_A_SECRET.test(literal)) continue;
        context.report({
          at: value,
          message: t('{0} sets {1} to a literal value: keep secrets in a Secret and use valueFrom.secretKeyRef.', describeContainer(container), name),
        });
      }
    }
  },
});
