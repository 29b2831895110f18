#!/bin/bash
# Check that every patch of the series builds on its own: check out each
# commit base..series in turn and build it incrementally, with the KVM
# selftests too when the patch touches them. Leaves the tree at series.
#
# BISECT=full builds the whole kernel Image at every patch (make check-full).
# The default builds, at every patch, arch/arm64/kvm/ and the directory of
# every other C file the patch changes, with the full configuration: a patch
# that changes a header most of the kernel includes then costs the few dozen
# objects that use what it changes, not a rebuild of all 1,267. The whole
# Image is built once, at the tip, by build-kernel.sh after this (check.sh).
# What that gives up: a header change that breaks a file outside those
# directories is caught at the tip or by make check-full, not at the patch.
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
	if [ "${BISECT:-}" = full ]; then
		targets=Image
	else
		targets="arch/arm64/kvm/ $(git diff --name-only "$c^" "$c" -- '*.c' |
			{ grep -v -e '^tools/' -e '^arch/arm64/kvm/' || true; } |
			xargs -r -n1 dirname | sort -u | sed 's|$|/|' | tr '\n' ' ')"
	fi
	if ! TARGETS="$targets" "$top/scripts/build-kernel.sh" \
		> "$top/build/logs/bisect-$n.log" 2>&1; then
		tail -30 "$top/build/logs/bisect-$n.log"
		echo "bisect-build: patch $n ($subj): kernel build FAILED" >&2
		exit 1
	fi
	what="${targets% }"
	if ! git diff --quiet "$c^" "$c" -- tools/testing/selftests/kvm; then
		what="$what + selftests"
		if ! TOOLS=0 "$top/scripts/build-selftests.sh" > "$top/build/logs/bisect-$n-st.log" 2>&1; then
			tail -30 "$top/build/logs/bisect-$n-st.log"
			echo "bisect-build: patch $n ($subj): selftests build FAILED" >&2
			exit 1
		fi
		# The files the patch adds or changes must build without warnings.
		for f in $(git diff --name-only "$c^" "$c" -- tools/testing/selftests/kvm); do
			f=${f#tools/testing/selftests/kvm/}
			# (no grep -q at the end of a pipe: under pipefail its
			# early exit could fail the pipe and hide a warning)
			w=$(grep -F "$f:" "$top/build/logs/bisect-$n-st.log" | grep -A3 'warning:' || true)
			if [ -n "$w" ]; then
				head -n 20 <<< "$w"
				echo "bisect-build: patch $n ($subj): warnings in $f" >&2
				exit 1
			fi
		done
	fi
	echo "bisect-build: patch $n builds ($what, $(($(date +%s) - t0)) s): $subj"
done
