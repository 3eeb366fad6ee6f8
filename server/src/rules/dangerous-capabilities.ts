import type { EditKit, TextEdit } from '../engine/edits.js';
import { describeContainer } from '../engine/k8s.js';
import { pairOf } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { BASELINE_CAPABILITIES, capabilitiesOf, RESTRICTED_CAPABILITIES, type ContainerCapabilities } from './lib/capabilities.js';
import { t } from '../l10n/t.js';
import { fixOf, removeEntry } from './lib/entry-edits.js';
import { isWindowsPod, scalarOf } from './lib/security-context.js';

export default defineRule({
  meta: {
    id: 'dangerous-capabilities',
    title: 'Dangerous capabilities added',
    severity: 'error',
    category: 'pod-security',
    rationale:
      'Capabilities such as SYS_ADMIN, NET_ADMIN, SYS_PTRACE or NET_RAW give a container powers over the kernel, the network or other processes that are enough to escape it or to attack its neighbours. The baseline level allows only a short list of harmless ones; the restricted level allows only NET_BIND_SERVICE.',
    remediation:
      'Remove the capability from `securityContext.capabilities.add`. Baseline allows AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT (exactly so spelled); restricted allows only NET_BIND_SERVICE (and does not apply to Windows pods).',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
    ],
    pss: { level: 'baseline', control: 'Capabilities', checks: ['capabilities_baseline', 'capabilities_restricted'] },
    fixable: true,
    fixSafety: {
      level: 'unsafe',
      reason:
        'The process may use the capability it was given (NET_ADMIN for network agents, SYS_TIME for time daemons): without it, it fails.',
    },
    differences: [
      'Every capability outside the baseline list is reported (SYS_PTRACE, NET_RAW, names written with a CAP_ prefix), where Polaris\'s dangerousCapabilities check lists only ALL, SYS_ADMIN and NET_ADMIN.',
    ],
  },
  checkPod(pod, context) {
    // Restricted replaces the baseline list with its own, from which Windows pods are exempt
    // (the API rejects capabilities on Windows pods anyway).
    const restricted = context.level === 'restricted';
    if (restricted && isWindowsPod(pod)) return;
    const allowed = restricted ? RESTRICTED_CAPABILITIES : BASELINE_CAPABILITIES;
    for (const container of pod.containers) {
      const capabilities = capabilitiesOf(container);
      const added = capabilities?.add;
      if (!capabilities || !added) continue;
      const forbidden = added.items.filter((item) => !allowed.has(String(scalarOf(item))));
      for (const item of forbidden) {
        const edits = removal(context.edits, capabilities, forbidden.length === added.items.length, added.items.indexOf(item));
        context.report({
          at: item,
          // A capability outside the baseline list breaks baseline already, whichever level is checked.
          message: BASELINE_CAPABILITIES.has(String(scalarOf(item)))
            ? t('{0} adds capability {1}, which the restricted level does not allow (it allows only NET_BIND_SERVICE).', describeContainer(container), String(scalarOf(item)))
            : t('{0} adds capability {1}, which the baseline level does not allow (nor, therefore, the restricted level).', describeContainer(container), String(scalarOf(item) ?? '?')),
          fixes: fixOf(t('Remove the capability'), edits, false),
        });
      }
    }
  },
});

/** Removes one added capability, or the whole `add` list when none of it may stay. */
function removal(edits: EditKit, capabilities: ContainerCapabilities, removeAll: boolean, index: number): TextEdit[] {
  const { add, map, holder } = capabilities;
  if (!add || !map || add.viaAlias) return [];
  return removeAll ? removeEntry(edits, holder, map, pairOf(map, 'add')!) : edits.removeItem(add, index);
}
