/**
 * Whether a securityContext setting, once it takes effect, makes the workload less secure than
 * leaving it out. Fixes that move or rename a setting (so that it starts to apply) are only safe
 * when it does not.
 */
import { isSafeSysctl } from './sysctls.js';

type Plain = unknown;

const isRecord = (value: Plain): value is Record<string, Plain> => typeof value === 'object' && value !== null && !Array.isArray(value);
const field = (value: Plain, key: string): Plain => (isRecord(value) ? value[key] : undefined);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

const WEAKENING: Readonly<Record<string, (value: Plain) => boolean>> = {
  privileged: (value) => value === true,
  allowPrivilegeEscalation: (value) => value === true,
  runAsNonRoot: (value) => value === false,
  runAsUser: (value) => value === 0,
  runAsGroup: (value) => value === 0,
  procMount: (value) => value !== undefined && value !== null && value !== 'Default',
  capabilities: (value) => Array.isArray(field(value, 'add')) && (field(value, 'add') as Plain[]).length > 0,
  sysctls: (value) => Array.isArray(value) && value.some((item) => !isSafeSysctl(field(item, 'name'))),
  windowsOptions: (value) => field(value, 'hostProcess') === true,
  seccompProfile: (value) => field(value, 'type') === 'Unconfined',
  appArmorProfile: (value) => field(value, 'type') === 'Unconfined',
  seLinuxOptions: (value) => {
    const type = field(value, 'type');
    return Boolean(field(value, 'user') || field(value, 'role')) || (typeof type === 'string' && !SELINUX_TYPES.has(type));
  },
};

/** True when setting securityContext `key` to `value` loosens the pod's or container's confinement. */
export function weakensSecurity(key: string, value: Plain): boolean {
  return WEAKENING[key]?.(value) ?? false;
}

/** Settings that, once they take effect, a workload that ran without them may not meet. */
const RESTRICTING: Readonly<Record<string, (value: Plain) => boolean>> = {
  runAsNonRoot: (value) => value === true,
  readOnlyRootFilesystem: (value) => value === true,
  // Another user or group changes which files the process may read and write.
  runAsUser: (value) => value !== null && value !== undefined,
  runAsGroup: (value) => value !== null && value !== undefined,
  fsGroup: (value) => value !== null && value !== undefined,
  supplementalGroups: (value) => Array.isArray(value) && value.length > 0,
  capabilities: (value) => Array.isArray(field(value, 'drop')) && (field(value, 'drop') as Plain[]).length > 0,
  seccompProfile: (value) => isRecord(value) && field(value, 'type') !== 'Unconfined',
  appArmorProfile: (value) => isRecord(value) && field(value, 'type') !== 'Unconfined',
  seLinuxOptions: (value) => isRecord(value) && Object.keys(value).length > 0,
  sysctls: (value) => Array.isArray(value) && value.length > 0,
  windowsOptions: (value) => isRecord(value) && Object.keys(value).length > 0,
};

/**
 * True when setting securityContext `key` to `value` turns on a restriction that can stop a
 * workload from starting or working (the image runs as root, writes to its filesystem, needs a
 * capability...). Fixes that make such a setting take effect are unsafe.
 */
export function restrictsWorkload(key: string, value: Plain): boolean {
  return RESTRICTING[key]?.(value) ?? false;
}
