/**
 * Starting points for what the namespace rules find missing: a default-deny NetworkPolicy, a
 * ResourceQuota and a LimitRange. Each is written once and used twice:
 *   - an editor action creates it for one namespace (in a new document, or appended to a file
 *     after a `---` line): `templateFor`;
 *   - the same text, with its variable parts as tab stops, is a secure template in
 *     `snippets/kubernetes.json` (written by `npm run generate`): `snippetOf`.
 * Values are meant to be reviewed.
 */
import { DEFAULT_RESOURCES } from '../../engine/config.js';
import { yamlScalar } from '../../engine/edits.js';
import type { ResourceDefaults } from '../../engine/rule.js';
import { t } from '../../l10n/t.js';

export interface ObjectTemplate {
  /** For the action's label, e.g. "Create a default-deny NetworkPolicy for namespace tenant-a". */
  readonly title: string;
  /** One YAML document, without a leading `---`, ending with a newline. */
  readonly text: string;
}

/** The variable parts of a template. */
interface Slots {
  /** The namespace the object is for (a plain value, quoted when YAML needs it). */
  readonly namespace: string;
  /** The container defaults a LimitRange sets (the `resources` setting). */
  readonly resources: ResourceDefaults;
}

/**
 * Writes one variable part as a YAML scalar (quoted when YAML would read it as something else):
 * the value itself for an editor action, a tab stop with the value as its default for a
 * snippet. `slot` names the part, so a repeated part is one tab stop.
 */
type Fill = (slot: string, value: string) => string;

interface TenancyTemplate {
  /** The action's title: "Create <object> for namespace <name>". */
  readonly title: (namespace: string) => string;
  /** The snippet's name, prefix and description in `snippets/kubernetes.json`. */
  readonly snippet: { readonly name: string; readonly prefix: string; readonly description: string };
  readonly text: (slots: Slots, fill: Fill) => string;
}

const defaultDenyPolicy: TenancyTemplate = {
  title: (namespace) => t('Create a default-deny NetworkPolicy for namespace {0}', namespace),
  snippet: { name: 'NetworkPolicy: default deny', prefix: 'ka-networkpolicy-deny-all', description: 'NetworkPolicy denying all ingress and egress traffic of every pod in a namespace, except DNS lookups' },
  text: ({ namespace }, fill) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${fill('name', 'default-deny')}
  namespace: ${fill('namespace', namespace)}
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
};

const resourceQuota: TenancyTemplate = {
  title: (namespace) => t('Create a ResourceQuota for namespace {0}', namespace),
  snippet: { name: 'ResourceQuota: compute-resources', prefix: 'ka-resourcequota', description: 'ResourceQuota capping what a namespace may request and use (CPU, memory, pods), with no load balancers or node ports' },
  text: ({ namespace }, fill) => `apiVersion: v1
kind: ResourceQuota
metadata:
  name: ${fill('name', 'tenant-quota')}
  namespace: ${fill('namespace', namespace)}
spec:
  # Size these for the tenant.
  hard:
    requests.cpu: ${fill('requests.cpu', '4')}
    requests.memory: ${fill('requests.memory', '8Gi')}
    limits.cpu: ${fill('limits.cpu', '8')}
    limits.memory: ${fill('limits.memory', '16Gi')}
    pods: ${fill('pods', '50')}
    services.loadbalancers: "0"
    services.nodeports: "0"
`,
};

const limitRange: TenancyTemplate = {
  title: (namespace) => t('Create a LimitRange for namespace {0}', namespace),
  snippet: { name: 'LimitRange', prefix: 'ka-limitrange', description: 'LimitRange giving every container of a namespace default CPU and memory requests and limits' },
  text: ({ namespace, resources }, fill) => `apiVersion: v1
kind: LimitRange
metadata:
  name: ${fill('name', 'container-defaults')}
  namespace: ${fill('namespace', namespace)}
spec:
  limits:
    - type: Container
      defaultRequest: {cpu: ${fill('requests.cpu', resources.requests.cpu)}, memory: ${fill('requests.memory', resources.requests.memory)}}
      default: {cpu: ${fill('limits.cpu', resources.limits.cpu)}, memory: ${fill('limits.memory', resources.limits.memory)}}
`,
};

const BY_RULE: Readonly<Record<string, TenancyTemplate>> = {
  'namespace-network-policy': defaultDenyPolicy,
  'pod-not-isolated': defaultDenyPolicy,
  'namespace-resource-quota': resourceQuota,
  'namespace-limit-range': limitRange,
};

/** Every template, in the order of the snippet file. */
export const TENANCY_TEMPLATES: readonly TenancyTemplate[] = [defaultDenyPolicy, resourceQuota, limitRange];

/**
 * The object that would settle a finding of `ruleId` in `namespace` (for the namespace rules,
 * the Namespace's name; for pod-not-isolated, the workload's namespace), or undefined.
 */
export function templateFor(ruleId: string, namespace: string, resources: ResourceDefaults = DEFAULT_RESOURCES): ObjectTemplate | undefined {
  const template = BY_RULE[ruleId];
  if (!template) return undefined;
  const fill: Fill = (_slot, value) => yamlScalar(value);
  return { title: template.title(namespace), text: template.text({ namespace, resources }, fill) };
}

/** A template as a VS Code snippet body (lines, ending with the final cursor position `$0`). */
export function snippetOf(template: TenancyTemplate): { readonly prefix: string; readonly description: string; readonly body: readonly string[] } {
  const stops = new Map<string, number>();
  const fill: Fill = (slot, value) => {
    if (!stops.has(slot)) stops.set(slot, stops.size + 1);
    const scalar = yamlScalar(value);
    // A quoted default keeps its quotes outside the tab stop, so that typing over it stays quoted.
    const quoted = scalar === `"${value}"`;
    return `${quoted ? '"' : ''}\${${stops.get(slot)}:${(quoted ? value : scalar).replace(/[$}\\]/g, '\\$&')}}${quoted ? '"' : ''}`;
  };
  const text = template.text({ namespace: 'team-a', resources: DEFAULT_RESOURCES }, fill);
  const lines = text.split('\n');
  lines[lines.length - 1] = '$0'; // the text ends with a newline: the cursor lands after the object
  return { prefix: template.snippet.prefix, description: template.snippet.description, body: lines };
}
