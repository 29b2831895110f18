#!/bin/bash
# The RAS tests and the regression list on a debug kernel: kvm-ras.config
# plus configs/debug.config (KASAN, KFENCE, UBSAN, lockdep, atomic-sleep and
# list debugging), booted with panic_on_warn=1. Any BUG, WARNING, KASAN,
# UBSAN, KFENCE or lockdep report in a serial log fails the run.
# usage: check-debug.sh MODE...   (the tree must exist: make tree)
# DEBUG_LISTS: the lists to run (default: tests/ras.list and
# tests/regression.list). SUMMARIZE=0 leaves the summary to the caller
# (check.sh), which reads build/logs/debug-MODE.log.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
S=$top/scripts
export OBJ=$top/build/obj-debug
export FRAGMENTS="$top/configs/kvm-ras.config $top/configs/debug.config"
export CMDLINE="panic_on_warn=1 ${CMDLINE:-}"
# The lists' time limits are sized for the normal kernel.
export TIMEOUT_SCALE=${TIMEOUT_SCALE:-4}
lists=${DEBUG_LISTS:-$top/tests/ras.list $top/tests/regression.list}
t_all=$(date +%s)

stage() {
	"$S/stage.sh" "$@"
}

stage "debug kernel" "$S/build-kernel.sh" || exit 1
stage selftests "$S/build-selftests.sh" || exit 1
names=()
boot_fail=0
for m in "$@"; do
	# shellcheck disable=SC2086 # lists is a list of paths
	stage "debug boot $m" "$S/boot-tests.sh" "$m" "debug-$m" $lists ||
		boot_fail=$((boot_fail + 1))
	names+=("debug-$m")
done
echo "=== debug total: $(($(date +%s) - t_all)) s"
[ "${SUMMARIZE:-1}" = 0 ] && exit "$boot_fail"
EXTRA_FAILS=$boot_fail "$S/summarize.sh" "${names[@]}" |
	tee "$top/build/logs/summary-debug.txt"
exit "${PIPESTATUS[0]}"
