import { getMap, pairOf } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { t } from '../l10n/t.js';

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const LEVELS = new Set(['privileged', 'baseline', 'restricted']);

export default defineRule({
  meta: {
    id: 'namespace-pod-security-labels',
    title: 'Namespaces without Pod Security enforcement',
    severity: 'warning',
    category: 'tenancy',
    rationale:
      'Pod Security Admission checks pods only in namespaces labelled `pod-security.kubernetes.io/enforce`. Without the label (and without a cluster-wide default) any pod, privileged ones included, is admitted into the namespace.',
    remediation:
      'Label the namespace `pod-security.kubernetes.io/enforce: restricted` (or `baseline` where workloads cannot meet restricted yet); `warn` and `audit` labels at the same level help while migrating.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-admission/',
      'https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-namespace-labels/',
    ],
    fixable: true,
    fixSafety: {
      level: 'unsafe',
      reason:
        'Enforcing a level makes the API server reject new pods of the namespace that do not meet it: deployments that ran fine stop getting replacement pods.',
    },
  },
  checkObject(object, context) {
    if (object.kind !== 'Namespace') return;
    const metadata = getMap(object.node, 'metadata');
    const labels = getMap(metadata, 'labels');
    const enforce = pairOf(labels, ENFORCE);
    const title = t('Add the label {0}: {1}', ENFORCE, context.level);
    const name = object.name ? t('namespace {0}', object.name) : t('this namespace');
    if (!enforce) {
      const edits = metadata ? context.edits.setPath(metadata, ['labels', ENFORCE], context.level) : context.edits.setPath(object.node, ['metadata', 'labels', ENFORCE], context.level);
      context.report({
        at: pairOf(metadata, 'labels')?.key ?? pairOf(object.node, 'metadata')?.key ?? pairOf(object.node, 'kind')!.value,
        message: t('{0} has no {1} label: Pod Security Admission admits any pod into it, privileged ones included.', name, ENFORCE),
        fixes: edits ? [{ title, edits, safe: false }] : [],
      });
      return;
    }
    const value = enforce.value;
    if (value.kind === 'scalar' && typeof value.value === 'string' && LEVELS.has(value.value)) return;
    context.report({
      at: value.kind === 'scalar' && value.empty ? enforce.key : value,
      message: t('{0}: the value of {1} is not a Pod Security level (privileged, baseline or restricted).', name, ENFORCE),
      fixes: [{ title: t('Set {0}: {1}', ENFORCE, context.level), edits: value.kind === 'scalar' && value.empty ? [{ start: value.start, end: value.end, text: ` ${context.level}` }] : [context.edits.replace(value, context.level)], safe: false }],
    });
  },
});
