/**
 * The Kubernetes minor a component is checked against: its image's tag when the image names a
 * Kubernetes release (`kube-apiserver:v1.31.0`), else the `kubernetesVersion` setting.
 */
import type { Container } from '../../engine/k8s.js';
import { DEFAULT_KUBERNETES_VERSION, minorOf, minorOfTag } from '../../engine/kubernetes-version.js';
import { stringAt } from '../../engine/model.js';
import type { RuleSettings } from '../../engine/rule.js';
import { parseImage } from './image.js';
import { t } from '../../l10n/t.js';

export interface TargetVersion {
  readonly minor: number;
  /** How messages name it: `v1.31` from an image tag, `1.34 (kubernetesVersion)` from the setting. */
  readonly label: string;
}

/** The minor of the `kubernetesVersion` setting. */
export function settingTarget(settings: RuleSettings): TargetVersion {
  const minor = minorOf(settings.kubernetesVersion) ?? minorOf(DEFAULT_KUBERNETES_VERSION)!;
  return { minor, label: t('1.{0} (setting kubernetesVersion)', minor) };
}

/** The minor a container's program is checked against. */
export function containerTarget(container: Container, settings: RuleSettings): TargetVersion {
  const image = stringAt(container.node, 'image');
  const minor = image === undefined ? undefined : minorOfTag(parseImage(image).tag);
  return minor === undefined ? settingTarget(settings) : { minor, label: `v1.${minor}` };
}
