# Sourced by action/run.sh and action/diff.sh: the inputs both modes read.
#
# paths: one path a line (a path may hold spaces); a single line is split on
# blanks, as in "paths: policies infra/memory.json".
paths=()
if [[ ${INPUT_PATHS:-} == *$'\n'* ]]; then
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%$'\r'}
    line=${line#"${line%%[![:space:]]*}"}
    line=${line%"${line##*[![:space:]]}"}
    [ -z "$line" ] || paths+=("$line")
  done <<<"$INPUT_PATHS"
else
  read -r -a paths <<<"${INPUT_PATHS:-}"
fi
[ "${#paths[@]}" -gt 0 ] || paths=(.)

# The SARIF report: relative paths are relative to the working directory
# (where this runs); the sarif output is relative to the workspace, where
# upload-sarif resolves it, or absolute when outside it.
output=${INPUT_OUTPUT:-memlint.sarif}
sarif=$(realpath -m -- "$output")
ws=$(realpath -m -- "$workspace")
case $sarif in
  "$ws"/*) sarif_shown=${sarif#"$ws"/} ;;
  *) sarif_shown=$sarif ;;
esac
