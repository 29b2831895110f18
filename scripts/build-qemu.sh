#!/bin/bash
# Cross-build the companion QEMU (build/qemu/src, see qemu-tree.sh) for
# arm64 on this machine: only qemu-system-aarch64, with KVM, linked
# statically against Debian's arm64 development packages (multiarch), so
# that the binary runs in the test initramfs of the emulated host. ccache
# and meson keep rebuilds incremental; configure runs again only when the
# options below change.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
q=$top/build/qemu
src=${QEMU_TREE:-$q/src}
obj=$q/obj
jobs=${JOBS:-$(($(nproc) + 1))}

opts=(--cross-prefix=aarch64-linux-gnu- --target-list=aarch64-softmmu
	--static --disable-pie --without-default-features --enable-kvm --enable-fdt=system
	--enable-trace-backends=log --disable-debug-info --disable-docs --disable-user
	--disable-tools --disable-guest-agent --disable-werror)

# ccache in front of the cross compiler, by name (meson's cross file would
# not take a compiler command of two words). Without debug information
# ccache does not hash the build directory, so that clones share hits.
mkdir -p "$q/ccache-bin" "$obj"
if command -v ccache >/dev/null; then
	for t in gcc g++; do
		ln -sf "$(command -v ccache)" "$q/ccache-bin/aarch64-linux-gnu-$t"
	done
fi
export PATH="$q/ccache-bin:$PATH" CCACHE_BASEDIR="$top"

stamp=$obj/.configure-options
if [ ! -f "$obj/build.ninja" ] || [ "$(cat "$stamp" 2>/dev/null)" != "${opts[*]}" ]; then
	echo "build-qemu: configure ${opts[*]}"
	(cd "$obj" && "$src/configure" "${opts[@]}" > "$obj/configure.log" 2>&1) || {
		tail -30 "$obj/configure.log" >&2
		exit 1
	}
	echo "${opts[*]}" > "$stamp"
fi
ninja -C "$obj" -j "$jobs" qemu-system-aarch64 > "$obj/ninja.log" 2>&1 || {
	grep -B5 -A20 -m3 'error' "$obj/ninja.log" >&2 || tail -40 "$obj/ninja.log" >&2
	exit 1
}
aarch64-linux-gnu-strip -o "$q/qemu-system-aarch64" "$obj/qemu-system-aarch64"
echo "build-qemu: $q/qemu-system-aarch64 ($(du -h "$q/qemu-system-aarch64" | cut -f1)," \
	"$(git -C "$src" describe --always --tags))"
