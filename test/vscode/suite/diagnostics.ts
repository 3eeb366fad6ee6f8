/** Waiting for the language server's diagnostics on the event, never by sleeping. */
import * as vscode from 'vscode';

export const SOURCE = 'kube-aegis';
const WAIT_MS = 45_000;

export function ruleOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return String(typeof code === 'object' ? code.value : code);
}

export function findingsOf(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/** Resolves with the document's Kube Aegis diagnostics once `accept` holds for them. */
export function waitForFindings(uri: vscode.Uri, accept: (findings: vscode.Diagnostic[]) => boolean, what: string): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const findings = findingsOf(uri);
      if (!accept(findings)) return false;
      finish();
      resolve(findings);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      finish();
      const seen = findingsOf(uri).map((d) => `${d.range.start.line + 1}:${ruleOf(d)}`);
      reject(new Error(`timed out waiting for ${what} on ${uri.path}; diagnostics now: ${seen.join(', ') || 'none'}`));
    }, WAIT_MS);
    const finish = () => {
      clearTimeout(timer);
      subscription.dispose();
    };
    check();
  });
}

/** Waits until the document has findings of every rule in `rules`. */
export function waitForRules(uri: vscode.Uri, rules: readonly string[]): Promise<vscode.Diagnostic[]> {
  return without(uri, [], rules);
}

/** Waits until the document has no finding of the rules in `gone` and some of each rule in `kept`. */
export function without(uri: vscode.Uri, gone: readonly string[], kept: readonly string[] = []): Promise<vscode.Diagnostic[]> {
  return waitForFindings(
    uri,
    (findings) => {
      const seen = new Set(findings.map(ruleOf));
      return gone.every((rule) => !seen.has(rule)) && kept.every((rule) => seen.has(rule));
    },
    `[${kept.join(', ')}] and none of [${gone.join(', ')}]`,
  );
}
