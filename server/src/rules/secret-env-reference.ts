import { describeContainer } from '../engine/k8s.js';
import { getMap, isMap, itemsAt, pairOf, stringAt } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'secret-env-reference',
    title: 'Secrets passed as environment variables',
    severity: 'info',
    category: 'workload',
    rationale:
      'A Secret read into an environment variable (`valueFrom.secretKeyRef`, `envFrom.secretRef`) is fixed when the container starts, so a rotated value needs a restart; it is inherited by every process the container starts, written by many frameworks into crash reports and debug pages, and readable from `/proc/<pid>/environ` by anything that can read the process. A Secret mounted as files is updated in place and can be given its own file mode. This is a practice the Kubernetes documentation recommends, not a vulnerability, so the rule is off by default; it is apart from `secret-in-env`, which reports secret values written into the manifest itself, a real leak that stays on.',
    remediation:
      'Mount the Secret as a volume (`volumes[].secret` with `defaultMode: 0400`, or a projected volume) and have the application read the file; many images accept a `<NAME>_FILE` variable that names it. No automatic fix: the application must be changed to read files.',
    references: [
      'https://kubernetes.io/docs/concepts/security/secrets-good-practices/',
      'https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod',
    ],
    fixable: false,
    disabledByDefault: true,
    differences: [
      'kube-linter\'s read-secret-from-env-var check (also off by default) reports `secretKeyRef` only; this rule also reports `envFrom.secretRef`, which passes every key of the Secret at once.',
    ],
  },
  checkPod(pod, context) {
    for (const container of pod.containers) {
      const who = describeContainer(container);
      for (const item of itemsAt(container.node, 'env')) {
        if (!isMap(item)) continue;
        const reference = pairOf(getMap(item, 'valueFrom'), 'secretKeyRef');
        if (!reference || !isMap(reference.value)) continue;
        const variable = stringAt(item, 'name') ?? '';
        const secret = stringAt(reference.value, 'name');
        context.report({
          at: reference.key,
          message: secret ? t('{0} reads Secret {1} into the environment variable {2}: mount it as a file instead.', who, secret, variable) : t('{0} reads a Secret into the environment variable {1}: mount it as a file instead.', who, variable),
        });
      }
      for (const item of itemsAt(container.node, 'envFrom')) {
        const reference = isMap(item) ? pairOf(item, 'secretRef') : undefined;
        if (!reference || !isMap(reference.value)) continue;
        const secret = stringAt(reference.value, 'name');
        context.report({
          at: reference.key,
          message: secret ? t('{0} reads every key of Secret {1} into environment variables: mount it as files instead.', who, secret) : t('{0} reads every key of a Secret into environment variables: mount it as files instead.', who),
        });
      }
    }
  },
});
