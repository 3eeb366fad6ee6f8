/** Reading the pod's `volumes`. */
import type { PodSpec } from '../../engine/k8s.js';
import { isMap, itemsAt, pairOf, scalarAt, type YMap, type YPair } from '../../engine/model.js';

export interface Volume {
  readonly node: YMap;
  readonly name: string;
}

export function volumesOf(pod: PodSpec): Volume[] {
  const out: Volume[] = [];
  for (const item of itemsAt(pod.spec, 'volumes')) {
    if (!isMap(item)) continue;
    const name = scalarAt(item, 'name');
    out.push({ node: item, name: name === null || name === undefined ? '' : String(name) });
  }
  return out;
}

/** The volume's `key` source when set; `key: null` counts as unset, as in the API. */
export function volumeSource(volume: Volume, key: string): YPair | undefined {
  const pair = pairOf(volume.node, key);
  if (!pair || (pair.value.kind === 'scalar' && pair.value.value === null)) return undefined;
  return pair;
}

/** `volume "data"` (or `a volume` when unnamed), for messages. */
export const describeVolume = (volume: Volume): string => (volume.name ? `volume "${volume.name}"` : 'a volume');
