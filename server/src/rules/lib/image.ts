/**
 * Container image references, parsed the way the container runtime resolves them:
 * `[registry/]repository[:tag][@digest]`, where an image without a registry comes from
 * Docker Hub and a one-part Docker Hub name lives under `library/` (`nginx` is
 * `docker.io/library/nginx`).
 */
import type { Container } from '../../engine/k8s.js';
import { pairOf, type YScalar } from '../../engine/model.js';

export const DEFAULT_REGISTRY = 'docker.io';

export interface ImageRef {
  /** The registry host, with its port if any (`docker.io`, `registry.local:5000`). */
  readonly registry: string;
  /** The path inside the registry (`library/nginx`, `team/api`). */
  readonly repository: string;
  readonly tag?: string;
  /** `sha256:...` when the image is pinned by digest. */
  readonly digest?: string;
}

/**
 * A first path component names a registry only when it looks like a host: it has a dot or a
 * port, or is `localhost`. Otherwise (`team/api`) it is a Docker Hub organisation.
 */
function isRegistryHost(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}

/** Docker Hub answers under several host names; they are one registry. */
function normalizeRegistry(host: string): string {
  const lower = host.toLowerCase();
  return lower === 'index.docker.io' || lower === 'registry-1.docker.io' ? DEFAULT_REGISTRY : lower;
}

export function parseImage(reference: string): ImageRef {
  const at = reference.indexOf('@');
  const digest = at >= 0 ? reference.slice(at + 1) : undefined;
  const name = at >= 0 ? reference.slice(0, at) : reference;
  // A colon after the last slash separates the tag; one before it is a registry port.
  const colon = name.lastIndexOf(':');
  const tagged = colon > name.lastIndexOf('/');
  const tag = tagged ? name.slice(colon + 1) : undefined;
  const path = tagged ? name.slice(0, colon) : name;
  const slash = path.indexOf('/');
  const hasRegistry = slash > 0 && isRegistryHost(path.slice(0, slash));
  const registry = hasRegistry ? normalizeRegistry(path.slice(0, slash)) : DEFAULT_REGISTRY;
  let repository = hasRegistry ? path.slice(slash + 1) : path;
  if (registry === DEFAULT_REGISTRY && !repository.includes('/')) repository = `library/${repository}`;
  return { registry, repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** `registry/repository`, the name that trusted-registry prefixes are matched against. */
export function fullName(image: ImageRef): string {
  return `${image.registry}/${image.repository}`;
}

/** Not `replace(/\/+$/, '')`, which retries at each slash of a long run of them (quadratic). */
function withoutTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 47 /* / */) end--;
  return text.slice(0, end);
}

/**
 * True when `image` comes from `trusted`: a registry host (`ghcr.io`, `registry.local:5000`)
 * or a host/path prefix (`ghcr.io/acme`, `docker.io/library`), matched at path boundaries.
 */
export function isFromRegistry(image: ImageRef, trusted: string): boolean {
  const entry = withoutTrailingSlashes(trusted.trim());
  if (!entry) return false;
  if (!entry.includes('/')) return image.registry === normalizeRegistry(entry);
  const prefix = fullName(parseImage(`${entry}/x`)).slice(0, -'/x'.length);
  const name = fullName(image);
  return name === prefix || name.startsWith(`${prefix}/`);
}

export interface ContainerImage {
  /** The `image` value, to point findings at. */
  readonly node: YScalar;
  readonly reference: string;
  readonly image: ImageRef;
}

/** The image of a container, when it names one as a non-empty string. */
export function containerImage(container: Container): ContainerImage | undefined {
  const value = pairOf(container.node, 'image')?.value;
  if (value?.kind !== 'scalar' || typeof value.value !== 'string') return undefined;
  const reference = value.value.trim();
  if (!reference) return undefined;
  return { node: value, reference, image: parseImage(reference) };
}
