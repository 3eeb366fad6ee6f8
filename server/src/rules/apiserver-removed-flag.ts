import { defineRule } from '../engine/rule.js';
import { apiServersOf } from './lib/apiserver.js';
import { flagFix, removeFlag, type Flag } from './lib/flags.js';
import { kubeletsOf } from './lib/kubelet-flags.js';
import { removedFlag, type FlagComponent } from './lib/removed-flags.js';
import { containerTarget } from './lib/target-version.js';
import type { Container } from '../engine/k8s.js';
import type { RuleContext } from '../engine/rule.js';

export default defineRule({
  meta: {
    id: 'apiserver-removed-flag',
    title: 'Flags the target Kubernetes version removed',
    severity: 'error',
    category: 'control-plane',
    rationale:
      'kube-apiserver and the kubelet exit at start-up on a flag they do not know ("unknown flag: --insecure-port"). Flags that older manifests and guides still carry were removed: `--tls-ca-file` in 1.11, `--basic-auth-file` in 1.19, `--kubelet-https` in 1.22, the insecure serving flags (`--insecure-port`, `--insecure-bind-address`, `--port`, `--address`) in 1.24; from the kubelet, `--allow-privileged` in 1.15, the dockershim flags (`--network-plugin`, `--cni-bin-dir`, `--cni-conf-dir`, `--docker-endpoint`, ...) in 1.24 and `--container-runtime` in 1.27. A control plane upgraded with such a manifest does not come back. The version checked is the one in the component\'s image tag (`kube-apiserver:v1.31.0`), else the `kubernetesVersion` setting.',
    remediation: 'Remove the flag (and configure what replaced it, if anything: the container runtime for the dockershim flags, client certificates or tokens for basic authentication).',
    references: [
      'https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-1.11.md',
      'https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-1.15.md',
      'https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-1.19.md',
      'https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-1.20.md',
      'https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-1.22.md',
      'https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-1.24.md',
      'https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-1.27.md',
    ],
    fixable: true,
    fixSafety: {
      level: 'safe',
      reason:
        'The target version does not start with the flag at all, and each of these flags did nothing or nothing needed any more for releases before it went (the insecure port could only be 0 from 1.20), so removing it cannot stop anything that works.',
    },
  },
  checkPod(pod, context) {
    for (const server of apiServersOf(pod, context.text)) checkFlags('kube-apiserver', server.container, server.flags, context);
    for (const kubelet of kubeletsOf(pod, context.text)) checkFlags('kubelet', kubelet.container, kubelet.flags, context);
  },
});

function checkFlags(component: FlagComponent, container: Container, flags: readonly Flag[], context: RuleContext): void {
  const target = containerTarget(container, context.settings);
  for (const flag of flags) {
    const removal = removedFlag(component, flag.name, target.minor);
    if (!removal) continue;
    context.report({
      at: flag.span,
      message: `${component} ${target.label} does not start with --${flag.written}: it was removed in 1.${removal.removedIn} (${removal.note}).`,
      // A flag inside a shell script is read, never edited: removeFlag gives no edits then.
      fixes: flagFix(`Remove --${flag.written}`, removeFlag(context.edits, flag), true),
    });
  }
}
