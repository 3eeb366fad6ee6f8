/**
 * `test/lsp/fixtures/web.yaml`: a Deployment with two privileged containers and a Pod that runs
 * as non-root. The protocol tests are about `privileged-container` and `run-as-non-root` on it;
 * the rest of the rule set reports other findings there too, which those tests leave out, so
 * adding a rule never changes what they check.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver/node';
import { LSP_FIXTURES } from './lsp-client.js';

export const WEB = readFileSync(join(LSP_FIXTURES, 'web.yaml'), 'utf8');

/** The rules the protocol tests watch on `WEB`. */
export const WEB_RULES: readonly string[] = ['privileged-container', 'run-as-non-root'];

/** Every finding of those rules on `WEB` with the default profile, as `summary` lists them. */
export const WEB_FINDINGS = ['10:4-10:8 run-as-non-root', '15:24-15:28 privileged-container', '19:24-19:28 privileged-container'];

/** The diagnostics of the watched rules, in their original order. */
export function ofWebRules<T extends Pick<Diagnostic, 'code'>>(diagnostics: readonly T[]): T[] {
  return diagnostics.filter((d) => WEB_RULES.includes(String(d.code)));
}
