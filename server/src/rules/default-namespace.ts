import { describeObject } from '../engine/k8s.js';
import { pairOf } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { t } from '../l10n/t.js';

/** Built-in kinds that live outside namespaces, where `metadata.namespace` means nothing. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'CustomResourceDefinition',
  'PriorityClass', 'RuntimeClass', 'IngressClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'APIService',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'CertificateSigningRequest', 'FlowSchema', 'PriorityLevelConfiguration',
]);

export default defineRule({
  meta: {
    id: 'default-namespace',
    title: 'Objects in the default namespace',
    severity: 'warning',
    category: 'tenancy',
    rationale:
      'The `default` namespace is where everything without a home ends up: it usually has no quotas, no network policies and no Pod Security Admission labels, and RBAC granted there reaches every stray workload.',
    remediation: 'Create a namespace for the application, with its own RBAC, quotas, network policies and Pod Security labels, and deploy there.',
    references: ['https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/', 'https://kubernetes.io/docs/concepts/security/multi-tenancy/'],
    fixable: false,
  },
  checkObject(object, context) {
    if (CLUSTER_SCOPED.has(object.kind)) return;
    const value = pairOf(pairOf(object.node, 'metadata')?.value, 'namespace')?.value;
    if (value?.kind !== 'scalar' || value.value !== 'default') return;
    context.report({ at: value, message: t('{0} is placed in the default namespace: give the application a namespace of its own.', describeObject(object)) });
  },
});
