/**
 * Host paths whose mounting hands a pod control of the node: its configuration, kernel
 * interfaces, the kubelet's credentials, or the container runtime's API.
 */

const SENSITIVE_DIRECTORIES = ['/etc', '/proc', '/sys', '/root', '/var/lib/kubelet', '/run/containerd', '/run/crio', '/run/k3s/containerd', '/run/podman'];

const RUNTIME_SOCKETS = ['/run/docker.sock', '/run/containerd/containerd.sock', '/run/crio/crio.sock', '/run/cri-dockerd.sock', '/run/dockershim.sock', '/run/podman/podman.sock', '/run/k3s/containerd/containerd.sock'];

const SENSITIVE = [...SENSITIVE_DIRECTORIES, ...RUNTIME_SOCKETS];

/** Directories that belong to a container runtime: everything in them is its state or its API. */
const RUNTIME_DIRECTORIES = ['/run/containerd', '/run/crio', '/run/k3s/containerd', '/run/podman', '/run/docker', '/run/cri-dockerd'];

/** File names of runtime sockets, wherever a distribution or an installer puts them. */
const RUNTIME_SOCKET_NAMES = new Set(RUNTIME_SOCKETS.map((socket) => socket.slice(socket.lastIndexOf('/') + 1)));

/** `path` with `.`, `..`, repeated and trailing slashes resolved; `/var/run` is a link to `/run`. */
export function normalizeHostPath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  const normal = `/${parts.join('/')}`;
  return normal === '/var/run' || normal.startsWith('/var/run/') ? normal.slice('/var'.length) : normal;
}

const within = (path: string, dir: string): boolean => dir === '/' || path === dir || path.startsWith(`${dir}/`);

/**
 * True for the sensitive paths, anything below them, and their parents (a parent directory
 * exposes everything below it, so `/` and `/var` count too). Only absolute Linux paths qualify.
 */
export function isSensitiveHostPath(path: string): boolean {
  if (!path.startsWith('/')) return false;
  const normal = normalizeHostPath(path);
  return SENSITIVE.some((sensitive) => within(normal, sensitive) || within(sensitive, normal));
}

/**
 * True when mounting `path` hands the pod a container runtime's API: a runtime socket (by its
 * path or its file name), anything inside a runtime's directory, or a directory that holds a
 * socket (`/run`, `/var/run`). The root directory holds them too, but it exposes the whole node
 * and is reported as such, not as a runtime socket.
 */
export function isContainerRuntimePath(path: string): boolean {
  if (!path.startsWith('/')) return false;
  const normal = normalizeHostPath(path);
  if (normal === '/') return false;
  if (RUNTIME_SOCKET_NAMES.has(normal.slice(normal.lastIndexOf('/') + 1))) return true;
  return RUNTIME_DIRECTORIES.some((dir) => within(normal, dir)) || RUNTIME_SOCKETS.some((socket) => within(socket, normal));
}
