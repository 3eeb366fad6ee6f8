import type { TextEdit } from '../engine/edits.js';
import type { Container } from '../engine/k8s.js';
import type { Span } from '../engine/model.js';
import { defineRule, type RuleContext } from '../engine/rule.js';
import { apiServersOf } from './lib/apiserver.js';
import { flagFix, removeFlag, type Flag } from './lib/flags.js';
import { kubeadmArgsOf } from './lib/kubeadm.js';
import { kubeletsOf } from './lib/kubelet-flags.js';
import { removedFlag, type FlagComponent, type RemovedFlag } from './lib/removed-flags.js';
import { containerTarget, settingTarget, type TargetVersion } from './lib/target-version.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'apiserver-removed-flag',
    title: 'Flags the target Kubernetes version removed',
    severity: 'error',
    category: 'control-plane',
    rationale:
      'kube-apiserver and the kubelet exit at start-up on a flag they do not know ("unknown flag: --insecure-port"). Flags that older manifests and guides still carry were removed: `--tls-ca-file` in 1.11, `--basic-auth-file` in 1.19, `--kubelet-https` in 1.22, the insecure serving flags (`--insecure-port`, `--insecure-bind-address`, `--port`, `--address`) in 1.24; from the kubelet, `--allow-privileged` in 1.15, the dockershim flags (`--network-plugin`, `--cni-bin-dir`, `--cni-conf-dir`, `--docker-endpoint`, ...) in 1.24 and `--container-runtime` in 1.27. A control plane upgraded with such a manifest does not come back. Flags are read from the commands of containers that run kube-apiserver or the kubelet, and from kubeadm configuration (`apiServer.extraArgs` of a ClusterConfiguration, `nodeRegistration.kubeletExtraArgs`). The version checked is the one in the component\'s image tag (`kube-apiserver:v1.31.0`) or the ClusterConfiguration\'s `kubernetesVersion`, else the `kubernetesVersion` setting.',
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
  checkObject(object, context) {
    for (const { component, args, minor } of kubeadmArgsOf(object)) {
      const target = minor === undefined ? settingTarget(context.settings) : { minor, label: `v1.${minor}` };
      for (const arg of args) {
        const removal = removedFlag(component, arg.name, target.minor);
        if (removal) report(context, component, target, arg.written, removal, arg.at, arg.remove(context.edits));
      }
    }
  },
});

function checkFlags(component: FlagComponent, container: Container, flags: readonly Flag[], context: RuleContext): void {
  const target = containerTarget(container, context.settings);
  for (const flag of flags) {
    const removal = removedFlag(component, flag.name, target.minor);
    // A flag inside a shell script is read, never edited: removeFlag gives no edits then.
    if (removal) report(context, component, target, flag.written, removal, flag.span, removeFlag(context.edits, flag));
  }
}

function report(context: RuleContext, component: FlagComponent, target: TargetVersion, written: string, removal: RemovedFlag, at: Span, edits: readonly TextEdit[]): void {
  context.report({
    at,
    message: t('{0} {1} does not start with --{2}: it was removed in 1.{3} ({4}).', component, target.label, written, removal.removedIn, removal.note()),
    fixes: flagFix(t('Remove --{0}', written), edits, true),
  });
}
