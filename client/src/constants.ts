/** Names shared by the client's modules; they must match the server and package.json. */
import type { DocumentSelector } from 'vscode-languageclient/node';

/** `Diagnostic.source` of every finding the server publishes. */
export const DIAGNOSTIC_SOURCE = 'kube-aegis';
export const FIX_ALL_KIND = 'source.fixAll.kube-aegis';
export const CONFIG_SECTION = 'kubeAegis';

/** Kubernetes manifests (YAML) and ABAC policy files (JSON Lines), saved or not. */
export const MANIFEST_LANGUAGES = ['yaml', 'jsonl'] as const;
export const DOCUMENT_SELECTOR: DocumentSelector = MANIFEST_LANGUAGES.flatMap((language) => [
  { scheme: 'file', language },
  { scheme: 'untitled', language },
]);
export const MANIFEST_GLOB = '**/*.{yaml,yml,jsonl}';

export const COMMANDS = {
  insertTemplate: 'kube-aegis.insertTemplate',
  fixAll: 'kube-aegis.fixAll',
  scanWorkspace: 'kube-aegis.scanWorkspace',
  selectProfile: 'kube-aegis.selectProfile',
  showRuleDocumentation: 'kube-aegis.showRuleDocumentation',
  showSecurityLevelFindings: 'kube-aegis.showSecurityLevelFindings',
} as const;
