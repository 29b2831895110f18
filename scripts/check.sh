#!/bin/bash
# Everything CI checks, with the time of each stage:
# checkpatch, the series applied afresh, every patch built on its own, the
# selftests, then the RAS tests and the regression list in each boot mode.
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
echo "=== total: $(($(date +%s) - t_all)) s"
[ $failed = 0 ] || echo "FAIL checkpatch: errors in the series (see above)"
EXTRA_FAILS=$failed "$S/summarize.sh" "${names[@]}" | tee "$top/build/logs/summary.txt"
exit "${PIPESTATUS[0]}"
