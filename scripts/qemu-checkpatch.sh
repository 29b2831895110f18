#!/bin/bash
# Run QEMU's own scripts/checkpatch.pl (from build/qemu/src) on every patch
# of the companion QEMU series. Fails on any error or warning, but one:
# QEMU 10.0's checkpatch.pl (unlike 7.2's) warns on every change under
# linux-headers/ ("are you using scripts/update-linux-headers.sh?"), even
# on an update that this script made. That warning is accepted for a
# patch that changes nothing but linux-headers/ (mixing is an error).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tree=${QEMU_TREE:-$top/build/qemu/src}
headers_warning='WARNING: added, moved or deleted file(s) imported from Linux, are you using scripts/update-linux-headers.sh?'
bad=0
while read -r p; do
	case "$p" in ''|'#'*) continue ;; esac
	out=$(cd "$tree" && perl scripts/checkpatch.pl "$top/qemu/patches/$p" 2>&1)
	total=$(grep '^total:' <<< "$out")
	printf 'qemu-checkpatch: %-60s %s\n' "$p" "${total:-no result}"
	grep -E '^(ERROR|WARNING):' <<< "$out" | sed 's/^/    /'
	if [[ $total == "total: 0 errors, 0 warnings,"* ]]; then
		:
	elif [[ $total == "total: 0 errors, 1 warnings,"* ]] &&
	     [ "$(grep '^WARNING:' <<< "$out")" = "$headers_warning" ] &&
	     ! grep '^+++ b/' "$top/qemu/patches/$p" | grep -qv '^+++ b/linux-headers/'; then
		echo "    (accepted: the warning of every linux-headers/ change)"
	else
		bad=1
	fi
	grep -q '^Signed-off-by: ' "$top/qemu/patches/$p" || {
		echo "    $p: no Signed-off-by"; bad=1; }
done < "$top/qemu/patches/series"
[ "$bad" = 0 ]
