/**
 * The sysctls the Pod Security Standards (baseline, Kubernetes v1.37 policy) consider safe:
 * namespaced per pod and isolated from other pods and the node. Names are compared exactly, as
 * Pod Security Admission does.
 */
export const SAFE_SYSCTLS: ReadonlySet<string> = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  // added in 1.27
  'net.ipv4.ip_local_reserved_ports',
  // added in 1.29
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  // added in 1.32
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
  // allowed by the v1.37 policy (its conformance fixtures admit them)
  'net.ipv4.tcp_slow_start_after_idle',
  'net.ipv4.tcp_notsent_lowat',
]);

export const isSafeSysctl = (name: unknown): boolean => typeof name === 'string' && SAFE_SYSCTLS.has(name);
