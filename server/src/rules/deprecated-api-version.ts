import type { EditKit, Fix, TextEdit } from '../engine/edits.js';
import type { K8sObject } from '../engine/k8s.js';
import { get, getMap, isMap, itemsAt, pairOf } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { readLabels } from '../engine/selectors.js';
import { ALPHA_NETWORK_POLICY_API, migrateAlphaNetworkPolicy } from './lib/alpha-network-policy.js';
import { removalOf } from './lib/api-removals.js';
import { settingTarget } from './lib/target-version.js';
import { t } from '../l10n/t.js';

/** Pre-apps/v1 versions that defaulted a missing selector to the template labels. */
const SELECTOR_DEFAULTING = new Set(['extensions/v1beta1', 'apps/v1beta1']);
/** Kinds whose update strategy defaulted to OnDelete in these versions, and RollingUpdate in apps/v1. */
const ON_DELETE_DEFAULT = new Set(['extensions/v1beta1 DaemonSet', 'apps/v1beta1 StatefulSet']);

export default defineRule({
  meta: {
    id: 'deprecated-api-version',
    title: 'Removed API versions',
    severity: 'warning',
    category: 'api-versions',
    rationale:
      'API servers stop serving beta and alpha versions a few releases after the stable one ships. A manifest written against a removed version fails to apply on an upgraded cluster, usually in the middle of an incident or an upgrade, and security objects (NetworkPolicies, RBAC, PodDisruptionBudgets) silently stop being deployed.',
    remediation:
      'Change `apiVersion` to the stable version. Versions are reported once the target Kubernetes version (setting `kubernetesVersion`, default the newest stable minor) no longer serves them. Where the shape changed (Ingress backends, the alpha NetworkPolicy) migrate the fields too; PodSecurityPolicy has no successor and is replaced by Pod Security Admission namespace labels.',
    references: ['https://kubernetes.io/docs/reference/using-api/deprecation-guide/'],
    fixable: true,
    fixSafety: {
      level: 'depends',
      reason:
        'Changing the apiVersion is safe where the new version reads the object the same way; the fix writes down the old defaults that changed (the selector, the update strategy). It is unsafe where the meaning changes: an empty PodDisruptionBudget selector, removed fields, RBAC subjects written the alpha way, and the alpha NetworkPolicy (v1 policies isolate the pods they select).',
    },
    differences: [
      'A removed version is judged against the Kubernetes minor the manifests target (the newest stable minor unless configured or named by a control-plane image), so `batch/v1beta1` CronJobs are reported, where kube-score\'s stable-version check judges against 1.18 unless told otherwise.',
    ],
  },
  checkObject(object, context) {
    const removal = removalOf(object.apiVersion, object.kind);
    const apiVersion = pairOf(object.node, 'apiVersion');
    // A cluster older than the removal still serves the version (setting kubernetesVersion).
    if (!removal || !apiVersion || Number(removal.removedIn.split('.')[1]) > settingTarget(context.settings).minor) return;
    const what = `${object.apiVersion} ${object.kind}`;
    const history = removal.history?.() ?? t('removed in Kubernetes {0}', removal.removedIn);
    const shapeChange = removal.shapeChange?.() ?? '';
    context.report({
      at: apiVersion.value,
      message: !removal.replacement
        ? t('{0} is no longer served ({1}): {2}.', what, history, shapeChange)
        : removal.shapeChange
          ? t('{0} is no longer served ({1}): use {2}; {3}.', what, history, removal.replacement, shapeChange)
          : t('{0} is no longer served ({1}): use {2}.', what, history, removal.replacement),
      fixes: fixesFor(object, context.edits, removal.replacement, removal.shapeChange !== undefined),
    });
  },
});

function fixesFor(object: K8sObject, edits: EditKit, replacement: string | undefined, shapeChanges: boolean): Fix[] {
  if (!replacement) return [];
  if (object.apiVersion === ALPHA_NETWORK_POLICY_API) {
    const migration = migrateAlphaNetworkPolicy(object, edits);
    // Alpha policies isolated pods only in namespaces annotated for isolation; v1 policies always do.
    return migration ? [{ title: t('Migrate to {0} (the pods it selects become isolated)', replacement), edits: migration, safe: false }] : [];
  }
  if (shapeChanges) return [];
  const rewrite = edits.replace(pairOf(object.node, 'apiVersion')!.value, replacement);
  const kept = keepOldDefaults(object, edits);
  if (!kept) return [];
  const unsafeBecause = changedMeaning(object);
  const title = kept.length ? t('Change apiVersion to {0} and keep the old defaults explicit', replacement) : t('Change apiVersion to {0}', replacement);
  return [{ title, edits: [rewrite, ...kept], safe: unsafeBecause === undefined }];
}

/**
 * Edits that write down what the old version defaulted and the new one defaults differently:
 * the selector (taken from the template labels) and the OnDelete update strategy. Undefined when
 * the object cannot be expressed in the new version (no selector and no template labels).
 */
function keepOldDefaults(object: K8sObject, edits: EditKit): TextEdit[] | undefined {
  const spec = getMap(object.node, 'spec');
  const out: TextEdit[] = [];
  if (!spec || !SELECTOR_DEFAULTING.has(object.apiVersion) || !get(spec, 'template')) return out;
  if (!pairOf(spec, 'selector')) {
    const labels = readLabels(get(spec, 'template', 'metadata', 'labels'));
    if (Object.keys(labels).length === 0) return undefined;
    const selector = edits.setPath(spec, ['selector', 'matchLabels'], labels);
    if (!selector) return undefined;
    out.push(...selector);
  }
  if (ON_DELETE_DEFAULT.has(`${object.apiVersion} ${object.kind}`) && !pairOf(spec, 'updateStrategy')) {
    out.push(...(edits.setPath(spec, ['updateStrategy', 'type'], 'OnDelete') ?? []));
  }
  return out;
}

/** Why rewriting the apiVersion alone would change what the object does, if it would. */
function changedMeaning(object: K8sObject): string | undefined {
  const spec = getMap(object.node, 'spec');
  if (object.kind === 'PodDisruptionBudget') {
    const selector = getMap(spec, 'selector');
    // policy/v1beta1 read an empty selector as "no pods", policy/v1 as "every pod of the namespace".
    if (!selector || selector.pairs.length === 0) return 'empty selector';
  }
  if (object.kind === 'Deployment' && (pairOf(spec, 'rollbackTo') || pairOf(spec, 'templateGeneration'))) return 'removed fields';
  if (object.kind === 'DaemonSet' && pairOf(spec, 'templateGeneration')) return 'removed fields';
  if (object.apiVersion.endsWith('/v1alpha1') && itemsAt(object.node, 'subjects').some((s) => isMap(s) && pairOf(s, 'apiVersion'))) {
    return 'subjects written with apiVersion instead of apiGroup';
  }
  return undefined;
}
