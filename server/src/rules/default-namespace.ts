import { describeObject, namespacePlacement } from '../engine/k8s.js';
import { pairOf } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'default-namespace',
    title: 'Objects in the default namespace',
    severity: 'warning',
    category: 'tenancy',
    rationale:
      'The `default` namespace is where everything without a home ends up: it usually has no quotas, no network policies and no Pod Security Admission labels, and RBAC granted there reaches every stray workload. An object without `metadata.namespace` is not reported: it lands in the namespace it is applied to (`kubectl -n`); the cross-file checks assume `default` for it, and say so.',
    remediation: 'Create a namespace for the application, with its own RBAC, quotas, network policies and Pod Security labels, and deploy there.',
    references: ['https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/', 'https://kubernetes.io/docs/concepts/security/multi-tenancy/'],
    fixable: false,
    differences: [
      'An object without metadata.namespace is not reported (it lands in the namespace it is applied to), where kube-linter\'s use-namespace check gives it the same finding as one that names `default`.',
    ],
  },
  checkObject(object, context) {
    // Without metadata.namespace the object goes where it is applied (`kubectl -n`); the
    // cross-file rules assume `default` for it and say so in their findings.
    const placement = namespacePlacement(object);
    if (placement?.namespace !== 'default' || !placement.written) return;
    const value = pairOf(pairOf(object.node, 'metadata')?.value, 'namespace')?.value;
    if (value?.kind !== 'scalar') return;
    context.report({ at: value, message: t('{0} is placed in the default namespace: give the application a namespace of its own.', describeObject(object)) });
  },
});
