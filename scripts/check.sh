#!/bin/bash
# Everything CI checks, with the time of each stage:
# checkpatch, the series applied afresh, every patch built on its own, the
# selftests, then the RAS tests and the regression list in each boot mode;
# then, for each mode in DEBUG_MODES, the RAS tests on the debug kernel
# (check-debug.sh; its regression list takes too long for CI).
# usage: check.sh MODE...
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
S=$top/scripts
mkdir -p "$top/build/logs"
t_all=$(date +%s)
failed=0

stage() {
	"$S/stage.sh" "$@"
}

stage tree "$S/make-tree.sh" || exit 1
stage checkpatch "$S/checkpatch.sh" || failed=1
stage bisect-build "$S/bisect-build.sh" || exit 1
stage kernel "$S/build-kernel.sh" || exit 1
stage selftests "$S/build-selftests.sh" || exit 1
names=()
for m in "$@"; do
	stage "boot $m" "$S/boot-tests.sh" "$m" "check-$m" \
		"$top/tests/ras.list" "$top/tests/regression.list"
	names+=("check-$m")
done
if [ -n "${DEBUG_MODES:-}" ]; then
	# shellcheck disable=SC2086 # DEBUG_MODES is a list of modes
	DEBUG_LISTS="$top/tests/ras.list" SUMMARIZE=0 "$S/check-debug.sh" $DEBUG_MODES || exit 1
	for m in $DEBUG_MODES; do
		names+=("debug-$m")
	done
fi
echo "=== total: $(($(date +%s) - t_all)) s"
[ $failed = 0 ] || echo "FAIL checkpatch: errors in the series (see above)"
EXTRA_FAILS=$failed "$S/summarize.sh" "${names[@]}" | tee "$top/build/logs/summary.txt"
exit "${PIPESTATUS[0]}"
