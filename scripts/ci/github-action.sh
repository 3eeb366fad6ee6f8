#!/usr/bin/env bash
# The scan step of action.yml (a GitHub Action), runnable anywhere: it writes SARIF for code
# scanning, prints the findings in the log, and fails when one is at or above the chosen level.
#
# Inputs, as the action passes them (environment variables):
#   INPUT_PATHS       files and folders to scan, separated by spaces or newlines (default: .)
#   INPUT_FAIL_ON     error | warning | info | none (default: error)
#   INPUT_PROFILE     default | restricted | baseline (default: the configuration's)
#   INPUT_CONFIG      a .kube-aegis.yaml to use instead of the one found beside each file
#   INPUT_SARIF_FILE  where the SARIF log goes (default: kube-aegis.sarif)
#   KUBE_AEGIS        the command to run (default: kube-aegis)
# Outputs, appended to $GITHUB_OUTPUT when set: sarif-file, exit-code.
# Exit status: that of `kube-aegis scan` (0 passed, 1 findings at or above INPUT_FAIL_ON, 2 error).
set -uo pipefail

read -r -a command <<< "${KUBE_AEGIS:-kube-aegis}"
mapfile -t paths < <(printf '%s\n' ${INPUT_PATHS:-.})
fail_on="${INPUT_FAIL_ON:-error}"
sarif="${INPUT_SARIF_FILE:-kube-aegis.sarif}"

options=()
[[ -n "${INPUT_PROFILE:-}" ]] && options+=(--profile "$INPUT_PROFILE")
[[ -n "${INPUT_CONFIG:-}" ]] && options+=(--config "$INPUT_CONFIG")

mkdir -p "$(dirname "$sarif")"
"${command[@]}" scan "${paths[@]}" "${options[@]}" --format sarif --fail-on "$fail_on" > "$sarif"
status=$?
# The same findings for people reading the log (the exit status above is the verdict).
"${command[@]}" scan "${paths[@]}" "${options[@]}" --fail-on none || true

if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
  { echo "sarif-file=$sarif"; echo "exit-code=$status"; } >> "$GITHUB_OUTPUT"
fi
case $status in
  0) echo "kube-aegis: no finding at or above $fail_on; SARIF written to $sarif" ;;
  1) echo "::error title=kube-aegis::findings at or above $fail_on (see the log above; SARIF in $sarif)" ;;
  *) echo "::error title=kube-aegis::the scan could not run (exit status $status)" ;;
esac
exit "$status"
