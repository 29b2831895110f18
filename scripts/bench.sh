#!/bin/bash
# What the series costs on hot paths, and how fast its own paths are.
# Builds the base 6.12 kernel (a worktree of build/linux at tag "base") and
# the patched kernel from the same configs/kvm-ras.config, boots the two side
# by side ROUNDS times in each mode, runs tests/bench.list (ras_perf_test) in
# every boot, and prints one table (scripts/bench-table.sh).
# QEMU runs with -icount shift=0: the emulated CPU's clock advances 1 ns per
# instruction, so the "ns" ras_perf_test reads are instructions executed,
# the same from one run to the next whatever else the machine does.
# usage: bench.sh MODE...     env: ROUNDS (default 3)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
S=$top/scripts
rounds=${ROUNDS:-3}
base_tree=$top/build/base/linux
base_obj=$top/build/base/obj
patched_obj=$top/build/obj
out=$top/build/logs/bench
[ $# -gt 0 ] || set -- vhe

[ -d "$top/build/linux/.git" ] || "$S/make-tree.sh"
if [ ! -d "$base_tree" ]; then
	mkdir -p "$top/build/base"
	git -C "$top/build/linux" worktree add -q --detach "$base_tree" base
fi
# Same relative layout as build/linux and build/obj, so ccache hits.
TREE=$base_tree OBJ=$base_obj "$S/build-kernel.sh"
OBJ=$patched_obj "$S/build-kernel.sh"
"$S/build-selftests.sh"

rm -rf "$out"
mkdir -p "$out"
"$S/kvm-sizes.sh" base "$base_tree" "$base_obj" > "$out/sizes"
"$S/kvm-sizes.sh" patched "$top/build/linux" "$patched_obj" >> "$out/sizes"

# Each round boots the base and the patched kernel side by side, one QEMU
# with one CPU each.
export QEMU_ARGS="-icount shift=0,sleep=off" SMP=1
for m in "$@"; do
	for r in $(seq "$rounds"); do
		OBJ=$base_obj "$S/boot-tests.sh" "$m" "bench-$m-base-$r" \
			"$top/tests/bench.list" >/dev/null &
		OBJ=$patched_obj "$S/boot-tests.sh" "$m" "bench-$m-patched-$r" \
			"$top/tests/bench.list" >/dev/null &
		wait
		for k in base patched; do
			log=$top/build/logs/bench-$m-$k-$r.log
			if ! grep -q '^ok 1 tools/ras_perf_test' "$log"; then
				echo "bench: ras_perf_test failed in $log" >&2
				exit 1
			fi
			sed -n "s/^# bench: \([a-z0-9]*\) ns \([0-9]*\) .*/$m $k $r \1 \2/p" \
				"$log" >> "$out/samples"
		done
	done
done
"$S/bench-table.sh" "$out/samples" "$out/sizes" | tee "$top/build/logs/bench.txt"
