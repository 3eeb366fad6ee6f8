import { describeContainer } from '../engine/k8s.js';
import { pairOf, type Span } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { t } from '../l10n/t.js';
import { fixOf } from './lib/entry-edits.js';
import { capabilitiesOf } from './lib/capabilities.js';
import { containerSecurityContext, holdsMisspellingOf, isWindowsPod, scalarOf, setInContainerSecurityContext } from './lib/security-context.js';

export default defineRule({
  meta: {
    id: 'capabilities-drop-all',
    title: 'Capabilities not dropped',
    severity: 'warning',
    category: 'pod-security',
    rationale:
      'Container runtimes grant a default set of Linux capabilities (such as NET_RAW, which allows spoofing packets on the pod network). Dropping ALL and adding back only what the process needs removes that ambient privilege.',
    remediation: 'Add `ALL` to `securityContext.capabilities.drop` of every container (add back only `NET_BIND_SERVICE` if needed). Windows pods (`spec.os.name: windows`) are exempt.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container',
    ],
    pss: { level: 'restricted', control: 'Capabilities', checks: ['capabilities_restricted'] },
    fixable: true,
    fixSafety: {
      level: 'depends',
      reason:
        'Programs that rely on a default capability (binding a port below 1024, changing file ownership, `ping`) fail once ALL is dropped; respelling `All` as `ALL`, which the author already meant to drop, is safe.',
    },
    differences: [
      'A drop entry spelled in another case (`all`, `All`) is reported at that entry with a safe respelling, since Kubernetes compares capability names case-sensitively and Pod Security Admission accepts only `ALL`.',
      'Dropping a list of named capabilities is not enough: the restricted Pod Security Standard requires `ALL` in `drop`, where Polaris\'s insecureCapabilities check accepts a container that drops its own list of insecure capabilities.',
      'Each container that does not drop `ALL` is reported, where kubesec awards its CapDropAll point when any one container of the pod drops it.',
    ],
  },
  checkPod(pod, context) {
    // Linux capabilities do not exist on Windows: the restricted policy exempts Windows pods.
    if (isWindowsPod(pod)) return;
    for (const container of pod.containers) {
      const capabilities = capabilitiesOf(container);
      if (capabilities?.drop?.items.some((item) => scalarOf(item) === 'ALL')) continue;
      // `drop: [All]` says what the author meant, spelled so that Kubernetes does not read it as ALL.
      const respelt = capabilities?.drop?.items.find((item) => String(scalarOf(item) ?? '').toUpperCase() === 'ALL');
      if (respelt) {
        context.report({
          at: respelt,
          message: t('{0} drops "{1}": capability names are case-sensitive, and only ALL (in capitals) drops every capability.', describeContainer(container), String(scalarOf(respelt))),
          fixes: fixOf(t('Spell it ALL'), respelt.viaAlias ? undefined : [context.edits.replace(respelt, 'ALL')], true),
        });
        continue;
      }
      const dropPair = pairOf(capabilities?.map, 'drop');
      const at: Span = dropPair?.key ?? capabilities?.holder.key ?? container.anchor;
      const drop = capabilities?.drop;
      // A misspelt `capabilites` or `drops` is renamed by unknown-security-field: adding beside it would write the key twice.
      const misspelt = capabilities ? holdsMisspellingOf(capabilities.map, 'drop', ['add', 'drop']) : holdsMisspellingOf(containerSecurityContext(container), 'capabilities');
      const edits = drop
        ? drop.viaAlias ? undefined : context.edits.appendItem(drop, 'ALL')
        : misspelt ? undefined : setInContainerSecurityContext(context.edits, container, ['capabilities', 'drop'], ['ALL']);
      context.report({
        at,
        message: t('{0} does not drop ALL capabilities.', describeContainer(container)),
        fixes: fixOf(t('Add ALL to capabilities.drop'), edits, false),
      });
    }
  },
});
