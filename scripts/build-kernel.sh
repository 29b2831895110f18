#!/bin/bash
# Configure (allnoconfig + configs/*.config fragments) and build the arm64
# Image out of tree in build/obj, with ccache. FRAGMENTS and OBJ may be set
# to build another configuration; TARGETS to build other make targets than
# Image (directories, say: "arch/arm64/kvm/").
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tree=${TREE:-$top/build/linux}
obj=${OBJ:-$top/build/obj}
frags=${FRAGMENTS:-$top/configs/kvm-ras.config}
jobs=${JOBS:-$(($(nproc) + 1))}

export ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-
export KBUILD_BUILD_TIMESTAMP="2026-01-01" KBUILD_BUILD_USER=kvm-ras KBUILD_BUILD_HOST=qemu
export CCACHE_BASEDIR="$top"
cc="ccache aarch64-linux-gnu-gcc"
command -v ccache >/dev/null || cc=aarch64-linux-gnu-gcc
mkdir -p "$obj"

# Reconfigure only when a fragment changed, to keep builds incremental.
stamp="$obj/.fragments.sha"
want=$( { cat $frags; git -C "$tree" ls-files -s -- '*Kconfig*';
	git -C "$tree" diff HEAD -- '*Kconfig*'; } | sha256sum | cut -d' ' -f1)
if [ ! -f "$obj/.config" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
	make -s -C "$tree" O="$obj" CC="$cc" allnoconfig
	(cd "$obj" && "$tree/scripts/kconfig/merge_config.sh" -m -O "$obj" .config $frags >/dev/null)
	make -s -C "$tree" O="$obj" CC="$cc" olddefconfig
	# Every option the fragments ask for must have survived olddefconfig;
	# a later fragment overrides an earlier one ("# CONFIG_X is not set").
	declare -A want_line=()
	for f in $frags; do
		while IFS= read -r l; do
			case "$l" in
			CONFIG_*=*) want_line[${l%%=*}]=$l ;;
			"# CONFIG_"*" is not set") sym=${l#\# }; want_line[${sym%% *}]=$l ;;
			esac
		done < "$f"
	done
	miss=0
	for sym in "${!want_line[@]}"; do
		l=${want_line[$sym]}
		# Options that a later patch of the series adds are not there
		# yet when building an earlier patch.
		git -C "$tree" grep -q "^config ${sym#CONFIG_}\$" -- '*Kconfig*' || continue
		case "$l" in
		"# "*) grep -q "^$sym=" "$obj/.config" || continue ;;
		*) grep -qx "$l" "$obj/.config" && continue ;;
		esac
		echo "build-kernel: $l not in effect (dependency missing?)" >&2
		miss=1
	done
	[ $miss = 0 ] || exit 1
	echo "$want" > "$stamp"
fi
# shellcheck disable=SC2086 # TARGETS is a list of make targets
make -s -C "$tree" O="$obj" CC="$cc" -j"$jobs" ${TARGETS:-Image}
make -s -C "$tree" O="$obj" INSTALL_HDR_PATH="$obj/hdr" headers_install
echo "build-kernel: $obj: ${TARGETS:-arch/arm64/boot/Image}"
