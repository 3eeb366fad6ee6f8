/**
 * `kubeAegis/documentStatus`: what the status bar says about a document (shared by client and
 * server). The profile is the effective one, with where it comes from; a document that holds no
 * Kubernetes object is said to be no manifest rather than clean.
 */
import type { ConfigurationProblems } from './scan-protocol.js';

export const DOCUMENT_STATUS_METHOD = 'kubeAegis/documentStatus';

export interface DocumentStatusParams {
  readonly uri: string;
}

/** `manifest`: Kubernetes objects; `policy`: an ABAC policy file; `other`: YAML that is neither. */
export type DocumentKind = 'manifest' | 'policy' | 'other' | 'excluded';

export interface DocumentStatus {
  readonly kind: DocumentKind;
  readonly profile: string;
  readonly profileSource: 'setting' | 'configuration file' | 'default';
  /** The `.kube-aegis.yaml` that applies, if any. */
  readonly configUri?: string;
  /** Set when that file has mistakes. */
  readonly configProblems?: ConfigurationProblems;
}
