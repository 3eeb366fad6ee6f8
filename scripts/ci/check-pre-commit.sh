#!/usr/bin/env bash
# Runs the hooks of .pre-commit-hooks.yaml with pre-commit (Debian's package) on a throw-away git
# repository, as a team would: the hooks come from this repository at its HEAD commit, a commit of
# an insecure manifest is refused, a hardened one goes in, and the fix hook rewrites what it can.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rev="$(git -C "$root" rev-parse HEAD)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"

git init -q "$work/repo"
cd "$work/repo"
git config user.email ci@example.invalid
git config user.name CI
git config commit.gpgsign false
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $root
    rev: $rev
    hooks:
      - id: kube-aegis
YAML
git add .pre-commit-config.yaml
pre-commit install
git commit -q -m "pre-commit configuration"

fail() { echo "check-pre-commit: $*" >&2; exit 1; }

cp "$root/samples/hardened-deployment.yaml" hardened.yaml
git add hardened.yaml
git commit -q -m "a hardened Deployment" || fail "the hook refused a hardened manifest"

cp "$root/samples/insecure-deployment.yaml" insecure.yaml
git add insecure.yaml
if git commit -q -m "an insecure Deployment" > "$work/refused.log" 2>&1; then fail "the hook let an insecure manifest in"; fi
grep -q 'privileged-container\|run-as-root-user\|secret-in-env' "$work/refused.log" || { cat "$work/refused.log"; fail "the refusal does not show the findings"; }
git reset -q HEAD insecure.yaml

# The fix hook: the safe fixes are written to the file, so pre-commit reports it modified.
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $root
    rev: $rev
    hooks:
      - id: kube-aegis-fix
YAML
# A container without allowPrivilegeEscalation: false has a safe fix (most hardening fixes are
# unsafe and left to --unsafe-fixes); pre-commit fails a hook that modifies files.
cat > fixable.yaml <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.0.0
YAML
# Staged, as a commit would have it: pre-commit sees what the hook changes in the working tree.
git add fixable.yaml
before="$(sha256sum fixable.yaml)"
if pre-commit run kube-aegis-fix --files fixable.yaml > "$work/fix.log" 2>&1; then fail "the fix hook passed on a manifest it had to fix"; fi
[[ "$(sha256sum fixable.yaml)" != "$before" ]] || { cat "$work/fix.log"; fail "the fix hook changed nothing"; }
grep -q 'allowPrivilegeEscalation: false' fixable.yaml || { cat fixable.yaml; fail "the safe fix is not in the file"; }
grep -q 'fixed fixable.yaml: privilege-escalation' "$work/fix.log" || { cat "$work/fix.log"; fail "the fix hook did not say what it fixed"; }
echo "check-pre-commit: the hooks refuse an insecure manifest, accept a hardened one and apply the safe fixes"
