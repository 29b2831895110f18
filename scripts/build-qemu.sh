#!/bin/bash
# Cross-build the companion QEMU (build/qemu/src, see qemu-tree.sh) for
# arm64 on this machine: only qemu-system-aarch64, with KVM, linked
# statically against Debian's arm64 development packages (multiarch), so
# that the binary runs in the test initramfs of the emulated host. ccache
# and meson keep rebuilds incremental; configure runs again only when the
# options below change, and from an empty build directory when the base
# (qemu/BASE) changes.
#
# QEMU 10.0 needs meson >= 1.5, newer than Debian 12's (1.0.1). The meson
# package of the release's backports suite (1.7.0 for bookworm) is fetched
# with a private apt state in build/qemu/meson-apt, from entries derived
# from the machine's own apt sources, and unpacked into build/qemu/meson;
# configure and ninja find it through PYTHONPATH. The machine's meson is
# left alone.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/qemu/BASE"
q=$top/build/qemu
src=${QEMU_TREE:-$q/src}
obj=$q/obj
jobs=${JOBS:-$(($(nproc) + 1))}
meson_min=1.5.0

# Debian's repack of the source (+ds) drops the firmware blobs and the
# bundled meson wheel: do not install the former, never download the latter.
opts=(--cross-prefix=aarch64-linux-gnu- --target-list=aarch64-softmmu
	--static --disable-pie --without-default-features --enable-kvm --enable-fdt=system
	--enable-trace-backends=log --disable-debug-info --disable-docs --disable-user
	--disable-tools --disable-guest-agent --disable-werror
	--disable-install-blobs --disable-download)


# Fetch and unpack the backports meson once; build/qemu/meson/VERSION
# says which one it is.
meson=$q/meson
if [ ! -f "$meson/VERSION" ]; then
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[ -n "$codename" ] || { echo "build-qemu: no VERSION_CODENAME in /etc/os-release" >&2; exit 1; }
	apt=$q/meson-apt
	rm -rf "$apt" "$meson"
	mkdir -p "$apt/sources.list.d" "$apt/lists/partial" "$apt/cache" "$apt/debs"
	"$top/scripts/apt-sources.sh" deb "$codename" "$codename-backports" 0 "$apt/sources.list.d"
	aptopts=(-q -o Dir::Etc::SourceList=/dev/null
		-o Dir::Etc::SourceParts="$apt/sources.list.d"
		-o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache"
		-o APT::Sandbox::User=root)
	echo "build-qemu: fetching meson from $codename-backports with apt"
	apt-get "${aptopts[@]}" update >/dev/null
	(cd "$apt/debs" && apt-get "${aptopts[@]}" download "meson/$codename-backports" >/dev/null)
	deb=$(ls "$apt"/debs/meson_*_all.deb)
	mv=$(dpkg-deb -f "$deb" Version)
	if dpkg --compare-versions "$mv" lt "$meson_min"; then
		echo "build-qemu: $codename-backports has meson $mv, QEMU needs $meson_min" >&2
		exit 1
	fi
	dpkg-deb -x "$deb" "$meson.tmp"
	echo "$mv" > "$meson.tmp/VERSION"
	mv "$meson.tmp" "$meson"
fi
export PYTHONPATH="$meson/usr/lib/python3/dist-packages${PYTHONPATH:+:$PYTHONPATH}"

# ccache in front of the cross compiler, by name (meson's cross file would
# not take a compiler command of two words). Without debug information
# ccache does not hash the build directory, so that clones share hits.
mkdir -p "$q/ccache-bin"
if command -v ccache >/dev/null; then
	for t in gcc g++; do
		ln -sf "$(command -v ccache)" "$q/ccache-bin/aarch64-linux-gnu-$t"
	done
fi
export PATH="$q/ccache-bin:$PATH" CCACHE_BASEDIR="$top"

# The stamp holds the base version, then the options: a new base starts
# from an empty build directory, new options only run configure again.
stamp=$obj/.configure-options
if [ -d "$obj" ] && [ "$(head -1 "$stamp" 2>/dev/null)" != "$version" ]; then
	rm -rf "$obj"
fi
mkdir -p "$obj"
if [ ! -f "$obj/build.ninja" ] ||
   [ "$(tail -n +2 "$stamp" 2>/dev/null)" != "${opts[*]}" ]; then
	echo "build-qemu: configure ${opts[*]} (meson $(cat "$meson/VERSION"))"
	(cd "$obj" && "$src/configure" "${opts[@]}" > "$obj/configure.log" 2>&1) || {
		tail -30 "$obj/configure.log" >&2
		exit 1
	}
	printf '%s\n%s\n' "$version" "${opts[*]}" > "$stamp"
fi
ninja -C "$obj" -j "$jobs" qemu-system-aarch64 > "$obj/ninja.log" 2>&1 || {
	grep -B5 -A20 -m3 'error' "$obj/ninja.log" >&2 || tail -40 "$obj/ninja.log" >&2
	exit 1
}
aarch64-linux-gnu-strip -o "$q/qemu-system-aarch64" "$obj/qemu-system-aarch64"
echo "build-qemu: $q/qemu-system-aarch64 ($(du -h "$q/qemu-system-aarch64" | cut -f1)," \
	"$(git -C "$src" describe --always --tags))"
