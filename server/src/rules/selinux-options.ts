import { getMap, pairOf, type YPair } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { fixOf, removeEntry } from './lib/entry-edits.js';
import { describeLevel, explicitSettings, scalarOf } from './lib/security-context.js';
import { t } from '../l10n/t.js';

const KEYS = ['type', 'user', 'role'] as const;
type Key = (typeof KEYS)[number];

/** SELinux types the baseline level allows (the empty string means the runtime's default). */
const ALLOWED_TYPES: ReadonlySet<string> = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

export default defineRule({
  meta: {
    id: 'selinux-options',
    title: 'SELinux options',
    severity: 'error',
    category: 'pod-security',
    rationale:
      'The SELinux label decides what a container may touch on the node. A custom type (such as `spc_t` or `unconfined_t`) or a custom user or role can lift the confinement that the container types give.',
    remediation:
      'Remove `seLinuxOptions.user` and `seLinuxOptions.role`, and leave `seLinuxOptions.type` unset or one of container_t, container_init_t, container_kvm_t, container_engine_t. `level` may be set.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#assign-selinux-labels-to-a-container',
    ],
    pss: { level: 'baseline', control: 'SELinux', checks: ['seLinuxOptions'] },
    fixable: true,
    fixSafety: {
      level: 'unsafe',
      reason:
        'A custom SELinux user, role or type was chosen for a policy on the node; without it the process runs with a container type that may be denied what it needs.',
    },
  },
  checkPod(pod, context) {
    for (const setting of explicitSettings(pod, 'seLinuxOptions')) {
      const options = getMap(setting.pair.value);
      if (!options) continue;
      const offending = KEYS.map((key) => ({ key, pair: pairOf(options, key) })).filter((o): o is { key: Key; pair: YPair } => !!o.pair && !allowed(o.key, o.pair));
      for (const { key, pair } of offending) {
        const edits = removeEntry(context.edits, setting.pair, options, pair, offending.map((o) => o.pair));
        context.report({
          at: pair.value,
          message: key === 'type'
            ? t('{0} sets SELinux type {1}, which is not one of the container types.', describeLevel(setting), String(scalarOf(pair.value)))
            : t('{0} sets a custom SELinux {1}.', describeLevel(setting), key),
          fixes: fixOf(t('Remove seLinuxOptions.{0}', key), edits, false),
        });
      }
    }
  },
});

/** Whether the value of `key` is allowed: a container type, or (for user and role) nothing at all. */
function allowed(key: Key, pair: YPair): boolean {
  const value = scalarOf(pair.value);
  if (value === undefined) return false;
  const text = value === null ? '' : String(value);
  return key === 'type' ? ALLOWED_TYPES.has(text) : text === '';
}
