/**
 * Kubernetes versions: the minor a manifest targets (`kubernetesVersion`, `1.34`) and the
 * version a control-plane image names in its tag (`v1.31.2`).
 */

/** The newest stable Kubernetes minor this release knows; the default target. */
export const NEWEST_MINOR = 34;
/**
 * The Kubernetes project maintains release branches (security patches) for the three newest
 * minors: anything older gets no fixes.
 */
export const OLDEST_SUPPORTED_MINOR = NEWEST_MINOR - 2;

export const DEFAULT_KUBERNETES_VERSION = `1.${NEWEST_MINOR}`;

/** A `kubernetesVersion` setting as written: `1.34`, `v1.34`, or with a patch (`1.34.1`). */
const VERSION = /^v?1\.[0-9]{1,3}(\.[0-9]+)?$/;
/** The same, for the configuration schema. */
export const KUBERNETES_VERSION_PATTERN = VERSION.source;

/** The minor of a `kubernetesVersion` setting (`1.31` → 31), or undefined when it is not one. */
export function minorOf(version: string): number | undefined {
  if (!VERSION.test(version)) return undefined;
  return Number(version.replace(/^v/, '').split('.')[1]);
}

/** The Kubernetes minor in an image tag such as `v1.31.2` or `v1.31.2-eks-1`; undefined for other tags. */
export function minorOfTag(tag: string | undefined): number | undefined {
  const match = tag === undefined ? null : /^v1\.([0-9]{1,3})(?:\.[0-9]+)?(?:[-+][0-9A-Za-z.-]*)?$/.exec(tag);
  return match ? Number(match[1]) : undefined;
}
