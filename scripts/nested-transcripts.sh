#!/bin/bash
# Refresh tests/nested/transcripts/ from the log of a passing nested run
# (build/logs/nested-vhe.log): for each scenario that passed, the lines
# its checks read (the guest's reports and GHES log, QEMU's trace, what
# was done on the host, QEMU's exit). scripts/test-qemu-ras.sh replays them.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
log=${1:-$top/build/logs/nested-vhe.log}
out=$top/tests/nested/transcripts

awk -v out="$out" '
{ sub(/\r$/, "") }
/^# (host\| |QEMU exited)/ { keep = keep substr($0, 3) "\n"; next }
/^# qemu\| ([0-9]+@[0-9.]+:)?(kvm_arm_|acpi_ghes_|ram_save_poisoned_page)/ { keep = keep substr($0, 3) "\n"; next }
/^# guest-expected\| / { keep = keep substr($0, 3) "\n"; next }
/^# guest\| / && /ras-guest: |physical_address: 0x|Memory failure: 0x|Generic Hardware Error Source: / {
	keep = keep substr($0, 3) "\n"; next
}
/^ok [0-9]+ qemu_/ && !/# SKIP/ {
	f = out "/" substr($3, 6) ".txt"
	printf "%s", keep > f
	close(f)
	print "nested-transcripts: " f
}
/^(not )?ok [0-9]+ / { keep = "" }
' "$log"
