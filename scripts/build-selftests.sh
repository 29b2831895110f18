#!/bin/bash
# Build the KVM selftests for arm64, statically linked, into build/selftests,
# against the UAPI headers installed by build-kernel.sh, then the
# repository's own tools (tests/tools) into build/selftests/tools. Also
# builds the initramfs init (tests/init.c) into build/init.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tree=${TREE:-$top/build/linux}
obj=${OBJ:-$top/build/obj}
out=${SELFTESTS:-$top/build/selftests}
jobs=${JOBS:-$(($(nproc) + 1))}
export CCACHE_BASEDIR="$top"
cc="ccache aarch64-linux-gnu-gcc"
command -v ccache >/dev/null || cc=aarch64-linux-gnu-gcc

[ -d "$obj/hdr/include" ] || { echo "build-selftests: run build-kernel.sh first" >&2; exit 1; }
mkdir -p "$out"
aarch64-linux-gnu-gcc -static -O2 -Wall -Wextra -o "$top/build/init" "$top/tests/init.c"
make -s -C "$tree/tools/testing/selftests/kvm" ARCH=arm64 \
	CROSS_COMPILE=aarch64-linux-gnu- CC="$cc" -j"$jobs" \
	OUTPUT="$out" KHDR_INCLUDES="-isystem $obj/hdr/include" \
	EXTRA_CFLAGS="-static"
# The repository's own tools, against the library just built (TOOLS=0:
# not, as for a patch of the series before the library has ras.h).
[ "${TOOLS:-1}" = 0 ] || make -s -C "$top/tests/tools" TREE="$tree" KST="$out" HDR="$obj/hdr/include" \
	CC="$cc" OUT="$out/tools"
echo "build-selftests: $out"
