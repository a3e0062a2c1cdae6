#!/usr/bin/env bash
# The "Run memlint" step of action.yml, kept here so it can be run and tested
# outside GitHub (.ci/action runs it on a fixture). Inputs arrive as INPUT_*
# environment variables, never spliced into a script, so a path cannot inject
# commands; GitHub's GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and GITHUB_WORKSPACE
# say where outputs go. MEMLINT names the binary (default: memlint on PATH).
#
# It runs memlint once, writing the text report and GitHub annotations to the
# log, the SARIF report to INPUT_OUTPUT and a markdown table to the step
# summary, then sets the outputs sarif (only when this run wrote the report:
# on an input error memlint still writes one holding the error, but not on a
# usage error) and exit-code, and exits with memlint's status.
set -euo pipefail

# mode: diff compares the access of a pull request's base with its head
# (action/diff.sh).
if [ "${INPUT_MODE:-check}" = diff ]; then
  exec bash "$(dirname -- "$0")/diff.sh"
fi

memlint=${MEMLINT:-memlint}
workspace=${GITHUB_WORKSPACE:-$PWD}

# shellcheck source=action/inputs.sh
. "$(dirname -- "$0")/inputs.sh"

summary=$(mktemp)
trap 'rm -f "$summary"' EXIT

args=(check --format "text,github,sarif:$sarif,markdown:$summary")
[ -z "${INPUT_FAIL_ON:-}" ] || args+=(--fail-on "$INPUT_FAIL_ON")
[ -z "${INPUT_CONFIG:-}" ] || args+=(--config "$INPUT_CONFIG")
[ -z "${INPUT_MANIFEST:-}" ] || args+=(--manifest "$INPUT_MANIFEST")
[ -z "${INPUT_CATEGORY:-}" ] || args+=(--sarif-category "$INPUT_CATEGORY")
[ -z "${INPUT_BASELINE:-}" ] || args+=(--baseline "$INPUT_BASELINE")
[ -z "${INPUT_RULES:-}" ] || args+=(--rules "$INPUT_RULES")
# args: further flags, split on blanks (no quoting).
if [ -n "${INPUT_ARGS:-}" ]; then
  read -r -a extra <<<"${INPUT_ARGS//$'\n'/ }"
  args+=("${extra[@]}")
fi

# A report left by an earlier step must not pass for this run's.
rm -f -- "$sarif"
mkdir -p -- "$(dirname -- "$sarif")"
set +e
"$memlint" "${args[@]}" -- "${paths[@]}"
status=$?
set -e

if [ -s "$sarif" ]; then
  echo "sarif=$sarif_shown" >>"${GITHUB_OUTPUT:-/dev/null}"
fi
if [ "$status" -eq 2 ]; then
  if [ -s "$sarif" ]; then
    echo "::error title=memlint::memlint could not check the input (exit 2); the SARIF report holds the error, see the message above"
  else
    echo "::error title=memlint::memlint could not run (exit 2); no SARIF report was written, see the message above"
  fi
fi
echo "exit-code=$status" >>"${GITHUB_OUTPUT:-/dev/null}"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  if [ "$status" -ne 2 ] && [ -s "$summary" ]; then
    cat "$summary" >>"$GITHUB_STEP_SUMMARY"
  else
    printf '### memlint\n\nmemlint could not check the input (exit %s): see the step log.\n' "$status" >>"$GITHUB_STEP_SUMMARY"
  fi
fi
exit "$status"
