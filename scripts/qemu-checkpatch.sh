#!/bin/bash
# Run QEMU's own scripts/checkpatch.pl (from build/qemu/src) on every patch
# of the companion QEMU series. Fails on any error or warning.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tree=${QEMU_TREE:-$top/build/qemu/src}
bad=0
while read -r p; do
	case "$p" in ''|'#'*) continue ;; esac
	out=$(cd "$tree" && perl scripts/checkpatch.pl "$top/qemu/patches/$p" 2>&1)
	total=$(grep '^total:' <<< "$out")
	printf 'qemu-checkpatch: %-60s %s\n' "$p" "${total:-no result}"
	grep -E '^(ERROR|WARNING):' <<< "$out" | sed 's/^/    /'
	[[ $total == "total: 0 errors, 0 warnings,"* ]] || bad=1
	grep -q '^Signed-off-by: ' "$top/qemu/patches/$p" || {
		echo "    $p: no Signed-off-by"; bad=1; }
done < "$top/qemu/patches/series"
[ "$bad" = 0 ]
