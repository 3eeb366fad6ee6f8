import type { PodSpec } from '../engine/k8s.js';
import { getMap, type YPair } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { fixOf, setValue } from './lib/entry-edits.js';
import { confines, profileSettings, profileToRuntimeDefault } from './lib/profiles.js';
import { describeLevel, scalarOf } from './lib/security-context.js';
import { t } from '../l10n/t.js';

/** The per-container AppArmor annotation, deprecated since the `appArmorProfile` field but still honoured. */
const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

export default defineRule({
  meta: {
    id: 'apparmor-profile',
    title: 'AppArmor profile',
    severity: 'error',
    category: 'pod-security',
    rationale:
      'AppArmor confines what files, capabilities and network operations a container may use. An `Unconfined` profile (or the `unconfined` annotation value) turns that protection off, so a compromised process is limited only by its other settings.',
    remediation:
      'Use `appArmorProfile: {type: RuntimeDefault}` (or `Localhost` with a profile loaded on the node); in the deprecated annotation `container.apparmor.security.beta.kubernetes.io/<container>`, use `runtime/default` or `localhost/<profile>`.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/tutorials/security/apparmor/',
    ],
    pss: { level: 'baseline', control: 'AppArmor', checks: ['appArmorProfile'] },
    fixable: true,
    fixSafety: {
      level: 'unsafe',
      reason:
        'The runtime\'s default AppArmor profile denies mounts and writes to parts of `/proc` and `/sys`; a workload given `Unconfined` may rely on them.',
    },
  },
  checkPod(pod, context) {
    for (const profile of profileSettings(pod, 'appArmorProfile')) {
      if (confines(profile)) continue;
      context.report({
        at: profile.typePair?.value ?? profile.holder.key,
        message: profile.container
          ? t('{0} sets AppArmor profile type {1}: only RuntimeDefault and Localhost confine the container.', describeLevel(profile), String(profile.type ?? t('(none)')))
          : t('{0} sets AppArmor profile type {1}: only RuntimeDefault and Localhost confine its containers.', describeLevel(profile), String(profile.type ?? t('(none)'))),
        fixes: fixOf(t('Use the RuntimeDefault AppArmor profile'), profileToRuntimeDefault(context.edits, profile), false),
      });
    }
    for (const annotation of forbiddenAnnotations(pod)) {
      const container = String(annotation.key.value).slice(ANNOTATION_PREFIX.length);
      context.report({
        at: annotation.value,
        message: t('The AppArmor annotation for container "{0}" is neither runtime/default nor localhost/<profile>: the container is not confined.', container),
        fixes: fixOf(t('Use runtime/default'), setValue(context.edits, annotation, 'runtime/default'), false),
      });
    }
  },
});

/** AppArmor annotations of the pod's metadata whose value is not empty, runtime/default or localhost/... */
function forbiddenAnnotations(pod: PodSpec): YPair[] {
  const annotations = getMap(pod.podMetadata, 'annotations');
  return (annotations?.pairs ?? []).filter((pair) => {
    if (typeof pair.key.value !== 'string' || !pair.key.value.startsWith(ANNOTATION_PREFIX)) return false;
    const value = scalarOf(pair.value);
    const text = value === null || value === undefined ? '' : String(value);
    return !(text === '' || text === 'runtime/default' || text.startsWith('localhost/'));
  });
}
