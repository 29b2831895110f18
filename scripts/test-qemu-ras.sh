#!/bin/bash
# The checks of the nested scenarios (tests/nested/scenarios.c), tried on
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

gcc -O2 -Wall -Wextra -Werror -o "$tmp/qemu_ras" "$top/tests/nested/qemu_ras.c" \
	"$top/tests/nested/scenarios.c" || exit 1

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
		mutate "$m" "the guest takes another syndrome" 'FAIL: (guest kernel: took ESR|QEMU injected, and the guest|QEMU: record [0-9] for|QEMU: record for)' \
			's/\(ras-guest: kernel took an SEA: cpu [0-9]* esr 0x\)[0-9a-f]/\1f/'
		mutate "$m" "the guest takes another address" 'FAIL: (guest kernel: took ESR|QEMU injected, and the guest|QEMU: record [0-9] for|QEMU: record for)' \
			's/\(ras-guest: kernel took an SEA: cpu [0-9]* esr 0x[0-9a-f]* far \)[0-9a-fx]*/\10x123/'
	elif has "$f" 'ras-guest: seas done'; then
		mutate "$m" "the guest takes an SEA" 'FAIL: guest kernel: SEAs taken \(do_sea\): 1' \
			'/ras-guest: seas done/i guest| ras-guest: kernel took an SEA: cpu 0 esr 0x92000410 far 0'
	fi
	if has "$f" 'ras-guest: done'; then
		mutate "$m" "no second process" 'FAIL: guest: a second process ran' \
			'/ras-guest: second process ran/d'
		mutate "$m" "the guest does not shut down" 'FAIL: guest: a second process ran' \
			'/ras-guest: done/d'
	fi
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
		mutate "$m" "the record names another page" 'FAIL: (QEMU: CPER records? for guest physical|every page recorded|QEMU: one record, for|QEMU: record [0-9]* ?for|QEMU: both records for|QEMU: SEA records for|QEMU: the SEA source.s [0-9]+ sections name .*: [1-9])' \
			'/acpi_ghes_record_error source 0 /s/physical address 0x\([0-9a-f]*\)000/physical address 0x\11000/'
		if has "$f" 'physical_address: 0x'; then
			mutate "$m" "the guest logs no error" 'FAIL: guest kernel: GHES memory errors logged: ' \
				'/physical_address: 0x/d'
			mutate "$m" "the guest handles no page" 'FAIL: guest kernel: pages memory_failure\(\) handled: ' \
				'/Memory failure: 0x/d'
		fi
	else
		mutate "$m" "a record where none is due" 'FAIL: QEMU: CPER records written: 1' \
			'0,/^QEMU exited/{/^QEMU exited/i qemu| 1@1.000000:acpi_ghes_record_error source 0 memory error at guest physical address 0x40000000, other sources unread 0x0
}'
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
		mutate "$m" "the guest reads a record from the other source" 'FAIL: guest kernel: (GHES memory error at .* read from source [01],|read both records from the SEA source)' \
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
	if has "$f" 'ras-guest: holder [0-9]* cpu' && has "$f" 'acpi_ghes_record_error source 1 '; then
		mutate "$m" "a record goes to the SEA source" 'FAIL: (QEMU: CPER records written|QEMU: [0-9]+ record)' \
			'/acpi_ghes_record_error source 1 /s/source 1 /source 0 /'
		mutate "$m" "the asynchronous source gets no record" 'FAIL: QEMU: ([0-9]+ record\(s\) in the asynchronous|the AO.s record for|records written into the asynchronous source: 0)' \
			'/acpi_ghes_record_error source 1 /d'
		mutate "$m" "the holder's page is not handled" 'FAIL: (QEMU: [0-9]+ record|guest kernel: pages memory_failure)' \
			'0,/Memory failure: 0x.*recovery action/{/Memory failure: 0x.*recovery action/d}'
	fi
	# The guest retired the holders' pages before they read them again
	if has "$f" 'holders: HardwareCorrupted grew by [1-9]'; then
		mutate "$m" "the holder's wait sees no error" 'FAIL: guest kernel: HardwareCorrupted grew by [0-9]+ kB while' \
			's/\(holders: HardwareCorrupted grew by \)[0-9]*/\10/'
	fi
	if has "$f" 'holders: HardwareCorrupted grew by [1-9]' &&
	   has "$f" 'ras-guest: holder [0-9]* SIGBUS'; then
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
			'0,/^QEMU exited/{/^QEMU exited/i qemu| 1@1.000000:kvm_arm_inject_sea cpu 0 ESR_EL1 0x92000410 FAR_EL1 0x0
}'
	fi
	# Migration: how each ended, what the stream held, the destination,
	# the guest's counting task, the pages QEMU did not read
	if has "$f" 'migration 1: completed'; then
		mutate "$m" "the migration fails" 'FAIL: QEMU: migration 1 completed' \
			's/migration 1: completed/migration 1: failed/'
		mutate "$m" "no destination starts" 'FAIL: QEMU: destinations started' \
			'0,/destination QEMU started/{/destination QEMU started/d}'
		if has "$f" 'counter alive'; then
			mutate "$m" "the counting task dies" 'FAIL: guest: the counting task' \
				'0,/counter alive 1/s/counter alive 1/counter alive 0/'
			mutate "$m" "the counting task stops" 'FAIL: guest: the counting task' \
				'0,/counting 1/s/counting 1/counting 0/'
		fi
		mutate "$m" "a record at the destination" 'FAIL: QEMU: (CPER records|records written into)' \
			'/destination QEMU started/a qemu| 1@1.000000:acpi_ghes_record_error source 0 memory error at guest physical address 0x40000000, other sources unread 0x0, section 1 of 1'
		if has "$f" 'section kvm-arm-hwpoison: yes'; then
			mutate "$m" "the stream lacks the poisoned pages" 'FAIL: QEMU: migration 1 completed' \
				'0,/section kvm-arm-hwpoison: yes/s/section kvm-arm-hwpoison: yes/section kvm-arm-hwpoison: no/'
			mutate "$m" "the stream names no page" 'FAIL: QEMU: pages not read' \
				'/kvm_arm_hwpoison_save /d'
			mutate "$m" "the destination takes no page from it" 'FAIL: QEMU: pages not read' \
				'0,/kvm_arm_hwpoison_load /{/kvm_arm_hwpoison_load /d}'
			mutate "$m" "the stream names another page" 'FAIL: QEMU: pages not read' \
				'0,/kvm_arm_hwpoison_save /s/\(kvm_arm_hwpoison_save migration: guest physical address 0x[0-9a-f]*\)000/\11000/'
			mutate "$m" "the source reads a poisoned page" 'FAIL: QEMU: pages not read' \
				'0,/ram_save_poisoned_page /{/ram_save_poisoned_page /d}'
			mutate "$m" "the source leaves out another page" 'FAIL: QEMU: pages not read' \
				'0,/ram_save_poisoned_page /s/\(offset: 0x[0-9a-f]*\)000/\11000/'
		else
			mutate "$m" "the stream has the poisoned pages' section" 'FAIL: QEMU: migration 1 completed' \
				's/section kvm-arm-hwpoison: no/section kvm-arm-hwpoison: yes/'
			mutate "$m" "a page left out" 'FAIL: QEMU: pages not read' \
				'/destination QEMU started/i qemu| 1@1.000000:ram_save_poisoned_page ram: offset: 0x1000 poisoned by the host, not read'
		fi
	fi
	if has "$f" 'migration 1: refused'; then
		mutate "$m" "the VM migrates with a page the guest does not know of" 'FAIL: QEMU: migration 1 refused' \
			's/migration 1: refused/migration 1: failed/'
		mutate "$m" "the refusal names another page" 'FAIL: QEMU: the refusal names the page' \
			's/\(monitor: Error: .*guest physical address 0x[0-9a-f]*\)000 /\11000 /'
	fi
	if has "$f" 'migration 1: failed'; then
		mutate "$m" "the migration gives up on the guest at once" 'FAIL: QEMU: the migration failed after 10 ms' \
			's/after 2[0-9]* ms: /after 10 ms: /'
		mutate "$m" "the migration waits 30 s" 'FAIL: QEMU: the migration failed after 30000 ms' \
			's/after 2[0-9]* ms: /after 30000 ms: /'
		mutate "$m" "the failure names another page" 'FAIL: QEMU: the migration failed after' \
			's/\(has not taken the record .*guest physical address 0x[0-9a-f]*\)000/\11000/'
		mutate "$m" "the migration is refused instead" 'FAIL: QEMU: migration 1 failed' \
			's/migration 1: failed/migration 1: refused/'
	fi
	if has "$f" 'with postcopy'; then
		mutate "$m" "postcopy is not refused" 'FAIL: QEMU: postcopy refused' \
			'/with postcopy/d'
	fi
	# QEMU's trace: timed, paced, nothing held or taken back unaccounted
	mutate "$m" "a trace line without its time" 'FAIL: QEMU: 1 trace events without a timestamp' \
		'0,/^qemu| [0-9]*@[0-9.]*:/s/^qemu| [0-9]*@[0-9.]*:/qemu| /'
	mutate "$m" "a record taken back" 'FAIL: QEMU: records left unread, taken back: ' \
		'0,/^QEMU exited/{/^QEMU exited/i qemu| 1@1.000000:kvm_arm_discard_memory_error cpu 0 takes back the record of page 0x40000000 for cpu 1, left unread for 2000 ms
}'
	if ! has "$f" 'kvm_arm_hold_memory_error '; then
		mutate "$m" "a vCPU held" 'FAIL: QEMU: vCPUs held: 1' \
			'0,/^QEMU exited/{/^QEMU exited/i qemu| 1@1.000000:kvm_arm_hold_memory_error cpu 0 memory error at guest physical address 0x40000000 held: a record pending 1, the page being reported 0
}'
	fi
	# Readers of one page on several vCPUs: a vCPU held for it is traced
	# again after a pause of its own, and one that comes after the guest
	# retired the page never meets the host (seen on a busy CI machine)
	case $m in smp_same_page|smp_same_page_sea|reset)
		c=$(sed -n 's/^qemu| [0-9]*@[0-9.]*:kvm_arm_hold_memory_error cpu \([0-9]*\) .*/\1/p' "$f" | head -n 1)
		sed "/kvm_arm_hold_memory_error cpu $c /p" "$f" > "$tmp/t"
		expect "$m" "$tmp/t" 0 "a held vCPU traced twice" "^$m: PASS"
		sed -E "/kvm_arm_(sea_exit|sigbus|hold_memory_error) cpu $c .*si_code 4 |kvm_arm_(sea_exit|hold_memory_error) cpu $c /d" "$f" > "$tmp/t"
		expect "$m" "$tmp/t" 0 "a vCPU that reads the page after the guest retired it" "^$m: PASS"
		mutate "$m" "a vCPU met the page, neither told nor held" 'FAIL: QEMU: the vCPUs that met the page' \
			"/kvm_arm_hold_memory_error cpu $c /d"
		;;
	esac
	# A vCPU that met one page three times or more: in no time (a busy
	# retry), or each time twice (a SIGBUS storm)
	ar=$(sed -n 's/^qemu| [0-9]*@[0-9.]*:kvm_arm_sigbus cpu \([0-9]*\) si_code 4 .* address \(0x[0-9a-f]*\)$/\1 \2/p' "$f" |
	     sort | uniq -c | sort -rn | head -n 1)
	if [ -n "$ar" ] && [ "$(awk '{ print $1 }' <<< "$ar")" -ge 3 ]; then
		mutate "$m" "a held vCPU retries at once" 'FAIL: QEMU: SIGBUS BUS_MCEERR_AR: no vCPU met a page again sooner' \
			's/^qemu| \([0-9]*\)@[0-9.]*:kvm_arm_sigbus \(.* si_code 4 \)/qemu| \1@1.000000:kvm_arm_sigbus \2/'
		mutate "$m" "each SIGBUS twice" 'FAIL: QEMU: SIGBUS BUS_MCEERR_AR: no vCPU met a page again sooner' \
			'/kvm_arm_sigbus .* si_code 4 /p'
	fi
	if [ "$(grep -c 'kvm_arm_sea_exit ' "$f")" -ge 3 ]; then
		mutate "$m" "a held vCPU exits again at once" 'FAIL: QEMU: KVM_EXIT_ARM_SEA: no vCPU met a page again sooner' \
			's/^qemu| \([0-9]*\)@[0-9.]*:kvm_arm_sea_exit /qemu| \1@1.000000:kvm_arm_sea_exit /'
	fi
	# The guest: its kprobe, its HardwareCorrupted
	mutate "$m" "no kprobe on do_sea in the guest" 'FAIL: guest kernel: the kprobe on do_sea' \
		'/ras-guest: ready/i guest| ras-guest: no kprobe on do_sea'
	if grep -q 'ras-guest: HardwareCorrupted [1-9]' "$f"; then
		mutate "$m" "a guest without HardwareCorrupted" 'FAIL: guest kernel: HardwareCorrupted' \
			's/ras-guest: HardwareCorrupted [0-9]* kB/ras-guest: HardwareCorrupted -1 kB/'
	fi
	if has "$f" 'ras-guest: burst page [0-9]* SIGBUS'; then
		mutate "$m" "a burst page's SIGBUS with another si_addr_lsb" 'FAIL: guest reader: .* [1-9][0-9]* wrong' \
			'0,/burst page [0-9]* SIGBUS/s/\(burst page [0-9]* SIGBUS .*si_addr_lsb \)12/\116/'
		mutate "$m" "a burst page's frame with another ESR" 'FAIL: guest reader: .* [1-9][0-9]* wrong' \
			'0,/burst page [0-9]* SIGBUS/s/\(burst page [0-9]* SIGBUS .* esr \)0x[0-9a-f]*/\10x96000010/'
	fi
	if [ "$m" = ao_during_sea ]; then
		mutate "$m" "the records did not overlap" 'FAIL: QEMU: the AO.s record for .* written while the SEA' \
			's/other sources unread 0x[0-9a-f]*/other sources unread 0x0/'
	fi
	if has "$f" 'before the reset$'; then
		mutate "$m" "the page that only aborted gets a new frame" 'FAIL: host: the page that only aborted stays on its frame' \
			's/^host| frame 0x[0-9a-f]* behind/host| frame 0x1 behind/'
	fi
	if has "$f" 'guest-expected| '; then
		mutate "$m" "one more expected guest message" 'FAIL: guest kernel: (oopses|SError panics)' \
			'0,/^guest-expected| /{/^guest-expected| /p}'
	fi
	if has "$f" 'kvm_arm_discard_memory_error '; then
		mutate "$m" "no record taken back" 'FAIL: QEMU: (records left unread, taken back|cpu [0-9-]* took back|the first record taken back)' \
			'/kvm_arm_discard_memory_error /d'
		# (one that the vCPU it was for takes back goes at any age)
		if awk '/kvm_arm_discard_memory_error / { c = $14; sub(/,$/, "", c)
			if ($4 != c || c == -1) f = 1 } END { exit !f }' "$f"; then
			mutate "$m" "a record taken back early" 'FAIL: QEMU: (cpu [0-9-]* took back|the first record taken back)' \
				's/left unread for [0-9]* ms/left unread for 1500 ms/'
		fi
	fi
	if has "$f" 'ras-guest: rebooting' && has "$f" 'acpi_ghes_record_error source 1 '; then
		mutate "$m" "the AO recorded before the new firmware placed the blocks" 'FAIL: QEMU: the AO recorded for' \
			'/acpi_ghes_record_error source 1 /d; /placed at 0x0 /a qemu| 1@1.000000:acpi_ghes_record_error source 1 memory error at guest physical address 0x45000000, other sources unread 0x0'
		mutate "$m" "the blocks not forgotten at the reboot" 'FAIL: QEMU: the blocks forgotten at each reset' \
			'2,${/placed at 0x0 /d}'
	fi
	# A host page larger than the guest's: a section for each guest page
	if has "$f" 'section 16 of 16$' || has "$f" 'section 6 of 6$'; then
		mutate "$m" "a record names the first guest page only" 'FAIL: QEMU: (CPER records written|sections in them|the (SEA|asynchronous) source.s 16 sections)' \
			'/acpi_ghes_record_error .*section \([2-9]\|1[0-9]\) of/d'
		mutate "$m" "a section names the wrong page" 'FAIL: QEMU: the (SEA|asynchronous) source.s 16 sections name .*: [1-9]' \
			's/\(guest physical address 0x[0-9a-f]*\)5000, \(.*section 6 of\)/\16000, \2/'
		mutate "$m" "one record for all but the last page" 'FAIL: QEMU: records written into the (SEA|asynchronous) source' \
			'0,/section 1 of /{/section 1 of /p}'
		mutate "$m" "the guest retires one page of sixteen" 'FAIL: guest kernel: (pages memory_failure.. handled|HardwareCorrupted)' \
			'0,/Memory failure: 0x[0-9a-f]*: recovery action/!{/Memory failure: 0x[0-9a-f]*: recovery action/d}'
	fi
	if has "$f" 'si_addr_lsb 16'; then
		mutate "$m" "the reader of a 64K guest page gets si_addr_lsb 12" 'FAIL: guest reader on cpu' \
			's/si_addr_lsb 16/si_addr_lsb 12/'
	fi
	if has "$f" 'KVM_CAP_ARM_SEA_TO_USER: 1$'; then
		mutate "$m" "the capability enabled despite the property" 'FAIL: QEMU: KVM_CAP_ARM_SEA_TO_USER 0' \
			's/KVM_CAP_ARM_SEA_TO_USER: 1$/KVM_CAP_ARM_SEA_TO_USER: 0/'
	else
		mutate "$m" "the capability not enabled" 'FAIL: QEMU: KVM_CAP_ARM_SEA_TO_USER -95' \
			's/KVM_CAP_ARM_SEA_TO_USER: 0$/KVM_CAP_ARM_SEA_TO_USER: -95/'
	fi
done

echo "1..$n"
echo "# test-qemu-ras: $((n - bad)) of $n cases held"
[ "$bad" -gt 0 ] && exit 1
[ "$n" -gt 0 ]
