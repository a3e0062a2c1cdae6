#!/usr/bin/env bash
# The "diff" mode of action.yml (mode: diff), run by action/run.sh: for a pull
# request that changes a policy, memlint diff --git BASE compares the access
# the checked paths grant at the base revision with the working tree's,
# weighed by CloudTrail evidence when the cloudtrail input names some. The
# text report goes to the log, the markdown summary to the step summary and,
# with comment: true, to a comment on the pull request (gh pr comment, with
# GH_TOKEN), and SARIF to INPUT_OUTPUT. Exits with memlint's status: 0 safe,
# 1 findings at or above fail-on (default high: access CloudTrail shows in
# use), 2 an error.
set -euo pipefail

memlint=${MEMLINT:-memlint}
workspace=${GITHUB_WORKSPACE:-$PWD}

base=${INPUT_BASE:-}
if [ -z "$base" ] && [ -n "${GITHUB_BASE_REF:-}" ]; then
  base="origin/$GITHUB_BASE_REF"
fi
if [ -z "$base" ]; then
  echo "::error title=memlint::mode diff needs the base input (a git revision), or a pull_request event to take it from"
  echo "exit-code=2" >>"${GITHUB_OUTPUT:-/dev/null}"
  exit 2
fi

# shellcheck source=action/inputs.sh
. "$(dirname -- "$0")/inputs.sh"

args=(diff --git "$base" --fail-on "${INPUT_FAIL_ON:-high}")
[ -z "${INPUT_MANIFEST:-}" ] || args+=(--manifest "$INPUT_MANIFEST")
if [ -n "${INPUT_CLOUDTRAIL:-}" ]; then
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%$'\r'}
    line=${line#"${line%%[![:space:]]*}"}
    line=${line%"${line##*[![:space:]]}"}
    [ -z "$line" ] || args+=(--cloudtrail "$line")
  done <<<"$INPUT_CLOUDTRAIL"
fi
if [ -n "${INPUT_ARGS:-}" ]; then
  read -r -a extra <<<"${INPUT_ARGS//$'\n'/ }"
  args+=("${extra[@]}")
fi

summary=$(mktemp)
trap 'rm -f "$summary"' EXIT
rm -f -- "$sarif"
mkdir -p -- "$(dirname -- "$sarif")"
set +e
"$memlint" "${args[@]}" --format text -- "${paths[@]}"
status=$?
if [ "$status" -ne 2 ]; then
  "$memlint" "${args[@]}" --format markdown --output "$summary" -- "${paths[@]}" >/dev/null
  "$memlint" "${args[@]}" --format sarif --output "$sarif" -- "${paths[@]}" >/dev/null
fi
set -e

if [ -s "$sarif" ]; then
  echo "sarif=$sarif_shown" >>"${GITHUB_OUTPUT:-/dev/null}"
fi
echo "exit-code=$status" >>"${GITHUB_OUTPUT:-/dev/null}"
if [ "$status" -eq 2 ]; then
  echo "::error title=memlint::memlint diff could not compare the versions (exit 2); see the message above"
  printf '### memlint diff\n\nmemlint could not compare the versions (exit %s): see the step log.\n' "$status" >"$summary"
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$summary" >>"$GITHUB_STEP_SUMMARY"
fi
if [ "${INPUT_COMMENT:-false}" = true ]; then
  pr=""
  if [ -n "${GITHUB_EVENT_PATH:-}" ] && [ -f "$GITHUB_EVENT_PATH" ]; then
    pr=$(jq -r '.pull_request.number // empty' "$GITHUB_EVENT_PATH")
  fi
  if [ -z "$pr" ]; then
    echo "::warning title=memlint::comment: true, but this run is not for a pull request; no comment posted"
  elif ! gh pr comment "$pr" --body-file "$summary"; then
    echo "::warning title=memlint::could not comment on pull request #$pr (does the job grant pull-requests: write and pass GH_TOKEN?)"
  fi
fi
exit "$status"
