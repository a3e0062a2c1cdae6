#!/usr/bin/env bash
# compare.sh measures memlint side by side with conftest running the four
# hand-written checks in bench/conftest, in one run on this machine, and
# prints a markdown table of medians and ratios (memlint / conftest).
#
#   bash bench/compare.sh            # every case (about 10 minutes on 2 cores)
#   QUICK=1 bash bench/compare.sh    # skip the 10,000-setup case
#
# It needs Go, hyperfine and jq; conftest v0.71.1 is installed with
# `go install` into a cache ($MEMLINT_BENCH_CACHE, default
# ~/.cache/memlint-bench), where the generated trees are kept too.
set -euo pipefail
cd "$(dirname "$0")/.."
cache=${MEMLINT_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/memlint-bench}
mkdir -p "$cache/bin"
for tool in hyperfine jq; do
	command -v "$tool" >/dev/null || { echo "compare.sh: $tool is needed" >&2; exit 2; }
done
conftest=$cache/bin/conftest
[ -x "$conftest" ] || GOBIN=$cache/bin go install github.com/open-policy-agent/conftest@v0.71.1
memlint=$cache/bin/memlint
go build -o "$memlint" ./cmd/memlint
policy=$PWD/bench/conftest

tree() { # tree N: a generated tree of N setups, written once
	local dir=$cache/tree-$1
	if [ ! -f "$dir/.done" ]; then
		rm -rf "$dir"
		go run ./internal/benchtree/write_tree.go -n "$1" "$dir" >/dev/null
		touch "$dir/.done"
	fi
	echo "$dir"
}

one=$cache/one
mkdir -p "$one"
cp fixtures/examples/guide/memory/grant-multiple-actions.json "$one/memory.json" # no manifest above it
linked=$PWD/fixtures/examples/guide/role/permissions-policy.json                  # linked by the guide's memlint.yaml
t1k=$(tree 1000)

median() { jq -r ".results[$1].median" "$cache/h.json"; }

# row LABEL RUNS MEMLINT_ARGS CONFTEST_ARGS: hyperfine both, print the row.
row() {
	hyperfine -N -i --warmup 2 --runs "$2" --export-json "$cache/h.json" \
		"$memlint $3" "$conftest $4" >/dev/null 2>&1
	local m c
	m=$(median 0)
	c=$(median 1)
	awk -v l="$1" -v m="$m" -v c="$c" 'BEGIN {
		u = (m < 1) ? 1000 : 1; s = (m < 1) ? "ms" : "s"
		printf "| %s | %.*f %s | %.*f %s | %.2f |\n", l, (s == "ms") ? 1 : 2, m * u, s, (s == "ms") ? 1 : 2, c * u, s, m / c }'
}

echo "| work | memlint | conftest, 4 checks | ratio |"
echo "|---|---|---|---|"
row "process floor (\`version\`)" 30 "version" "--version"
row "one memory resource policy, no manifest" 30 "check $one/memory.json" "test --policy $policy $one/memory.json"
row "one file of a manifest-linked setup (the bundled guide)" 30 "check $linked" "test --policy $policy $linked"
row "1,000 setups / 8,000 files, whole tree" 5 "check -f json -o /dev/null $t1k" "test --policy $policy $t1k"
[ -n "${QUICK:-}" ] && exit 0

# 10,000 setups: one run each, wall time and peak RSS from /usr/bin/time.
t10k=$(tree 10000)
peak() { # peak CMD...: "SECONDS KB"
	/usr/bin/time -f "%e %M" -o "$cache/time.txt" "$@" >/dev/null 2>&1 || true
	cat "$cache/time.txt" | tail -1
}
read -r ms mk < <(peak "$memlint" check -f json -o /dev/null "$t10k")
read -r cs ck < <(peak "$conftest" test --policy "$policy" "$t10k")
awk -v ms="$ms" -v cs="$cs" -v mk="$mk" -v ck="$ck" 'BEGIN {
	printf "| 10,000 setups, whole tree (one run) | %.1f s | %.1f s | %.2f |\n", ms, cs, ms / cs
	printf "| 10,000 setups, peak RSS | %d MB | %d MB | %.2f |\n", mk / 1024, ck / 1024, mk / ck }'
