#!/bin/bash
# Run QEMU's own scripts/checkpatch.pl (from build/qemu/src) on every patch
# of the companion QEMU series. Fails on any error or warning, but one:
# QEMU 10.0's checkpatch.pl (unlike 7.2's) warns on every change under
# linux-headers/ ("are you using scripts/update-linux-headers.sh?"), even
# on an update that this script made. That warning is accepted for a
# patch that changes nothing but linux-headers/ (mixing is an error).
# QEMU_TREE and QEMU_PATCHES name other trees and series (test-summarize.sh).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tree=${QEMU_TREE:-$top/build/qemu/src}
patches=${QEMU_PATCHES:-$top/qemu/patches}
headers_warning='WARNING: added, moved or deleted file(s) imported from Linux, are you using scripts/update-linux-headers.sh?'
bad=0

# only_headers PATCH: every file that PATCH changes (its "diff --git a/X
# b/Y" lines, which renames and deletions have too) is under linux-headers/.
# One awk on the file: a grep -q at the end of a pipe may leave early, and
# under pipefail the writer's SIGPIPE would turn its match into none.
only_headers() {
	awk '/^diff --git / && !/^diff --git a\/linux-headers\/[^ ]* b\/linux-headers\/[^ ]*$/ { other = 1 }
		END { exit other }' "$1"
}

while read -r p; do
	case "$p" in ''|'#'*) continue ;; esac
	out=$(cd "$tree" && perl scripts/checkpatch.pl "$patches/$p" 2>&1)
	total=$(grep '^total:' <<< "$out")
	printf 'qemu-checkpatch: %-60s %s\n' "$p" "${total:-no result}"
	grep -E '^(ERROR|WARNING):' <<< "$out" | sed 's/^/    /'
	if [[ $total == "total: 0 errors, 0 warnings,"* ]]; then
		:
	elif [[ $total == "total: 0 errors, 1 warnings,"* ]] &&
	     [ "$(grep '^WARNING:' <<< "$out")" = "$headers_warning" ] &&
	     only_headers "$patches/$p"; then
		echo "    (accepted: the warning of every linux-headers/ change)"
	else
		bad=1
	fi
	grep -q '^Signed-off-by: ' "$patches/$p" || {
		echo "    $p: no Signed-off-by"; bad=1; }
done < "$patches/series"
[ "$bad" = 0 ]
