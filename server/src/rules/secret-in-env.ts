import { describeContainer } from '../engine/k8s.js';
import { isMap, itemsAt, pairOf, stringAt } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { t } from '../l10n/t.js';
import { describeSecret, findSecrets, isSecretKeyName } from './lib/secrets.js';

/** Values that cannot be a secret: a reference to another variable (`$(DB_PASSWORD)`), a switch. */
const NOT_A_SECRET = /^(\$\([A-Za-z_][A-Za-z0-9_.-]*\)|true|false|yes|no|on|off)$/i;

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
      'A private key is recognised by its PEM lines (`-----BEGIN OPENSSH PRIVATE KEY-----`, five dashes each side, and an END line), so a value such as `---BEGIN OPENSSH PRIVATE KEY---` is not reported, where Polaris\'s sensitiveContainerEnvVar check matches looser text.',
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
        // What the value is settles it, whatever the variable is called: a credential by its form
        // (a password-like key inside the value is left to the variable's own name below).
        const secret = findSecrets(literal).find((match) => match.certain);
        if (secret) {
          context.report({
            at: value,
            message: t('{0} sets {1} to {2}: keep secrets in a Secret and use valueFrom.secretKeyRef.', describeContainer(container), name, describeSecret(secret.kind)),
          });
          continue;
        }
        if (!isSecretKeyName(name) || literal === '' || NOT_A_SECRET.test(literal)) continue;
        context.report({
          at: value,
          message: t('{0} sets {1} to a literal value: keep secrets in a Secret and use valueFrom.secretKeyRef.', describeContainer(container), name),
        });
      }
    }
  },
});
