#!/bin/bash
# Run the base tree's checkpatch.pl --strict on every patch of the series.
# Fails on any error; lists warnings and checks.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tree=${TREE:-$top/build/linux}
errors=0
while read -r p; do
	case "$p" in ''|'#'*) continue ;; esac
	out=$(cd "$tree" && perl scripts/checkpatch.pl --strict --no-signoff --terse \
		--show-types --ignore FILE_PATH_CHANGES "$top/patches/$p" 2>&1)
	e=$(grep -c ': ERROR:' <<< "$out")
	w=$(grep -Ec ': (WARNING|CHECK):' <<< "$out")
	printf 'checkpatch: %-60s %d errors, %d warnings/checks\n' "$p" "$e" "$w"
	grep -E ': (ERROR|WARNING|CHECK):' <<< "$out" | sed 's/^/    /'
	errors=$((errors + e))
	# Every patch must carry the project's sign-off.
	grep -q '^Signed-off-by: ' "$top/patches/$p" || {
		echo "    $p: no Signed-off-by"; errors=$((errors + 1)); }
done < "$top/patches/series"
[ "$errors" = 0 ]
