#!/bin/bash
# Check that every patch of the series builds on its own: check out each
# commit base..series in turn and build incrementally (kernel Image; the KVM
# selftests too when the patch touches them). Leaves the tree at series.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tree=${TREE:-$top/build/linux}
cd "$tree"
trap 'git -C "$tree" checkout -q series' EXIT
n=0
for c in $(git rev-list --reverse base..series); do
	n=$((n + 1))
	subj=$(git log -1 --format=%s "$c")
	git checkout -q "$c"
	t0=$(date +%s)
	if ! "$top/scripts/build-kernel.sh" > "$top/build/logs/bisect-$n.log" 2>&1; then
		tail -30 "$top/build/logs/bisect-$n.log"
		echo "bisect-build: patch $n ($subj): kernel build FAILED" >&2
		exit 1
	fi
	if git diff --quiet "$c^" "$c" -- tools/testing/selftests/kvm; then
		what=kernel
	else
		what="kernel+selftests"
		if ! "$top/scripts/build-selftests.sh" >> "$top/build/logs/bisect-$n.log" 2>&1; then
			tail -30 "$top/build/logs/bisect-$n.log"
			echo "bisect-build: patch $n ($subj): selftests build FAILED" >&2
			exit 1
		fi
	fi
	echo "bisect-build: patch $n builds ($what, $(($(date +%s) - t0)) s): $subj"
done
