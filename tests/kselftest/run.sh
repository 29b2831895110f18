#!/bin/sh
# Run inside the guest by init: the series' kselftests, the way kselftest CI
# runs them (run_kselftest.sh with the kvm settings timeout), on a kernel
# built without CONFIG_KVM_ARM64_SEA_INJECT. /kselftest.tests names them.
/bin/busybox --install -s /bin
export PATH=/bin:/usr/bin
# runner.sh appends each test's output to /dev/stdout, which devtmpfs lacks
[ -e /dev/stdout ] || ln -s /proc/self/fd/1 /dev/stdout
cd /kselftest || exit 1
args=
for t in $(cat /kselftest.tests); do
	args="$args -t kvm:$t"
done
# shellcheck disable=SC2086 # args is a list of options
./run_kselftest.sh $args
