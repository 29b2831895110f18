#!/bin/bash
# Print the sizes of struct kvm_vcpu, kvm and their arch parts in a built
# kernel: tests/kvm-sizes/kvm_sizes.c compiled to assembly as an external
# Kbuild object, with that kernel's headers, configuration and flags.
# usage: kvm-sizes.sh LABEL TREE OBJ    prints "LABEL STRUCT BYTES" lines
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
label=$1 tree=$(realpath "$2") obj=$(realpath "$3")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$top/tests/kvm-sizes/Kbuild" "$top/tests/kvm-sizes/kvm_sizes.c" "$work/"
make -s -C "$tree" O="$obj" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
	M="$work" kvm_sizes.s
sed -n "s/.*\"->\([a-z_]*\) \([0-9]*\) .*/$label \1 \2/p" "$work/kvm_sizes.s"
