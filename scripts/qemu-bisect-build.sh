#!/bin/bash
# Check that every patch of the companion QEMU series builds on its own,
# without a compiler warning: check out each commit base..series of
# build/qemu/src in turn (TIP=1: the last one only, as make check does)
# and rebuild qemu-system-aarch64 incrementally
# (build-qemu.sh, ninja and ccache). Leaves the tree at series and the
# binary built from it.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tree=${QEMU_TREE:-$top/build/qemu/src}
log=$top/build/qemu/obj/ninja.log
cd "$tree"
trap 'git -C "$tree" checkout -q series' EXIT
n=0
# TIP=1: the tip only (make check; every patch with make check-full)
range=base..series
[ "${TIP:-0}" = 1 ] && range=series~1..series && n=$(git rev-list --count base..series~1)
for c in $(git rev-list --reverse "$range"); do
	n=$((n + 1))
	subj=$(git log -1 --format=%s "$c")
	git checkout -q "$c"
	t0=$(date +%s)
	if ! "$top/scripts/build-qemu.sh" > "$top/build/logs/qemu-bisect-$n.log" 2>&1; then
		tail -30 "$top/build/logs/qemu-bisect-$n.log"
		echo "qemu-bisect-build: patch $n ($subj): build FAILED" >&2
		exit 1
	fi
	# Compiler warnings of this build (the link warnings of a static
	# glibc are not the series')
	w=$(grep -E '^\.\./src/.*: warning:' "$log" || true)
	if [ -n "$w" ]; then
		head -n 20 <<< "$w"
		echo "qemu-bisect-build: patch $n ($subj): compiler warnings" >&2
		exit 1
	fi
	echo "qemu-bisect-build: patch $n builds ($(($(date +%s) - t0)) s): $subj"
done
git checkout -q series
"$top/scripts/build-qemu.sh" > /dev/null
