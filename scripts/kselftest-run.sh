#!/bin/bash
# The series' kselftests the way kselftest CI and distributions run them:
# - a kernel from configs/kvm-ras.config plus configs/distro.config, that is
#   without CONFIG_KVM_ARM64_SEA_INJECT, in build/obj-distro;
# - the kselftests built and installed with the kselftest Makefiles
#   (make -C tools/testing/selftests TARGETS=kvm install);
# - run_kselftest.sh inside the guest, under Debian's busybox-static for
#   arm64, with the kvm settings timeout, for the tests that
#   tests/kselftest/tests names.
# usage: kselftest-run.sh MODE NAME   (build/logs/NAME.log, NAME.list)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tree=${TREE:-$top/build/linux}
mode=$1 name=$2
obj=$top/build/obj-distro
inst=$top/build/kselftest
stage=$top/build/kselftest-stage
export CCACHE_BASEDIR="$top"
cc="ccache aarch64-linux-gnu-gcc"
command -v ccache >/dev/null || cc=aarch64-linux-gnu-gcc

OBJ=$obj FRAGMENTS="$top/configs/kvm-ras.config $top/configs/distro.config" \
	"$top/scripts/build-kernel.sh"
if grep -q '^CONFIG_KVM_ARM64_SEA_INJECT=y' "$obj/.config"; then
	echo "kselftest-run: $obj has CONFIG_KVM_ARM64_SEA_INJECT" >&2
	exit 1
fi

rm -rf "$inst" "$stage"
make -s -C "$tree/tools/testing/selftests" TARGETS=kvm ARCH=arm64 \
	CROSS_COMPILE=aarch64-linux-gnu- CC="$cc" EXTRA_CFLAGS=-static \
	KHDR_INCLUDES="-isystem $obj/hdr/include" O="$top/build/kselftest-obj" \
	INSTALL_PATH="$inst" install >/dev/null

# busybox for the shell run_kselftest.sh needs, from Debian's arm64 archive
mkdir -p "$top/build/deb" "$stage"
deb=$(ls "$top"/build/deb/busybox-static_*_arm64.deb 2>/dev/null | tail -1 || true)
if [ -z "$deb" ]; then
	(cd "$top/build/deb" && apt-get download -qq -o APT::Sandbox::User=root busybox-static:arm64)
	deb=$(ls "$top"/build/deb/busybox-static_*_arm64.deb | tail -1)
fi
dpkg-deb -x "$deb" "$stage/deb"
cp "$stage/deb/bin/busybox" "$stage/busybox"
aarch64-linux-gnu-gcc -static -O2 -Wall -Wextra -o "$stage/timeout" \
	"$top/tests/kselftest/timeout.c"

# The initramfs: the kselftest install tree, pruned to the listed tests.
tests=$(grep -v '^#' "$top/tests/kselftest/tests")
{
	echo "dir /usr 755 0 0"
	echo "dir /usr/bin 755 0 0"
	echo "file /usr/bin/timeout $stage/timeout 755 0 0"
	echo "file /kselftest-run.sh $top/tests/kselftest/run.sh 755 0 0"
	echo "file /kselftest.tests $stage/tests 644 0 0"
	echo "dir /kselftest 755 0 0"
	echo "dir /kselftest/kselftest 755 0 0"
	echo "dir /kselftest/kvm 755 0 0"
	for f in run_kselftest.sh kselftest-list.txt kvm/settings \
		$(cd "$inst" && ls kselftest/*); do
		echo "file /kselftest/$f $inst/$f 755 0 0"
	done
	for t in $tests; do
		echo "file /kselftest/kvm/$t $inst/kvm/$t 755 0 0"
	done
} > "$stage/spec"
echo "$tests" > "$stage/tests"
echo "kselftest all 1800 busybox sh /kselftest-run.sh" > "$stage/kselftest.list"

OBJ=$obj SELFTESTS=$stage EXTRA_SPEC="$stage/spec" \
	"$top/scripts/boot-tests.sh" "$mode" "$name" "$stage/kselftest.list"
# What summarize.sh expects of the run: the runner, then each test.
{
	echo "kselftest"
	for t in $tests; do echo "kvm:$t"; done
} > "$top/build/logs/$name.list"
