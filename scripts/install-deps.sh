#!/bin/bash
# Install the Debian 12 packages the rig needs, when some are missing.
set -euo pipefail
pkgs="linux-source-6.12 gcc-aarch64-linux-gnu libc6-dev-arm64-cross
qemu-system-arm qemu-efi-aarch64 bc bison flex libssl-dev libelf-dev cpio
rsync kmod ccache acpica-tools python3-docutils make git perl gcc e2fsprogs
dpkg-dev meson ninja-build pkgconf:arm64 libglib2.0-dev:arm64
libpixman-1-dev:arm64 libfdt-dev:arm64 zlib1g-dev:arm64"
missing=()
for p in $pkgs; do
	[[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) == *"ok installed" ]] ||
		missing+=("$p")
done
# kselftest-run.sh fetches busybox-static for arm64 from Debian's archive;
# build-qemu.sh links QEMU against Debian's arm64 libraries (multiarch).
arm64=1
[[ $'\n'$(dpkg --print-foreign-architectures)$'\n' == *$'\n'arm64$'\n'* ]] || arm64=0
[ ${#missing[@]} = 0 ] && [ $arm64 = 1 ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "Missing packages or the arm64 architecture. Run:"
	echo "  sudo dpkg --add-architecture arm64"
	echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}"
	exit 1
fi
if [ $arm64 = 0 ]; then
	echo "install-deps: dpkg --add-architecture arm64"
	dpkg --add-architecture arm64
fi
apt-get update -qq
[ ${#missing[@]} = 0 ] && exit 0
echo "install-deps: apt-get install ${missing[*]}"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
