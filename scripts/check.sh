#!/bin/bash
# Everything CI checks, with the time of each stage:
# checkpatch, the series applied afresh, every patch built on its own (the
# cheap way, see bisect-build.sh), the kernel and the selftests, the RAS
# tests in each boot mode and the regression list in VHE, sea_apei_test on
# firmware that is not QEMU's, the kselftests the way kselftest CI runs them
# on a kernel without the injection point (kselftest-run.sh), the companion
# QEMU series built for arm64 (each patch on its own with FULL=1), in the nested
# scenarios; the rig's own checks on crafted logs and transcripts; then, for
# each mode in DEBUG_MODES (none in make check, every mode in make
# check-full), the RAS tests and the nested scenarios on the debug kernel
# (check-debug.sh).
# FULL=1 (make check-full) builds the whole kernel at every patch and runs
# the regression list and the slow regression list in every mode.
# usage: check.sh MODE...
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
S=$top/scripts
T=$top/tests
mkdir -p "$top/build/logs"
t_all=$(date +%s)
failed=0
# What each stage took, for scripts/stage-table.sh: which run this was first
export STAGE_LOG=$top/build/logs/stages.tsv
{
	echo "# Commit $(git -C "$top" rev-parse --short HEAD)$(git -C "$top" diff --quiet HEAD 2>/dev/null || echo ' (with local changes)'), $(date -u '+%Y-%m-%d %H:%M') UTC."
	echo "# Machine: $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ { printf "%d GiB", $2 / 1048576 + 0.5 }' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME")."
	echo "# ccache at the start: $(ccache -s 2>/dev/null | awk '/Cache size \(GB\)/ { print $4 " GB"; exit }')."
} > "$STAGE_LOG"

stage() {
	"$S/stage.sh" "$@"
}

full=${FULL:-0}
# Stages whose failure the summary would not see otherwise
stage_fails=()
stage tree "$S/make-tree.sh" || exit 1
stage checkpatch "$S/checkpatch.sh" || failed=1
# The rig's own checks, tried on crafted logs and transcripts
stage "rig self-test" "$S/test-summarize.sh" || stage_fails+=("rig self-test")
stage "nested checks self-test" "$S/test-qemu-ras.sh" || stage_fails+=("nested checks self-test")
if [ "$full" = 1 ]; then
	stage bisect-build env BISECT=full "$S/bisect-build.sh" || exit 1
else
	stage bisect-build "$S/bisect-build.sh" || exit 1
fi
stage kernel "$S/build-kernel.sh" || exit 1
# The same configuration with 64K pages: the host of the 64K runs below
obj64k=$top/build/obj-64k
stage "kernel, 64K pages" env OBJ="$obj64k" \
	FRAGMENTS="$top/configs/kvm-ras.config $top/configs/64k.config" \
	"$S/build-kernel.sh" || stage_fails+=("kernel, 64K pages")
stage selftests "$S/build-selftests.sh" || exit 1
names=()
for m in "$@"; do
	lists=("$T/ras.list")
	if [ "$full" = 1 ]; then
		lists+=("$T/regression.list" "$T/regression-slow.list")
	elif [ "$m" = vhe ]; then
		lists+=("$T/regression.list")
	fi
	stage "boot $m" "$S/boot-tests.sh" "$m" "check-$m" "${lists[@]}" ||
		stage_fails+=("boot $m")
	names+=("check-$m")
done
# The firmware-first test must not write to firmware that is not QEMU's.
stage "boot uefi, foreign firmware" env QEMU_ARGS="-machine x-oem-id=NOTQMU" \
	"$S/boot-tests.sh" uefi check-uefi-oem "$T/foreign-firmware.list" ||
	stage_fails+=("boot uefi, foreign firmware")
names+=(check-uefi-oem)
# The companion QEMU, cross-built for arm64, runs a real guest with KVM on
# the emulated host (tests/nested.list), in every mode. A build that fails
# leaves no logs, which summarize.sh counts as failures.
rm -f "$top"/build/logs/nested-*.log
nested_spec=
qemu_style=0
# Each of its patches built on its own with FULL=1 only: with an empty
# ccache that costs more than the 60 minutes make check has (README)
qemu_build=(build env TIP=1 "$S/qemu-bisect-build.sh")
[ "$full" = 1 ] && qemu_build=(bisect-build "$S/qemu-bisect-build.sh")
if stage "qemu tree" "$S/qemu-tree.sh" &&
   { stage "qemu checkpatch" "$S/qemu-checkpatch.sh" || qemu_style=1; } &&
   stage "qemu ${qemu_build[0]}" "${qemu_build[@]:1}" &&
   stage "nested build" "$S/build-nested.sh"; then
	nested_spec=$top/build/nested/spec
	for m in "$@"; do
		stage "boot $m, nested QEMU" env EXTRA_SPEC="$nested_spec" \
			"$S/boot-tests.sh" "$m" "nested-$m" "$T/nested.list" ||
			stage_fails+=("boot $m, nested QEMU")
	done
fi
for m in "$@"; do
	names+=("nested-$m")
done
# The RAS tests, the regression list and the scenarios that need it on the
# 64K-page host (VHE). coalesced_io_test fills a ring of a host page, entry
# by entry from each start: 2047 entries with 64K pages against 127 with
# 4K, 260 times the work, more than its 120 s under TCG.
grep -v '^coalesced_io_test ' "$T/regression.list" > "$top/build/logs/regression-64k.list"
stage "boot vhe, 64K pages" env OBJ="$obj64k" ${nested_spec:+EXTRA_SPEC="$nested_spec"} \
	"$S/boot-tests.sh" vhe check-64k-vhe "$T/ras.list" "$top/build/logs/regression-64k.list" \
	${nested_spec:+"$T/nested-64k.list"} || stage_fails+=("boot vhe, 64K pages")
names+=(check-64k-vhe)
# The kselftests as kselftest CI runs them, on a distribution's kernel.
stage "kselftest vhe" "$S/kselftest-run.sh" vhe kselftest-vhe || stage_fails+=("kselftest vhe")
names+=(kselftest-vhe)
if [ -n "${DEBUG_MODES:-}" ]; then
	# The nested scenarios too, when the QEMU build worked: some of them,
	# all with FULL=1
	nested_debug=$T/nested-debug.list
	[ "$full" = 1 ] && nested_debug=$T/nested.list
	# shellcheck disable=SC2086 # DEBUG_MODES is a list of modes
	EXTRA_SPEC=$nested_spec DEBUG_LISTS="$T/ras.list${nested_spec:+ $nested_debug}" \
		SUMMARIZE=0 "$S/check-debug.sh" $DEBUG_MODES || stage_fails+=("debug")
	for m in $DEBUG_MODES; do
		names+=("debug-$m")
	done
fi
echo "=== total: $(($(date +%s) - t_all)) s"
[ $failed = 0 ] || echo "FAIL checkpatch: errors in the series (see above)"
[ $qemu_style = 0 ] || echo "FAIL qemu-checkpatch: errors or warnings in the QEMU series (see above)"
for f in "${stage_fails[@]}"; do
	echo "FAIL stage $f (see above)"
done
EXTRA_FAILS=$((failed + qemu_style + ${#stage_fails[@]})) \
	"$S/summarize.sh" "${names[@]}" | tee "$top/build/logs/summary.txt"
exit "${PIPESTATUS[0]}"
