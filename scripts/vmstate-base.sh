#!/bin/bash
# Write tests/nested/vmstate-base.h: what "qemu_ras vmstate" finds for base
# QEMU (qemu/BASE without the series), which the nested test qemu_vmstate
# then asks of the series. Builds base QEMU in build/qemu (the tree's tag
# base), boots the emulated host with it beside the series' QEMU, and
# builds the series again. Run it when qemu/BASE changes.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
src=$top/build/qemu/src
base_bin=$top/build/qemu/qemu-system-aarch64-base
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; git -C "$src" checkout -q series' EXIT

git -C "$src" checkout -q base
"$top/scripts/build-qemu.sh" > "$top/build/logs/vmstate-base-build.log" 2>&1
cp "$top/build/qemu/qemu-system-aarch64" "$base_bin"
git -C "$src" checkout -q series
"$top/scripts/build-qemu.sh" > /dev/null
"$top/scripts/build-nested.sh" > /dev/null

{ cat "$top/build/nested/spec"; echo "file /nested/qemu-base $base_bin 755 0 0"; } > "$tmp/spec"
echo "vmstate_base vhe 300 nested/qemu_ras vmstate /nested/qemu-base" > "$tmp/list"
EXTRA_SPEC=$tmp/spec "$top/scripts/boot-tests.sh" vhe vmstate-base "$tmp/list"
line=$(grep -m1 -o 'vmstate: /nested/qemu-base: [0-9]* bytes, [0-9]* devices, FNV-1a 0x[0-9a-f]*' \
	"$top/build/logs/vmstate-base.log") || { echo "vmstate-base: no result" >&2; exit 1; }
read -r bytes devices fnv <<< "$(sed 's/.*: \([0-9]*\) bytes, \([0-9]*\) devices, FNV-1a \(0x[0-9a-f]*\)/\1 \2 \3/' <<< "$line")"
cat > "$top/tests/nested/vmstate-base.h" <<EOH
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What "qemu_ras vmstate" found for base QEMU (qemu/BASE, no patch of the
 * series): -machine virt -accel kvm -cpu host -dump-vmstate, the devices
 * sorted by name, hashed with 64-bit FNV-1a. Written by
 * scripts/vmstate-base.sh.
 */
#define VMSTATE_BASE_BYTES	$bytes
#define VMSTATE_BASE_DEVICES	$devices
#define VMSTATE_BASE_FNV	${fnv}ULL
EOH
echo "vmstate-base: $bytes bytes, $devices devices, $fnv"
