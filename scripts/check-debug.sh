#!/bin/bash
# The RAS tests and the regression list on a debug kernel: kvm-ras.config
# plus configs/debug.config (KASAN, KFENCE, UBSAN, lockdep, atomic-sleep and
# list debugging), booted with panic_on_warn=1. Any BUG, WARNING, KASAN,
# UBSAN, KFENCE or lockdep report in a serial log fails the run.
# usage: check-debug.sh MODE...   (the tree must exist: make tree)
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
S=$top/scripts
export OBJ=$top/build/obj-debug
export FRAGMENTS="$top/configs/kvm-ras.config $top/configs/debug.config"
export CMDLINE="panic_on_warn=1 ${CMDLINE:-}"
# The lists' time limits are sized for the normal kernel.
export TIMEOUT_SCALE=${TIMEOUT_SCALE:-4}
t_all=$(date +%s)

stage() {
	"$S/stage.sh" "$@"
}

stage "debug kernel" "$S/build-kernel.sh" || exit 1
stage selftests "$S/build-selftests.sh" || exit 1
names=()
for m in "$@"; do
	stage "debug boot $m" "$S/boot-tests.sh" "$m" "debug-$m" \
		"$top/tests/ras.list" "$top/tests/regression.list"
	names+=("debug-$m")
done
echo "=== total: $(($(date +%s) - t_all)) s"
"$S/summarize.sh" "${names[@]}" | tee "$top/build/logs/summary-debug.txt"
exit "${PIPESTATUS[0]}"
