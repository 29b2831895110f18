#!/bin/bash
# Print what the VMM and the guest saw in the end-to-end scenario run, and
# its result, from the serial log given as argument (build/logs/NAME.log,
# with boot-tests.sh's NAME.list beside it).
# The result is summarize.sh's, the rules of make check: the run fails on
# a failure, a skip, a host or nested guest kernel's splat, a boot that did
# not finish. Exit status: 0 when the scenario passed.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
log=$1
echo "---- end-to-end memory-error scenario (QEMU, $(basename "$log")) ----"
# (grep finding nothing is no error here; the verdict is below)
tr -d '\r' < "$log" |
	{ grep -E '^# +(VMM|guest|host): |^(not )?ok [0-9]+ |\[Hardware Error\]|Memory failure: |FAULT_INJECTION: |^# (qemu\| .*(kvm_arm|acpi_ghes|qemu-system)|guest\| .*ras-guest: |host\| |ok: |FAIL: |---- |burst: )' || [ $? = 1 ]; } |
	sed -e 's/^# *//' -e 's/^\[ *[0-9.]*\] /host kernel: /'
if ! LOGS=$(dirname "$log") "$top/scripts/summarize.sh" "$(basename "$log" .log)"; then
	echo "scenario: FAILED (full log: $log)"
	exit 1
fi
echo "scenario: the guest survived the memory error (full log: $log)"
