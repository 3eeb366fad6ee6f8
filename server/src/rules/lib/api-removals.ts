/**
 * API versions Kubernetes no longer serves, per kind, and what replaces them.
 */
import { t } from '../../l10n/t.js';

export interface ApiRemoval {
  /** The apiVersion to use instead; undefined when the kind itself is gone. */
  readonly replacement?: string;
  /** The Kubernetes release that stopped serving it. */
  readonly removedIn: string;
  /** Says when it stopped being served, where "removed in <release>" would not be accurate. */
  readonly history?: () => string;
  /** How the object's shape changes, when more than the apiVersion must change. */
  readonly shapeChange?: () => string;
}

const WORKLOADS_V1 = { replacement: 'apps/v1', removedIn: '1.16' };
const RBAC_V1 = { replacement: 'rbac.authorization.k8s.io/v1', removedIn: '1.22' };
const RBAC_KINDS = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];
const INGRESS = {
  replacement: 'networking.k8s.io/v1',
  removedIn: '1.22',
  shapeChange: () => t('backends are written `service: {name, port}` instead of serviceName/servicePort, and every path needs a pathType'),
};
const PSP = {
  removedIn: '1.25',
  shapeChange: () => t('PodSecurityPolicy has no successor API: enforce the Pod Security Standards with pod-security.kubernetes.io namespace labels instead'),
};

const TABLE: readonly (readonly [apiVersion: string, kinds: readonly string[], removal: ApiRemoval])[] = [
  ['extensions/v1beta1', ['Deployment', 'DaemonSet', 'ReplicaSet'], WORKLOADS_V1],
  ['extensions/v1beta1', ['NetworkPolicy'], { replacement: 'networking.k8s.io/v1', removedIn: '1.16' }],
  ['extensions/v1beta1', ['PodSecurityPolicy'], { ...PSP, removedIn: '1.16' }],
  ['extensions/v1beta1', ['Ingress'], INGRESS],
  ['apps/v1beta1', ['Deployment', 'StatefulSet', 'ControllerRevision'], WORKLOADS_V1],
  ['apps/v1beta2', ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ControllerRevision'], WORKLOADS_V1],
  ['batch/v1beta1', ['CronJob'], { replacement: 'batch/v1', removedIn: '1.25' }],
  ['batch/v2alpha1', ['CronJob'], { replacement: 'batch/v1', removedIn: '1.21' }],
  ['policy/v1beta1', ['PodSecurityPolicy'], PSP],
  ['policy/v1beta1', ['PodDisruptionBudget'], { replacement: 'policy/v1', removedIn: '1.25' }],
  ['rbac.authorization.k8s.io/v1alpha1', RBAC_KINDS, RBAC_V1],
  ['rbac.authorization.k8s.io/v1beta1', RBAC_KINDS, RBAC_V1],
  ['networking.k8s.io/v1beta1', ['Ingress'], INGRESS],
  ['networking.k8s.io/v1beta1', ['IngressClass'], { replacement: 'networking.k8s.io/v1', removedIn: '1.22' }],
  [
    'net.alpha.kubernetes.io/v1alpha1',
    ['NetworkPolicy'],
    {
      replacement: 'networking.k8s.io/v1',
      removedIn: '1.3',
      history: () => t('a pre-release API, replaced when NetworkPolicy joined the Kubernetes API in 1.3'),
      shapeChange: () => t('selectors become LabelSelectors with matchLabels, allowIncoming becomes ingress and toPorts becomes ports'),
    },
  ],
];

const BY_KEY = new Map<string, ApiRemoval>(TABLE.flatMap(([apiVersion, kinds, removal]) => kinds.map((kind) => [`${apiVersion} ${kind}`, removal] as const)));

export function removalOf(apiVersion: string, kind: string): ApiRemoval | undefined {
  return BY_KEY.get(`${apiVersion} ${kind}`);
}
