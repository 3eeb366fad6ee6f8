import { defineRule } from '../engine/rule.js';
import { apiServersOf, flagOf } from './lib/apiserver.js';
import { listOr, t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'apiserver-tls',
    title: 'API server TLS',
    severity: 'error',
    category: 'control-plane',
    rationale:
      'Without `--tls-cert-file` and `--tls-private-key-file` the API server serves a self-signed certificate that clients cannot verify. Without `--client-ca-file` it cannot authenticate client certificates, which kubelets and controllers rely on. `--secure-port=0` turns the TLS listener off.',
    remediation: 'Give kube-apiserver `--tls-cert-file`, `--tls-private-key-file` and `--client-ca-file` from the cluster CA, and keep a non-zero `--secure-port`.',
    references: ['https://kubernetes.io/docs/setup/best-practices/certificates/', 'https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/'],
    fixable: false,
  },
  checkPod(pod, context) {
    for (const server of apiServersOf(pod, context.text)) {
      const missingPair = ['tls-cert-file', 'tls-private-key-file'].filter((name) => !flagOf(server, name));
      if (missingPair.length > 0) {
        context.report({ at: server.anchor, message: t('kube-apiserver has no {0}: it serves a self-signed certificate clients cannot verify.', listOr(missingPair.map((n) => `--${n}`))) });
      }
      if (!flagOf(server, 'client-ca-file')) {
        context.report({ at: server.anchor, message: t('kube-apiserver has no --client-ca-file: client certificates cannot be verified.') });
      }
      const port = flagOf(server, 'secure-port');
      if (port?.value === '0') context.report({ at: port.span, message: t('--secure-port=0 turns off the TLS listener of kube-apiserver.') });
    }
  },
});
