/**
 * Command-line flags that kube-apiserver and the kubelet no longer accept, with the release
 * that removed them (from the Kubernetes changelogs, CHANGELOG/CHANGELOG-1.<minor>.md). A
 * component given an unknown flag exits at once ("unknown flag: --insecure-port").
 */
import { t } from '../../l10n/t.js';

export type FlagComponent = 'kube-apiserver' | 'kubelet';

export interface RemovedFlag {
  /** The minor that no longer has the flag: `24` for Kubernetes 1.24. */
  readonly removedIn: number;
  /** What replaced it or why it went, for the message. */
  readonly note: () => string;
}

const INSECURE_SERVING = () => t('insecure serving was turned off in 1.20 (the port flags could only be 0 from then on)');
const DOCKERSHIM = () => t('it went with dockershim; the container runtime configures networking and images now');

const APISERVER: Readonly<Record<string, RemovedFlag>> = {
  // CHANGELOG-1.11: --tls-ca-file, deprecated in 1.10.
  'tls-ca-file': { removedIn: 11, note: () => t('use --tls-cert-file with the full chain') },
  // CHANGELOG-1.19 (#89069): basic authentication, deprecated in 1.16.
  'basic-auth-file': { removedIn: 19, note: () => t('basic authentication is gone; use client certificates, OIDC or tokens') },
  // CHANGELOG-1.22 (#101178): connections to kubelets have used HTTPS unconditionally since 1.19.
  'kubelet-https': { removedIn: 22, note: () => t('connections to kubelets always use HTTPS') },
  // CHANGELOG-1.24 (announced in CHANGELOG-1.20, #95856).
  'insecure-port': { removedIn: 24, note: INSECURE_SERVING },
  'insecure-bind-address': { removedIn: 24, note: INSECURE_SERVING },
  port: { removedIn: 24, note: INSECURE_SERVING },
  address: { removedIn: 24, note: INSECURE_SERVING },
};

const KUBELET: Readonly<Record<string, RemovedFlag>> = {
  // CHANGELOG-1.15 (#77820): the kubelet's AllowPrivileged control.
  'allow-privileged': { removedIn: 15, note: () => t('admission control decides which pods may be privileged') },
  // CHANGELOG-1.24 (#106907): the dockershim flags.
  'experimental-dockershim-root-directory': { removedIn: 24, note: DOCKERSHIM },
  'docker-endpoint': { removedIn: 24, note: DOCKERSHIM },
  'image-pull-progress-deadline': { removedIn: 24, note: DOCKERSHIM },
  'network-plugin': { removedIn: 24, note: DOCKERSHIM },
  'network-plugin-mtu': { removedIn: 24, note: DOCKERSHIM },
  'cni-conf-dir': { removedIn: 24, note: DOCKERSHIM },
  'cni-bin-dir': { removedIn: 24, note: DOCKERSHIM },
  'cni-cache-dir': { removedIn: 24, note: DOCKERSHIM },
  // CHANGELOG-1.27 (#114017): the only value left was `remote`.
  'container-runtime': { removedIn: 27, note: () => t('the kubelet always talks to a CRI runtime (--container-runtime-endpoint)') },
};

const TABLES: Readonly<Record<FlagComponent, Readonly<Record<string, RemovedFlag>>>> = { 'kube-apiserver': APISERVER, kubelet: KUBELET };

/** The removal of `--name` from `component`, when the minor `target` no longer has it. */
export function removedFlag(component: FlagComponent, name: string, target: number): RemovedFlag | undefined {
  const removal = Object.prototype.hasOwnProperty.call(TABLES[component], name) ? TABLES[component][name] : undefined;
  return removal && removal.removedIn <= target ? removal : undefined;
}
