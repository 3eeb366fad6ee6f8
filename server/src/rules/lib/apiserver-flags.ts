/**
 * The flags kube-apiserver knows (recent releases, plus removed ones that manifests still carry
 * and that other rules check). Boolean flags never take the next item as their value.
 */

const BOOLEAN_FLAGS = [
  'add-dir-header', 'aggregator-reject-forwarding-redirect', 'allow-privileged', 'alsologtostderr',
  'anonymous-auth', 'audit-log-batch-throttle-enable', 'audit-log-compress', 'audit-log-truncate-enabled',
  'audit-webhook-batch-throttle-enable', 'audit-webhook-truncate-enabled', 'contention-profiling',
  'disable-http2-serving', 'enable-aggregator-routing', 'enable-bootstrap-token-auth', 'enable-garbage-collector',
  'enable-logs-handler', 'enable-priority-and-fairness', 'enable-swagger-ui', 'encryption-provider-config-automatic-reload',
  'help', 'kubelet-https', 'log-json-split-stream', 'log-text-split-stream', 'logtostderr', 'one-output',
  'permit-address-sharing', 'permit-port-sharing', 'profiling', 'service-account-extend-token-expiration',
  'service-account-lookup', 'shutdown-send-retry-after', 'skip-headers', 'skip-log-headers', 'version', 'watch-cache',
];

const VALUE_FLAGS = [
  'address', 'admission-control', 'admission-control-config-file', 'advertise-address', 'allow-metric-labels',
  'allow-metric-labels-manifest', 'api-audiences', 'apiserver-count', 'audit-log-batch-buffer-size',
  'audit-log-batch-max-size', 'audit-log-batch-max-wait', 'audit-log-batch-throttle-burst', 'audit-log-batch-throttle-qps',
  'audit-log-format', 'audit-log-maxage', 'audit-log-maxbackup', 'audit-log-maxsize', 'audit-log-mode', 'audit-log-path',
  'audit-log-truncate-max-batch-size', 'audit-log-truncate-max-event-size', 'audit-log-version', 'audit-policy-file',
  'audit-webhook-batch-buffer-size', 'audit-webhook-batch-max-size', 'audit-webhook-batch-max-wait',
  'audit-webhook-batch-throttle-burst', 'audit-webhook-batch-throttle-qps', 'audit-webhook-config-file',
  'audit-webhook-initial-backoff', 'audit-webhook-mode', 'audit-webhook-truncate-max-batch-size',
  'audit-webhook-truncate-max-event-size', 'audit-webhook-version', 'authentication-config',
  'authentication-token-webhook-cache-ttl', 'authentication-token-webhook-config-file', 'authentication-token-webhook-version',
  'authorization-config', 'authorization-mode', 'authorization-policy-file', 'authorization-webhook-cache-authorized-ttl',
  'authorization-webhook-cache-unauthorized-ttl', 'authorization-webhook-config-file', 'authorization-webhook-version',
  'basic-auth-file', 'bind-address', 'cert-dir', 'client-ca-file', 'cloud-config', 'cloud-provider',
  'cloud-provider-gce-l7lb-src-cidrs', 'cloud-provider-gce-lb-src-cidrs', 'cors-allowed-origins', 'debug-socket-path',
  'default-not-ready-toleration-seconds', 'default-unreachable-toleration-seconds', 'default-watch-cache-size',
  'delete-collection-workers', 'disable-admission-plugins', 'disabled-metrics', 'egress-selector-config-file',
  'emulated-version', 'enable-admission-plugins', 'encryption-provider-config', 'endpoint-reconciler-type',
  'etcd-cafile', 'etcd-certfile', 'etcd-compaction-interval', 'etcd-count-metric-poll-period', 'etcd-db-metric-poll-interval',
  'etcd-healthcheck-timeout', 'etcd-keyfile', 'etcd-prefix', 'etcd-readycheck-timeout', 'etcd-servers', 'etcd-servers-overrides',
  'event-ttl', 'external-hostname', 'feature-gates', 'goaway-chance', 'http2-max-streams-per-connection',
  'identity-lease-duration-seconds', 'identity-lease-renew-interval-seconds', 'insecure-bind-address', 'insecure-port',
  'kubelet-certificate-authority', 'kubelet-client-certificate', 'kubelet-client-key', 'kubelet-port',
  'kubelet-preferred-address-types', 'kubelet-read-only-port', 'kubelet-timeout', 'kubernetes-service-node-port',
  'lease-reuse-duration-seconds', 'livez-grace-period', 'log-backtrace-at', 'log-dir', 'log-file', 'log-file-max-size',
  'log-flush-frequency', 'log-json-info-buffer-size', 'log-text-info-buffer-size', 'logging-format', 'master-service-namespace',
  'max-connection-bytes-per-sec', 'max-mutating-requests-inflight', 'max-requests-inflight', 'min-request-timeout',
  'oidc-ca-file', 'oidc-client-id', 'oidc-groups-claim', 'oidc-groups-prefix', 'oidc-issuer-url', 'oidc-required-claim',
  'oidc-signing-algs', 'oidc-username-claim', 'oidc-username-prefix', 'peer-advertise-ip', 'peer-advertise-port',
  'peer-ca-file', 'port', 'proxy-client-cert-file', 'proxy-client-key-file', 'request-timeout',
  'requestheader-allowed-names', 'requestheader-client-ca-file', 'requestheader-extra-headers-prefix',
  'requestheader-group-headers', 'requestheader-uid-headers', 'requestheader-username-headers', 'runtime-config',
  'secure-port', 'service-account-issuer', 'service-account-jwks-uri', 'service-account-key-file',
  'service-account-max-token-expiration', 'service-account-signing-endpoint', 'service-account-signing-key-file',
  'service-cluster-ip-range', 'service-node-port-range', 'show-hidden-metrics-for-version', 'shutdown-delay-duration',
  'shutdown-watch-termination-grace-period', 'stderrthreshold', 'storage-backend', 'storage-initialization-timeout',
  'storage-media-type', 'strict-transport-security-directives', 'target-ram-mb', 'tls-cert-file', 'tls-cipher-suites',
  'tls-min-version', 'tls-private-key-file', 'tls-sni-cert-key', 'token-auth-file', 'tracing-config-file', 'v',
  'vmodule', 'watch-cache-sizes',
];

const BOOLEAN = new Set(BOOLEAN_FLAGS);
const KNOWN = new Set([...BOOLEAN_FLAGS, ...VALUE_FLAGS]);

/** True for a flag kube-apiserver accepts (normalised name, without dashes). */
export const isKnownApiServerFlag = (name: string): boolean => KNOWN.has(name);

/** True unless the flag is boolean: `--name value` then reads `value` as the flag's value. */
export const apiServerFlagTakesValue = (name: string): boolean => !BOOLEAN.has(name);

/** The known flag nearest to an unknown one (one edit away, or a prefix), for suggestions. */
export function closestApiServerFlag(name: string): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const known of KNOWN) {
    const distance = editDistance(name, known, bestDistance);
    if (distance < bestDistance) {
      best = known;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning `limit`) once it reaches `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      rowMin = Math.min(rowMin, current[j]!);
    }
    if (rowMin >= limit) return limit;
    previous = current;
  }
  return Math.min(previous[b.length]!, limit);
}
