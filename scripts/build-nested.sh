#!/bin/bash
# Build what the nested QEMU scenarios (tests/nested.list) put into the
# test initramfs of the emulated host: the scenario program
# (build/selftests/nested/qemu_ras), the nested guest's initramfs
# (build/nested/guest.cpio, whose init is tests/nested/guest_init.c), and
# build/nested/spec, the gen_init_cpio lines that add those, the companion
# QEMU (build-qemu.sh), its UEFI firmware and the guest kernel (the test
# kernel's Image) for boot-tests.sh (EXTRA_SPEC); with OBJ64K's Image there
# (the 64K-page test kernel, build/obj-64k), that as a second guest kernel,
# /nested/Image-64k.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
obj=${OBJ:-$top/build/obj}
obj64k=${OBJ64K:-$top/build/obj-64k}
kst=${SELFTESTS:-$top/build/selftests}
out=$top/build/nested
fw=/usr/share/qemu-efi-aarch64/QEMU_EFI.fd
cc=aarch64-linux-gnu-gcc
cflags=(-O2 -Wall -Wextra -Werror -static)

for f in "$top/build/qemu/qemu-system-aarch64" "$obj/arch/arm64/boot/Image" \
	 "$obj/usr/gen_init_cpio" "$fw"; do
	[ -e "$f" ] || { echo "build-nested: $f missing" >&2; exit 1; }
done
mkdir -p "$out" "$kst/nested"
$cc "${cflags[@]}" -pthread -o "$out/guest-init" "$top/tests/nested/guest_init.c"
$cc "${cflags[@]}" -o "$kst/nested/qemu_ras" "$top/tests/nested/qemu_ras.c" \
	"$top/tests/nested/scenarios.c"
cat > "$out/guest.spec" <<SPEC
dir /dev 755 0 0
nod /dev/console 600 0 0 c 5 1
dir /proc 755 0 0
file /init $out/guest-init 755 0 0
SPEC
"$obj/usr/gen_init_cpio" "$out/guest.spec" > "$out/guest.cpio"
# The guest's read-only disk: an ext2 file system holding /data, 64 KiB
# of 0xa5, whose pages become clean page cache when the guest reads them
rm -rf "$out/disk" "$out/disk.img"
mkdir -p "$out/disk"
head -c 65536 /dev/zero | tr '\0' '\245' > "$out/disk/data"
mke2fs -q -t ext2 -b 4096 -d "$out/disk" "$out/disk.img" 1M
cat > "$out/spec" <<SPEC
dir /nested 755 0 0
file /nested/qemu-system-aarch64 $top/build/qemu/qemu-system-aarch64 755 0 0
file /nested/QEMU_EFI.fd $fw 644 0 0
file /nested/Image $obj/arch/arm64/boot/Image 644 0 0
file /nested/guest.cpio $out/guest.cpio 644 0 0
file /nested/disk.img $out/disk.img 644 0 0
SPEC
if [ -f "$obj64k/arch/arm64/boot/Image" ]; then
	echo "file /nested/Image-64k $obj64k/arch/arm64/boot/Image 644 0 0" >> "$out/spec"
fi
echo "build-nested: $kst/nested/qemu_ras, $out/guest.cpio, $out/spec"
