import { describeObject } from '../engine/k8s.js';
import { getMap, isMap, itemsAt, pairOf, type YNode } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { t } from '../l10n/t.js';

/**
 * Annotations with which a controller terminates TLS itself, from a certificate it holds
 * (cloud load balancers): an Ingress that sets one serves HTTPS without a `tls` section.
 */
const CERTIFICATE_ANNOTATIONS = [
  'alb.ingress.kubernetes.io/certificate-arn',
  'service.beta.kubernetes.io/aws-load-balancer-ssl-cert',
  'ingress.gcp.kubernetes.io/pre-shared-cert',
  'networking.gke.io/managed-certificates',
  'appgw.ingress.kubernetes.io/appgw-ssl-certificate',
  'appgw.ingress.kubernetes.io/appgw-trusted-root-certificate',
];

const INGRESS_GROUPS = new Set(['networking.k8s.io', 'extensions']);

function stringsOf(node: YNode | undefined): string[] {
  return node?.kind === 'seq' ? node.items.flatMap((item) => (item.kind === 'scalar' && typeof item.value === 'string' ? [item.value.toLowerCase()] : [])) : [];
}

/** True when a certificate for `pattern` (`shop.example.com`, `*.example.com`) serves `host`. */
function covers(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (!pattern.startsWith('*.')) return false;
  const dot = host.indexOf('.');
  // A wildcard matches exactly one label, as in a certificate; `*.example.com` in the rule is matched as written.
  return dot > 0 && !host.startsWith('*.') && host.slice(dot + 1) === pattern.slice(2);
}

export default defineRule({
  meta: {
    id: 'ingress-tls',
    title: 'Ingresses served without TLS',
    severity: 'warning',
    category: 'network',
    rationale:
      'An Ingress without `tls` is served over plain HTTP: passwords, session cookies and tokens cross the network readable by anyone on the path, and can be altered on the way. A host of its rules that no `tls` entry names is served over HTTP too (or with a certificate for another name, which clients reject).',
    remediation:
      'Add a `tls` entry that names each host of the rules and the Secret holding its certificate (cert-manager can issue and renew it), or terminate TLS at the load balancer with the annotation your controller documents. No automatic fix: the certificate\'s Secret must exist.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#tls',
      'https://cert-manager.io/docs/usage/ingress/',
    ],
    fixable: false,
    differences: [
      'An Ingress whose load balancer holds the certificate (the AWS, Google Cloud and Azure certificate annotations) is not reported, though it has no `tls` section.',
    ],
  },
  checkObject(object, context) {
    if (object.kind !== 'Ingress') return;
    const group = object.apiVersion.includes('/') ? object.apiVersion.slice(0, object.apiVersion.indexOf('/')) : '';
    if (!INGRESS_GROUPS.has(group)) return;
    const annotations = getMap(object.node, 'metadata', 'annotations');
    if (CERTIFICATE_ANNOTATIONS.some((key) => pairOf(annotations, key))) return;
    const spec = pairOf(object.node, 'spec');
    const entries = itemsAt(spec?.value, 'tls').filter(isMap);
    if (entries.length === 0) {
      context.report({ at: spec?.key ?? pairOf(object.node, 'kind')!.value, message: t('{0} has no tls section: it is served over plain HTTP.', describeObject(object)) });
      return;
    }
    // An entry without hosts gets the controller's default certificate, for any host.
    if (entries.some((entry) => !pairOf(entry, 'hosts'))) return;
    const certified = entries.flatMap((entry) => stringsOf(pairOf(entry, 'hosts')?.value));
    for (const rule of itemsAt(spec?.value, 'rules')) {
      const hostNode = pairOf(rule, 'host')?.value;
      if (hostNode?.kind !== 'scalar' || typeof hostNode.value !== 'string' || hostNode.value === '') continue;
      const host = hostNode.value.toLowerCase();
      if (certified.some((pattern) => covers(pattern, host))) continue;
      context.report({ at: hostNode, message: t('No tls entry of {0} names the host {1}: it is served over plain HTTP.', describeObject(object), hostNode.value) });
    }
  },
});
