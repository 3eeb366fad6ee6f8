import { describeObject } from '../engine/k8s.js';
import { pairOf, stringAt } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { roleRefOf } from './lib/rbac.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'rbac-cluster-admin-binding',
    title: 'Bindings to cluster-admin',
    severity: 'warning',
    category: 'rbac',
    rationale:
      '`cluster-admin` allows everything on every resource in every namespace. A subject bound to it, whether a person, a group or a service account of some workload, is a full cluster compromise if its credentials leak.',
    remediation: 'Bind a role that grants only what the subject needs; keep `cluster-admin` for break-glass access through `system:masters` certificates.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles', 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/'],
    fixable: false,
    differences: [
      'A binding to a role other than `cluster-admin` is not reported here, even when that role grants every verb on every resource, where Polaris\'s cluster-admin checks follow a binding to the role it names: rbac-wildcard reports such a role where its wildcards are written, and a role that lists every verb by name is not treated as `cluster-admin`.',
    ],
  },
  checkObject(object, context) {
    const ref = roleRefOf(object);
    if (!ref || stringAt(ref, 'kind') !== 'ClusterRole' || stringAt(ref, 'name') !== 'cluster-admin') return;
    context.report({ at: pairOf(ref, 'name')!.value, message: t('{0} grants cluster-admin: full control of the cluster.', describeObject(object)) });
  },
});
