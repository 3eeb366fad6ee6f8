import type { Fix } from '../engine/edits.js';
import { defineRule, type RuleContext } from '../engine/rule.js';
import { addFlag, apiServersOf, flagOf, listValue } from './lib/apiserver.js';
import { flagFix, removeFlag, setFlagValue, type Flag } from './lib/flags.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'apiserver-admission-plugins',
    title: 'API server admission plugins',
    severity: 'warning',
    category: 'control-plane',
    rationale:
      '`AlwaysAdmit` admits every request unchecked. `NodeRestriction` (not on by default) stops a kubelet from changing other nodes and pods it does not run, so one compromised node cannot take over the rest of the cluster.',
    remediation: 'Remove `AlwaysAdmit` and add `NodeRestriction` to `--enable-admission-plugins` (and keep it out of `--disable-admission-plugins`).',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#noderestriction'],
    fixable: true,
    fixSafety: {
      level: 'depends',
      reason:
        'Removing AlwaysAdmit is safe: it never denies anything. Enabling NodeRestriction is unsafe: kubelets that register with restricted labels (such as `node-role.kubernetes.io/*` through `--node-labels`) are refused.',
    },
  },
  checkPod(pod, context) {
    for (const server of apiServersOf(pod, context.text)) {
      const enable = flagOf(server, 'enable-admission-plugins') ?? flagOf(server, 'admission-control');
      const enabled = listValue(enable);
      if (enable && enabled.includes('AlwaysAdmit')) {
        context.report({ at: enable.span, message: t('AlwaysAdmit is enabled: requests are admitted without checks.'), fixes: editList(context, enable, enabled.filter((p) => p !== 'AlwaysAdmit'), t('Remove AlwaysAdmit'), true) });
      }
      const disable = flagOf(server, 'disable-admission-plugins');
      const disabled = listValue(disable);
      if (disable && disabled.includes('NodeRestriction')) {
        context.report({ at: disable.span, message: t('NodeRestriction is disabled: a kubelet can modify nodes and pods that are not its own.'), fixes: editList(context, disable, disabled.filter((p) => p !== 'NodeRestriction'), t('Stop disabling NodeRestriction'), false) });
      } else if (!enable) {
        context.report({
          at: server.anchor,
          message: t('NodeRestriction is not enabled (no --enable-admission-plugins): a kubelet can modify nodes and pods that are not its own.'),
          fixes: flagFix(t('Add --enable-admission-plugins=NodeRestriction'), addFlag(context.edits, server, 'enable-admission-plugins', 'NodeRestriction'), false),
        });
      } else if (!enabled.includes('NodeRestriction')) {
        context.report({ at: enable.span, message: t('NodeRestriction is not enabled: a kubelet can modify nodes and pods that are not its own.'), fixes: editList(context, enable, [...enabled, 'NodeRestriction'], t('Enable NodeRestriction'), false) });
      }
    }
  },
});

/** A fix that sets a plugin list flag to `plugins`, or removes the flag when the list is empty. */
function editList(context: RuleContext, flag: Flag, plugins: readonly string[], title: string, safe: boolean): Fix[] {
  const edits = plugins.length ? setFlagValue(context.edits, flag, plugins.join(',')) : removeFlag(context.edits, flag);
  return flagFix(title, edits, safe);
}
