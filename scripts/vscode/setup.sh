#!/usr/bin/env bash
# Installs what the editor tests need, without VS Code's own download servers:
#  - Debian's chromium (driven headless by playwright-core), ripgrep, and a font with Chinese
#    characters for the Simplified Chinese screenshots;
#  - code-server (the VS Code workbench and its Node extension host, from npm) into a cache folder
#    outside the project's dependencies.
# Idempotent: a second run only checks that everything is there.
# Usage: bash scripts/vscode/setup.sh   (prints the code-server folder on its last line)
set -euo pipefail

CODE_SERVER_VERSION=4.100.3   # VS Code 1.100.3; the last release that runs on Node 20
CACHE_DIR="${KUBE_AEGIS_VSCODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kube-aegis-vscode}"
INSTALL_DIR="$CACHE_DIR/code-server-$CODE_SERVER_VERSION"

# 1. Debian packages: the browser, ripgrep, a CJK font (1.6 MB), and what code-server's native
#    modules compile against.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v rg >/dev/null || missing+=(ripgrep)
for pkg in fonts-wqy-microhei libkrb5-dev build-essential python3; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >/dev/null
fi

# 2. code-server, once per version.
if [ ! -x "$INSTALL_DIR/node_modules/.bin/code-server" ]; then
  mkdir -p "$INSTALL_DIR"
  # VS Code's @vscode/ripgrep fetches rg from GitHub in its postinstall unless its download cache
  # (in the temp folder) already holds the archive: seed it with Debian's rg.
  export TMPDIR="$CACHE_DIR/tmp"; mkdir -p "$TMPDIR"
  rg_cache="$TMPDIR/vscode-ripgrep-cache-1.15.11"
  rg_archive="$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  if [ ! -s "$rg_archive" ]; then
    mkdir -p "$rg_cache"
    staging="$(mktemp -d)"; cp "$(command -v rg)" "$staging/rg"
    tar czf "$rg_archive" -C "$staging" rg; rm -rf "$staging"
  fi
  cd "$INSTALL_DIR"
  [ -f package.json ] || echo '{ "name": "code-server-host", "private": true }' > package.json
  # unsafe_perm: code-server's postinstall refuses to run as root otherwise;
  # yes: node-pty's postinstall runs `npx node-gyp`, which must not stop to ask.
  npm_config_yes=true npm_config_unsafe_perm=true \
    npm install --no-audit --no-fund --no-save "code-server@$CODE_SERVER_VERSION"
fi

config_home="$(mktemp -d)"
XDG_CONFIG_HOME="$config_home" XDG_DATA_HOME="$config_home" "$INSTALL_DIR/node_modules/.bin/code-server" --version >/dev/null
rm -rf "$config_home"
echo "$INSTALL_DIR"
