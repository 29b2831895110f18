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

# has FILE PATTERN: the transcript holds a line matching PATTERN
has() {
	grep -q -- "$2" "$1"
}

for f in "$top"/tests/nested/transcripts/*.txt; do
	m=$(basename "$f" .txt)
	expect "$m" "$f" 0 "the transcript of a passing run passes" "^$m: PASS"
	mutate "$m" "QEMU exits 1" 'FAIL: QEMU: exit status 1 ' \
		's/^QEMU exited with 0$/QEMU exited with 1/'
	mutate "$m" "QEMU dies of SIGABRT" 'FAIL: QEMU: exit status 134' \
		's/^QEMU exited with 0$/QEMU exited on signal 6/'
	if has "$f" 'kvm_arm_inject_sea '; then
		mutate "$m" "a second injection" 'FAIL: QEMU: aborts injected: ' \
			'/kvm_arm_inject_sea /p'
		mutate "$m" "the guest takes a second SEA" 'FAIL: guest kernel: SEAs taken \(do_sea\): ' \
			'/ras-guest: kernel took an SEA/p'
		mutate "$m" "the guest takes no SEA" 'FAIL: guest kernel: SEAs taken \(do_sea\): 0' \
			'/ras-guest: kernel took an SEA/d'
		mutate "$m" "the guest takes another syndrome" 'FAIL: (guest kernel: took ESR|QEMU injected, and the guest)' \
			's/\(ras-guest: kernel took an SEA: cpu [0-9]* esr 0x\)[0-9a-f]/\1f/'
		mutate "$m" "the guest takes another address" 'FAIL: (guest kernel: took ESR|QEMU injected, and the guest)' \
			's/\(ras-guest: kernel took an SEA: cpu [0-9]* esr 0x[0-9a-f]* far \)[0-9a-fx]*/\10x123/'
	else
		mutate "$m" "the guest takes an SEA" 'FAIL: guest kernel: SEAs taken \(do_sea\): 1' \
			'/ras-guest: seas done/i guest| ras-guest: kernel took an SEA: cpu 0 esr 0x92000410 far 0'
	fi
	mutate "$m" "no second process" 'FAIL: guest: a second process ran' \
		'/ras-guest: second process ran/d'
	mutate "$m" "the guest does not shut down" 'FAIL: guest: a second process ran' \
		'/ras-guest: done/d'
	if has "$f" 'ras-guest: reader [0-9]* SIGBUS '; then
		mutate "$m" "the reader gets another si_code" 'FAIL: guest reader' \
			's/\(ras-guest: reader [0-9]* SIGBUS si_code \)[0-9]*/\11/'
		mutate "$m" "the reader gets another si_addr" 'FAIL: guest reader' \
			's/\(ras-guest: reader [0-9]* SIGBUS .*si_addr \)[0-9a-fx]*/\10x123/'
		mutate "$m" "the reader's frame has another ESR" 'FAIL: guest reader' \
			's/\(ras-guest: reader [0-9]* SIGBUS .* esr 0x\)[0-9a-f]*/\1f/'
		mutate "$m" "the reader is not signalled" 'FAIL: guest reader' \
			'/ras-guest: reader [0-9]* SIGBUS /d'
		mutate "$m" "the reader survives" 'FAIL: guest reader' \
			's/\(ras-guest: reader [0-9]*\) killed by signal [0-9]*/\1 exited 1/'
	fi
	if has "$f" 'acpi_ghes_record_error source 0 '; then
		mutate "$m" "a second record" 'FAIL: QEMU: CPER records written: ' \
			'/acpi_ghes_record_error source 0 /p'
		mutate "$m" "the record names another page" 'FAIL: (QEMU: CPER records? for guest physical|every page recorded|QEMU: one record, for)' \
			'/acpi_ghes_record_error source 0 /s/physical address 0x\([0-9a-f]*\)000/physical address 0x\11000/'
		mutate "$m" "the guest logs no error" 'FAIL: guest kernel: GHES memory errors logged: ' \
			'/physical_address: 0x/d'
		mutate "$m" "the guest handles no page" 'FAIL: guest kernel: pages memory_failure\(\) handled: ' \
			'/Memory failure: 0x/d'
	else
		mutate "$m" "a record where none is due" 'FAIL: QEMU: CPER records written: 1' \
			'/QEMU exited/i qemu| acpi_ghes_record_error source 0 memory error at guest physical address 0x40000000'
	fi
	if has "$f" 'kvm_arm_sea_exit '; then
		[ "$(grep -c 'kvm_arm_sea_exit ' "$f")" != 1 ] ||
			mutate "$m" "a second exit" 'FAIL: QEMU: KVM_EXIT_ARM_SEA exits: ' \
				'/kvm_arm_sea_exit /p'
		mutate "$m" "the exit's syndrome differs" 'FAIL: QEMU: (every )?KVM_EXIT_ARM_SEA esr' \
			's/\(kvm_arm_sea_exit cpu [0-9]* esr 0x\)[0-9a-f]/\1f/'
	fi
	# (a scenario with several errors takes "or more" SIGBUS: a held
	# vCPU meets its error again)
	if [ "$(grep -c 'kvm_arm_sigbus .* si_code 4 ' "$f")" = 1 ]; then
		mutate "$m" "a second SIGBUS" 'FAIL: QEMU: SIGBUS BUS_MCEERR_AR on a vCPU thread: ' \
			'/kvm_arm_sigbus .* si_code 4 /p'
	fi
	if has "$f" 'now on frame'; then
		mutate "$m" "the poisoned frame is given back" 'FAIL: host: the poisoned frame' \
			's/now on frame .*/now on frame 0x107cea/; s/poisoned frame 0x[0-9a-f]*/poisoned frame 0x107cea/'
		mutate "$m" "the rebooted guest cannot read a page" 'FAIL: guest after the reboot' \
			'0,/ras-guest: peek .* read/{/ras-guest: peek .* read/d}'
	fi
	# A rebooted guest may put its new readers on the GPA of the page
	# that failed before the reset (a clean-clone run did): the frame to
	# check is still the first one, and the run still passes
	frames=$(sed -n 's/^host| poisoned frame \(0x[0-9a-f]*\) behind guest page \(0x[0-9a-f]*\)$/\1 \2/p' "$f")
	if has "$f" 'ras-guest: rebooting' && [ "$(wc -l <<< "$frames")" = 2 ]; then
		read -r pfn1 gpa1 pfn2 gpa2 <<< "$(echo $frames)"
		if [ "$pfn1" != "$pfn2" ] && [ "$gpa1" != "$gpa2" ]; then
			g1=${gpa1%000} g2=${gpa2%000}
			sed "/ras-guest: rebooting/,\$ s/${g2#0x}/${g1#0x}/g" "$f" > "$tmp/t"
			expect "$m" "$tmp/t" 0 "the rebooted guest's page has the GPA of the failed one" \
				"ok: host: the poisoned frame $pfn1 was not given back"
		fi
	fi
	if has "$f" 'Generic Hardware Error Source: '; then
		mutate "$m" "the guest reads a record from the other source" 'FAIL: guest kernel: GHES memory error at .* read from source [01],' \
			'0,/Error Source: [01]$/{s/Error Source: 0$/Error Source: 2/; s/Error Source: 1$/Error Source: 0/; s/Error Source: 2$/Error Source: 1/}'
		mutate "$m" "the guest does not say which source" 'FAIL: guest kernel: GHES memory error at .* read from source -1,' \
			'0,/Error Source: [01]$/{/Error Source: [01]$/d}'
		# The guest kernel's lines may follow its init's output on one
		# console line (seen on the debug kernel)
		for w in 'Error Source: [01]$' 'physical_address: 0x'; do
			sed "0,/$w/{/$w/s/^guest| /guest| ras-guest: ok/}" "$f" > "$tmp/t"
			expect "$m" "$tmp/t" 0 "a record's line follows other output (/$w/)" "^$m: PASS"
		done
	fi
	if has "$f" 'ras-guest: holder [0-9]* cpu'; then
		mutate "$m" "a record goes to the SEA source" 'FAIL: (QEMU: CPER records written|QEMU: [0-9]+ record)' \
			'/acpi_ghes_record_error source 1 /s/source 1 /source 0 /'
		mutate "$m" "the asynchronous source gets no record" 'FAIL: QEMU: [0-9]+ record\(s\) in the asynchronous' \
			'/acpi_ghes_record_error source 1 /d'
		mutate "$m" "the holder's page is not handled" 'FAIL: (QEMU: [0-9]+ record|guest kernel: pages memory_failure)' \
			'0,/Memory failure: 0x.*recovery action/{/Memory failure: 0x.*recovery action/d}'
		mutate "$m" "the holder's wait sees no error" 'FAIL: guest kernel: HardwareCorrupted grew by [0-9]+ kB while' \
			's/\(holders: HardwareCorrupted grew by \)[0-9]*/\10/'
	fi
	if has "$f" 'ras-guest: holder [0-9]* SIGBUS'; then
		mutate "$m" "the holder gets BUS_MCEERR_AR" 'FAIL: guest holder' \
			's/\(ras-guest: holder [0-9]* SIGBUS si_code \)5/\14/'
		mutate "$m" "the holder gets another si_addr" 'FAIL: guest holder' \
			's/\(ras-guest: holder [0-9]* SIGBUS .*si_addr \)[0-9a-fx]*/\10x123/'
		mutate "$m" "the holder is not signalled" 'FAIL: guest holder' \
			'/ras-guest: holder [0-9]* SIGBUS/d'
	fi
	if has "$f" 'ras-guest: holder [0-9]* read back'; then
		mutate "$m" "the clean page reads back other data" 'FAIL: guest holder' \
			's/\(ras-guest: holder [0-9]* read back \).*/\10/'
		mutate "$m" "the clean page's holder is killed" 'FAIL: guest holder' \
			'/ras-guest: holder [0-9]* exited/i guest| ras-guest: holder 0 SIGBUS si_code 5 si_addr 0x1000 si_addr_lsb 12'
	fi
	if ! has "$f" 'kvm_arm_inject_sea '; then
		mutate "$m" "an SEA where none is due" 'FAIL: QEMU: aborts injected: 1' \
			'/QEMU exited/i qemu| kvm_arm_inject_sea cpu 0 ESR_EL1 0x92000410 FAR_EL1 0x0'
	fi
	if has "$f" 'migration refused'; then
		mutate "$m" "the migration is not refused" 'FAIL: QEMU: migration refused' \
			'/migration refused/d'
	fi
done

echo "1..$n"
echo "# test-qemu-ras: $((n - bad)) of $n cases held"
[ "$bad" -gt 0 ] && exit 1
[ "$n" -gt 0 ]
