/**
 * What a rule is: metadata (from which docs, settings and the config schema are generated)
 * and a check that reads the positioned model and reports findings with their fixes.
 */
import type { AbacPolicy } from './abac.js';
import type { EditKit, Fix } from './edits.js';
import type { K8sObject, PodSpec } from './k8s.js';
import type { Span } from './model.js';
import type { WorkspaceContext, WorkspaceView } from './workspace.js';

export type Severity = 'error' | 'warning' | 'info';
export type PssLevel = 'baseline' | 'restricted';

export type Category =
  | 'pod-security'
  | 'workload'
  | 'images'
  | 'control-plane'
  | 'rbac'
  | 'abac'
  | 'tenancy'
  | 'network'
  | 'api-versions'
  | 'syntax'
  | 'rendering';

export interface PssControl {
  /** The lowest Pod Security Standards level that enforces this control. */
  readonly level: PssLevel;
  /** The control's name in the Pod Security Standards, e.g. "Privileged Containers". */
  readonly control: string;
  /** The Pod Security Admission check ids it implements, e.g. `privileged`. */
  readonly checks: readonly string[];
}

/**
 * Whether the rule's fixes may be applied without a person reading them: a safe fix cannot stop a
 * working workload from starting, change how it is reached, or invent a value the author must
 * choose. `--fix` and the editor's fix-all apply safe fixes only unless asked for unsafe ones.
 */
export interface FixSafety {
  /** `depends`: the rule decides per finding (the reason says when a fix is safe). */
  readonly level: 'safe' | 'unsafe' | 'depends';
  readonly reason: string;
}

export interface RuleMeta {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly category: Category;
  readonly rationale: string;
  readonly remediation: string;
  readonly references: readonly string[];
  readonly pss?: PssControl;
  readonly fixable: boolean;
  /** Required when `fixable`: how safe the fixes are, and why (shown in the docs and the README). */
  readonly fixSafety?: FixSafety;
  /**
   * Why a control-plane static pod (kube-apiserver, etcd, kube-controller-manager,
   * kube-scheduler) legitimately has what this rule reports. On such a pod the rule's findings
   * become information with this reason, and offer no fix.
   */
  readonly controlPlaneNeed?: string;
  /** Off unless configured (for opinionated or noisy rules). */
  readonly disabledByDefault?: boolean;
  /**
   * Where this rule's verdicts knowingly differ from other linters' checks of the same thing
   * (kube-linter, Polaris, kubesec, kube-score, Kubescape), and why: one sentence per difference.
   */
  readonly differences?: readonly string[];
}

export interface ResourceDefaults {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

export interface RuleSettings {
  readonly trustedRegistries: readonly string[];
  readonly resources: ResourceDefaults;
  /** The Kubernetes minor the manifests target (`1.34`), unless a control-plane image says otherwise. */
  readonly kubernetesVersion: string;
}

export interface Report {
  /** The offending key or value; for something missing, the block that should hold it. */
  readonly at: Span;
  readonly message: string;
  readonly fixes?: readonly Fix[];
  /**
   * This finding's severity when it differs from the rule's default (e.g. a hostPath volume of a
   * sensitive path). A severity configured for the rule still wins.
   */
  readonly severity?: Severity;
}

export interface RuleContext {
  /** The text being checked (offsets in the model point into it): a YAML document, or one ABAC policy line. */
  readonly text: string;
  /** Baseline under `--profile baseline`, restricted otherwise. */
  readonly level: PssLevel;
  readonly settings: RuleSettings;
  readonly edits: EditKit;
  report(report: Report): void;
}

export interface Rule {
  readonly meta: RuleMeta;
  /** Called for each line of an ABAC policy file (JSON Lines), valid or not. */
  checkAbacPolicy?(policy: AbacPolicy, context: RuleContext): void;
  /** Called for each pod spec (Pod, workload templates, PodTemplate). */
  checkPod?(pod: PodSpec, context: RuleContext): void;
  /** Called for each Kubernetes object. */
  checkObject?(object: K8sObject, context: RuleContext): void;
  /**
   * Called once for the whole analysed set (every file of a CLI run, every manifest of the
   * editor's workspace), for checks that need to see other objects: a Namespace and its
   * NetworkPolicies may live in different files. Findings are reported against an object.
   */
  checkWorkspace?(view: WorkspaceView, context: WorkspaceContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

export const RULE_DOCS_BASE = 'https://github.com/kube-aegis/kube-aegis/blob/main/docs/rules/';

/** The published documentation page of a rule; `zh-cn` gives its Simplified Chinese page. */
export function ruleDocUrl(id: string, locale: string = 'en'): string {
  return locale === 'zh-cn' ? `${RULE_DOCS_BASE}zh-cn/${id}.md` : `${RULE_DOCS_BASE}${id}.md`;
}
