#!/usr/bin/env bash
# Installs the kube-aegis CLI for action.yml: a released version from the npm registry, or
# (`source`, the default) the one of the checkout this script is in, packed and installed like a
# release. The install goes to $KUBE_AEGIS_PREFIX when set (default: npm's global prefix).
#   INPUT_VERSION  source | a version or range of the npm package (e.g. 0.1.0)
set -euo pipefail

version="${INPUT_VERSION:-source}"
prefix=()
[[ -n "${KUBE_AEGIS_PREFIX:-}" ]] && prefix=(--prefix "$KUBE_AEGIS_PREFIX")

if [[ "$version" == source ]]; then
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$root" && npm ci --no-audit --no-fund && npm pack --pack-destination "$work")
  package=("$work"/kube-aegis-*.tgz)
else
  package=("kube-aegis@$version")
fi
npm install --global "${prefix[@]}" --no-audit --no-fund "${package[@]}"
