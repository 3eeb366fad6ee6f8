/**
 * Profile blocks of a securityContext, `{type: ..., localhostProfile: ...}`: seccompProfile and
 * appArmorProfile share their shape and the types that confine a container.
 */
import type { EditKit, TextEdit } from '../../engine/edits.js';
import type { PodSpec } from '../../engine/k8s.js';
import { pairOf, type ScalarValue, type YPair } from '../../engine/model.js';
import { explicitSettings, scalarOf, type SecurityContextAt } from './security-context.js';

/** A `{type: ..., localhostProfile: ...}` profile block (seccompProfile, appArmorProfile) of a securityContext. */
export interface ProfileSetting extends SecurityContextAt {
  /** The `seccompProfile:` / `appArmorProfile:` entry. */
  readonly holder: YPair;
  /** Its `type` entry, if any. */
  readonly typePair?: YPair;
  readonly type?: ScalarValue;
}

/** Profile types that confine the container: the runtime's default profile or one loaded on the node. */
export const CONFINING_PROFILE_TYPES: ReadonlySet<string> = new Set(['RuntimeDefault', 'Localhost']);

/** Every securityContext (pod and containers) that sets the profile block `key`. */
export function profileSettings(pod: PodSpec, key: 'seccompProfile' | 'appArmorProfile'): ProfileSetting[] {
  return explicitSettings(pod, key).map(({ pair, ...at }) => {
    const typePair = pairOf(pair.value, 'type');
    const type = scalarOf(typePair?.value);
    return { ...at, holder: pair, ...(typePair ? { typePair } : {}), ...(type !== undefined ? { type } : {}) };
  });
}

/** True when the profile's type is one that confines the container. */
export function confines(profile: ProfileSetting | undefined): boolean {
  return typeof profile?.type === 'string' && CONFINING_PROFILE_TYPES.has(profile.type);
}

export const RUNTIME_DEFAULT = { type: 'RuntimeDefault' } as const;

/** Turns a profile block into RuntimeDefault: replaces its type, or the whole block when it has none. */
export function profileToRuntimeDefault(edits: EditKit, profile: ProfileSetting): TextEdit[] | undefined {
  if (profile.typePair) return profile.typePair.value.viaAlias ? undefined : edits.replaceValue(profile.typePair, 'RuntimeDefault');
  return profile.holder.value.viaAlias ? undefined : edits.replaceValue(profile.holder, RUNTIME_DEFAULT);
}
