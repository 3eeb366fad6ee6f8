/**
 * Finding kube-apiserver in pod specs (static pod manifests, Deployments) and reading its flags.
 * A container is the API server when its image is kube-apiserver, or its command starts it
 * (`kube-apiserver`, `hyperkube kube-apiserver`, or a shell script that runs kube-apiserver).
 * Flags in a shell script are read but never edited; a shell script that does not run
 * kube-apiserver itself (a wrapper script) leaves its flags unknown, and the container unchecked.
 */
import type { Container, PodSpec } from '../../engine/k8s.js';
import type { EditKit, TextEdit } from '../../engine/edits.js';
import type { RuleContext } from '../../engine/rule.js';
import { getSeq, isScalar, pairOf, stringAt, type Span, type YSeq } from '../../engine/model.js';
import { apiServerFlagTakesValue } from './apiserver-flags.js';
import { flagFix, flagText, lastFlag, parseFlags, scriptFlags, setFlagValue, type Flag } from './flags.js';
import { commandArguments, shellScriptOf } from './shell-script.js';
import { t } from '../../l10n/t.js';

export interface ApiServer {
  readonly container: Container;
  /** Every flag of `command` then `args`, in order. */
  readonly flags: readonly Flag[];
  /** Where a missing flag is reported: the `args:` key (or `command:` when the flags are there). */
  readonly anchor: Span;
  /** The list a missing flag is added to. */
  readonly list: YSeq;
  /** True when a shell script starts the server: flags cannot be added to it. */
  readonly inScript: boolean;
}

const cache = new WeakMap<Container['node'], ApiServer | null>();

/** The kube-apiserver containers of a pod. */
export function apiServersOf(pod: PodSpec, text: string): ApiServer[] {
  const out: ApiServer[] = [];
  for (const container of pod.containers) {
    let server = cache.get(container.node);
    if (server === undefined) {
      server = readApiServer(container, text) ?? null;
      cache.set(container.node, server);
    }
    if (server) out.push(server);
  }
  return out;
}

function readApiServer(container: Container, text: string): ApiServer | undefined {
  const command = getSeq(container.node, 'command');
  const args = getSeq(container.node, 'args');
  const script = shellScriptOf(text, command, args);
  if (script) {
    const words = commandArguments(script.words, BINARY);
    if (!words) return undefined;
    const flags = scriptFlags(words, script.seq, script.index, apiServerFlagTakesValue);
    const key = script.seq === args ? 'args' : 'command';
    return { container, flags, anchor: pairOf(container.node, key)!.key, list: script.seq, inScript: true };
  }
  if (!isApiServer(container, command, args)) return undefined;
  const flags = [command, args].flatMap((seq) => (seq ? parseFlags(text, seq, apiServerFlagTakesValue) : []));
  const argsHoldFlags = args && (args.items.length > 0 || !command);
  const key = argsHoldFlags ? 'args' : 'command';
  const list = argsHoldFlags ? args : command;
  if (!list) return undefined;
  return { container, flags, anchor: pairOf(container.node, key)!.key, list, inScript: false };
}

// `kube-apiserver`, or a per-architecture image such as `kube-apiserver-amd64`, with any tag or digest.
const IMAGE_NAME = /(?:^|\/)kube-apiserver(?:-(?:amd64|arm64|arm|ppc64le|s390x))?(?:[:@]|$)/;
const BINARY = /(?:^|\/)kube-apiserver$/;

function isApiServer(container: Container, command: YSeq | undefined, args: YSeq | undefined): boolean {
  const image = stringAt(container.node, 'image');
  if (image && IMAGE_NAME.test(image)) return true;
  const words = [...(command?.items ?? []).slice(0, 2), ...(args?.items ?? []).slice(0, 1)];
  return words.some((w) => isScalar(w) && typeof w.value === 'string' && BINARY.test(w.value));
}

/** The flag kube-apiserver would use for `name` (the last one given). */
export function flagOf(server: ApiServer, name: string): Flag | undefined {
  return lastFlag(server.flags, name);
}

/** Edits that add `--name=value` at the end of the server's flag list. */
export function addFlag(edits: EditKit, server: ApiServer, name: string, value?: string): TextEdit[] {
  return server.list.viaAlias || server.inScript ? [] : edits.appendItem(server.list, flagText(name, value));
}

/** The values of a comma-separated list flag (`--authorization-mode=Node,RBAC`). */
export function listValue(flag: Flag | undefined): string[] {
  return (flag?.value ?? '').split(',').map((v) => v.trim()).filter(Boolean);
}

export interface RequiredFlag {
  readonly name: string;
  readonly value: string;
  /** The messages for a missing flag and for one set to something else. */
  readonly missing: string;
  readonly wrong: string;
  /** Whether `--fix` may apply the fixes (not when a change could lock clients out). */
  readonly safe: boolean;
  /** When the change would certainly break this server (its own probes, say): the fix is then left to a person. */
  readonly manualWhen?: (server: ApiServer) => boolean;
}

/** Reports every API server of `pod` whose `--name` is missing or not `value`, with the fix that sets it. */
export function requireFlag(pod: PodSpec, context: RuleContext, required: RequiredFlag): void {
  const { name, value } = required;
  for (const server of apiServersOf(pod, context.text)) {
    const flag = flagOf(server, name);
    const manual = required.manualWhen?.(server) === true;
    const fixes = (title: string, edits: readonly TextEdit[]) => flagFix(title, edits, required.safe).map((fix) => (manual ? { ...fix, manual } : fix));
    if (!flag) {
      context.report({ at: server.anchor, message: required.missing, fixes: fixes(t('Add --{0}={1}', name, value), addFlag(context.edits, server, name, value)) });
    } else if (flag.value !== value) {
      context.report({ at: flag.span, message: required.wrong, fixes: fixes(t('Set --{0}={1}', name, value), setFlagValue(context.edits, flag, value)) });
    }
  }
}
