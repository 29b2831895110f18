#!/bin/bash
# The checks of the nested scenarios (tests/nested/qemu_ras.c), tried on
# transcripts of passing runs (tests/nested/transcripts/MODE.txt, the lines
# qemu_ras relays): each transcript must pass as it is, and fail once a
# layer's report is broken in it (doubled, changed or missing).
# Builds qemu_ras for this machine. Prints TAP; exit status 0 when every
# case held.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 bad=0

gcc -O2 -Wall -Wextra -Werror -o "$tmp/qemu_ras" "$top/tests/nested/qemu_ras.c" || exit 1

# expect MODE FILE RC WHAT PATTERN: replaying FILE exits RC, printing PATTERN
expect() {
	local out rc
	out=$("$tmp/qemu_ras" "$1" --replay "$2" 2>&1)
	rc=$?
	n=$((n + 1))
	if [ "$rc" = "$3" ] && grep -qE -- "$5" <<< "$out"; then
		echo "ok $n $1: $4"
	else
		echo "not ok $n $1: $4 (exit $rc, wanted $3 and /$5/)"
		grep -E '^(FAIL|ok):' <<< "$out" | sed 's/^/#   /'
		bad=$((bad + 1))
	fi
}

# mutate MODE WHAT PATTERN SED...: the transcript edited by sed must fail
mutate() {
	local m=$1 what=$2 pat=$3
	shift 3
	sed "$@" "$top/tests/nested/transcripts/$m.txt" > "$tmp/t"
	expect "$m" "$tmp/t" 1 "$what" "$pat"
}

for f in "$top"/tests/nested/transcripts/*.txt; do
	m=$(basename "$f" .txt)
	expect "$m" "$f" 0 "the transcript of a passing run passes" "^$m: PASS"
	mutate "$m" "QEMU exits 1" 'FAIL: QEMU: exit status 1' \
		's/^QEMU exited with 0$/QEMU exited with 1/'
	mutate "$m" "QEMU dies of SIGABRT" 'FAIL: QEMU: exit status 134' \
		's/^QEMU exited with 0$/QEMU exited on signal 6/'
	mutate "$m" "a second injection" 'FAIL: QEMU: aborts injected: 2' \
		'/kvm_arm_inject_sea /p'
	mutate "$m" "the guest takes a second SEA" 'FAIL: guest kernel: SEAs taken \(do_sea\): 2' \
		'/ras-guest: kernel took an SEA/p'
	mutate "$m" "the guest takes no SEA" 'FAIL: guest kernel: SEAs taken \(do_sea\): 0' \
		'/ras-guest: kernel took an SEA/d'
	mutate "$m" "the guest takes another syndrome" 'FAIL: guest kernel: took ESR' \
		's/\(ras-guest: kernel took an SEA: esr 0x\)[0-9a-f]/\1f/'
	mutate "$m" "the reader gets another si_code" 'FAIL: guest reader: SIGBUS si_code 1 ' \
		's/\(ras-guest: SIGBUS si_code \)[0-9]*/\11/'
	mutate "$m" "the reader is not signalled" 'FAIL: guest reader: SIGBUS signals: 0' \
		'/ras-guest: SIGBUS /d'
	mutate "$m" "no second process" 'FAIL: guest: a second process ran' \
		'/ras-guest: second process ran/d'
	if grep -q 'acpi_ghes_record_error ' "$f"; then
		mutate "$m" "a second record" 'FAIL: QEMU: CPER records written: 2' \
			'/acpi_ghes_record_error /p'
		mutate "$m" "the guest logs no error" 'FAIL: guest kernel: GHES memory errors logged: 0' \
			'/physical_address: 0x/d'
		mutate "$m" "the record names another page" 'FAIL: QEMU: CPER record for guest physical' \
			'/acpi_ghes_record_error /s/physical address 0x\([0-9a-f]*\)000/physical address 0x\11000/'
	fi
	if grep -q 'kvm_arm_sea_exit ' "$f"; then
		mutate "$m" "a second exit" 'FAIL: QEMU: KVM_EXIT_ARM_SEA exits: 2' \
			'/kvm_arm_sea_exit /p'
		mutate "$m" "the exit's syndrome differs" 'FAIL: QEMU: KVM_EXIT_ARM_SEA esr' \
			's/\(kvm_arm_sea_exit cpu [0-9]* esr 0x\)[0-9a-f]/\1f/'
	fi
done

echo "1..$n"
echo "# test-qemu-ras: $((n - bad)) of $n cases held"
[ "$bad" -gt 0 ] && exit 1
[ "$n" -gt 0 ]
