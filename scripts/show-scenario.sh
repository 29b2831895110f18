#!/bin/bash
# Print what the VMM and the guest saw in the end-to-end scenario run, and
# its result, from the serial log given as argument.
set -euo pipefail
log=$1
echo "---- end-to-end memory-error scenario (QEMU, $(basename "$log")) ----"
tr -d '\r' < "$log" |
	grep -E '^# +(VMM|guest|host): |^(not )?ok [0-9]+ |\[Hardware Error\]|Memory failure: |FAULT_INJECTION: |^# (qemu\| .*(kvm_arm|acpi_ghes|qemu-system)|guest\| .*ras-guest: |host\| |ok: |FAIL: |---- |burst: )' |
	sed -e 's/^# *//' -e 's/^\[ *[0-9.]*\] /host kernel: /'
# grep on the file, not a pipe: grep -q leaving early would make the
# pipeline fail and hide the match
if grep -Eq '^not ok|^# boot-tests: TIMEOUT' "$log" ||
   ! grep -q '^# init: all tests done' "$log"; then
	echo "scenario: FAILED (full log: $log)"
	exit 1
fi
echo "scenario: the guest survived the memory error (full log: $log)"
