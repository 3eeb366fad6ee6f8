/**
 * Where a template lands and what its placeholders start as. A template that is a whole object
 * (it starts with `apiVersion:`) inserted into a document that already holds something becomes a
 * new YAML document after `---` at its end, so it never merges into the object above it. Its
 * namespace placeholders start as the file's namespace, and the pod selector of a NetworkPolicy
 * as the `app` label of the file's workload. Pure: no `vscode`.
 */

/** True when the template body is one or more whole Kubernetes objects (not a block to insert inside one). */
export function isWholeObject(body: string): boolean {
  return /^apiVersion:/.test(body);
}

/** The text to put before a whole-object template appended to `documentText` ('' when the document is empty). */
export function documentSeparator(documentText: string): string | undefined {
  if (documentText.trim() === '') return undefined;
  return `${documentText.endsWith('\n') ? '' : '\n'}---\n`;
}

/** `body` with its namespace and pod-label placeholders defaulting to what `documentText` uses. */
export function withDocumentDefaults(body: string, documentText: string): string {
  let out = body;
  const namespace = namespaceOf(documentText);
  if (namespace) out = out.replace(/(namespace: \$\{\d+:)[^}]*\}/g, `$1${namespace}}`);
  const app = appLabelOf(documentText);
  // Only a policy's pod selector: a workload template's `app` label is its own name.
  if (app && /^kind: NetworkPolicy$/m.test(body)) out = out.replace(/(podSelector:\n\s+matchLabels:\n\s+app: \$\{\d+:)[^}]*\}/, `$1${app}}`);
  return out;
}

/** The first namespace the file's objects name (`metadata.namespace`, or a Namespace's name). */
function namespaceOf(text: string): string | undefined {
  const written = /^ {2}namespace: *["']?([a-z0-9][a-z0-9.-]*)["']? *$/m.exec(text)?.[1];
  if (written) return written;
  return /^kind: Namespace\s*\nmetadata:\s*\n(?: {2}.*\n)*? {2}name: *["']?([a-z0-9][a-z0-9.-]*)/m.exec(text)?.[1];
}

/** The `app` label of the file's first workload pod template (or of its first labelled object). */
function appLabelOf(text: string): string | undefined {
  return /^\s+app(?:\.kubernetes\.io\/name)?: *["']?([A-Za-z0-9][\w.-]*)["']? *$/m.exec(text)?.[1];
}
