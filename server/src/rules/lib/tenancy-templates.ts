/**
 * Starting points for what the namespace rules find missing: the text of a NetworkPolicy,
 * ResourceQuota or LimitRange for a namespace, for an editor action that creates it (in a new
 * document, or appended to a file after a `---` line). Values are meant to be reviewed.
 */
import { DEFAULT_RESOURCES } from '../../engine/config.js';
import { yamlScalar } from '../../engine/edits.js';
import type { ResourceDefaults } from '../../engine/rule.js';

export interface ObjectTemplate {
  /** For the action's label, e.g. "Create a default-deny NetworkPolicy for namespace tenant-a". */
  readonly title: string;
  /** One YAML document, without a leading `---`, ending with a newline. */
  readonly text: string;
}

type TemplateMaker = (namespace: string, resources: ResourceDefaults) => ObjectTemplate;

const defaultDenyPolicy: TemplateMaker = (namespace) => ({
  title: `Create a default-deny NetworkPolicy for namespace ${namespace}`,
  text: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: ${yamlScalar(namespace)}
spec:
  # Every pod of the namespace: nothing in or out unless another policy allows it.
  podSelector: {}
  policyTypes: [Ingress, Egress]
  egress:
    # Name resolution only.
    - to:
        - namespaceSelector:
            matchLabels: {kubernetes.io/metadata.name: kube-system}
          podSelector:
            matchLabels: {k8s-app: kube-dns}
      ports:
        - {port: 53, protocol: UDP}
        - {port: 53, protocol: TCP}
`,
});

const resourceQuota: TemplateMaker = (namespace) => ({
  title: `Create a ResourceQuota for namespace ${namespace}`,
  text: `apiVersion: v1
kind: ResourceQuota
metadata:
  name: tenant-quota
  namespace: ${yamlScalar(namespace)}
spec:
  # Size these for the tenant.
  hard:
    requests.cpu: "4"
    requests.memory: 8Gi
    limits.cpu: "8"
    limits.memory: 16Gi
    pods: "50"
    services.loadbalancers: "0"
    services.nodeports: "0"
`,
});

const limitRange: TemplateMaker = (namespace, resources) => ({
  title: `Create a LimitRange for namespace ${namespace}`,
  text: `apiVersion: v1
kind: LimitRange
metadata:
  name: container-defaults
  namespace: ${yamlScalar(namespace)}
spec:
  limits:
    - type: Container
      defaultRequest: {cpu: ${yamlScalar(resources.requests.cpu)}, memory: ${yamlScalar(resources.requests.memory)}}
      default: {cpu: ${yamlScalar(resources.limits.cpu)}, memory: ${yamlScalar(resources.limits.memory)}}
`,
});

const BY_RULE: Readonly<Record<string, TemplateMaker>> = {
  'namespace-network-policy': defaultDenyPolicy,
  'pod-not-isolated': defaultDenyPolicy,
  'namespace-resource-quota': resourceQuota,
  'namespace-limit-range': limitRange,
};

/**
 * The object that would settle a finding of `ruleId` in `namespace` (for the namespace rules,
 * the Namespace's name; for pod-not-isolated, the workload's namespace), or undefined.
 */
export function templateFor(ruleId: string, namespace: string, resources: ResourceDefaults = DEFAULT_RESOURCES): ObjectTemplate | undefined {
  return BY_RULE[ruleId]?.(namespace, resources);
}
