#!/bin/bash
# The checks of summarize.sh, tried on crafted serial logs: each must fail
# a run for what it watches, every time, wherever the message sits in a
# large log, and pass a clean one. Then make's verdict on the scenario
# (show-scenario.sh), which must be summarize.sh's, and qemu-checkpatch.sh's
# test of a linux-headers/ patch, on a crafted series.
# usage: test-summarize.sh [REPEAT]   (each kernel-message case REPEAT
# times, default 1). Prints TAP; exit status 0 when every case held.
set -o pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
repeat=${1:-1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LOGS=$tmp FLAKY_LIST=$tmp/flaky.list EXPECT_SKIP_LIST=$tmp/skip.list
n=0 bad=0

cat > "$FLAKY_LIST" <<'EOF'
t/flaky  exit=254  flaky.c:42 -- crafted
t/dead   exit=254  lib/util.c:7: false -- crafted: one line, several assertions
t/alarm  signal=14  Testing RW now, 1 s -- crafted: no assertion
t/slow   TIMEOUT   Waiting for the guest -- crafted: no assertion
EOF
cat > "$EXPECT_SKIP_LIST" <<'EOF'
r   t/skip    test     no widget here
r   t/sub     subtest  no gadget here
EOF

# A run of about 200 KB: kernel lines and the relayed output of tests.
filler() {
	local i
	for ((i = 0; i < $1; i++)); do
		printf '[%5d.%06d] kvm [%d]: vcpu %d exited, nothing to see here at all\n' \
			$((i / 10)) $((i * 7 % 1000000)) $((100 + i)) $((i % 4))
		printf '# a line of test output, number %d, that only fills the log up\n' "$i"
	done
}
filler 1400 > "$tmp/fill"
head -n 1400 "$tmp/fill" > "$tmp/fill1"
tail -n +1401 "$tmp/fill" > "$tmp/fill2"

# make_log NAME [lines before] [lines in the middle] [lines after]
make_log() {
	{
		echo "TAP version 13"
		echo "1..2"
		printf "%s" "${2:-}"
		cat "$tmp/fill1"
		echo "ok 1 t/a"
		printf "%s" "${3:-}"
		cat "$tmp/fill2"
		echo "ok 2 t/b"
		printf "%s" "${4:-}"
		echo "# init: all tests done in 99 s"
	} > "$tmp/$1.log"
	printf 't/a\nt/b\n' > "$tmp/$1.list"
}

# held CASE OUT RC WANT PATTERN...: the case held when the exit status RC
# is WANT and the output OUT has a line of each PATTERN
held() {
	local p ok=1
	[ "$3" = "$4" ] || ok=0
	for p in "${@:5}"; do
		grep -qE -- "$p" <<< "$2" || ok=0
	done
	n=$((n + 1))
	if [ "$ok" = 1 ]; then
		echo "ok $n $1"
	else
		echo "not ok $n $1 (exit $3, wanted $4 and /${*:5}/)"
		printf '#   %s\n' "${2//$'\n'/$'\n'#   }"
		bad=$((bad + 1))
	fi
}

# expect CASE NAME RC PATTERN: summarize.sh NAME exits RC and prints PATTERN
expect() {
	local out rc
	out=$("$top/scripts/summarize.sh" "$2" 2>&1)
	rc=$?
	held "$1" "$out" "$rc" "$3" "$4"
}

# expect_show CASE NAME RC PATTERN...: show-scenario.sh on the log NAME
# exits RC and prints each PATTERN
expect_show() {
	local out rc
	out=$("$top/scripts/show-scenario.sh" "$tmp/$2.log" 2>&1)
	rc=$?
	held "$1" "$out" "$rc" "$3" "${@:4}"
}

make_log clean
expect "a clean log of $(stat -c %s "$tmp/clean.log") bytes passes" clean 0 '^2 passed, 0 failed'

msgs=(
	'WARNING: CPU: 1 PID: 212 at arch/arm64/kvm/mmu.c:1234 user_mem_abort+0x1c/0x800'
	'WARNING: possible circular locking dependency detected'
	'BUG: sleeping function called from invalid context at mm/slub.c:4100'
	'BUG: KASAN: slab-use-after-free in kvm_vcpu_ioctl+0x44/0x900'
	'UBSAN: shift-out-of-bounds in arch/arm64/kvm/inject_fault.c:80:10'
	'INFO: task kworker/0:1:45 blocked for more than 120 seconds.'
	'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:'
	'Internal error: Oops: 0000000096000004 [#1] PREEMPT SMP'
	'Kernel panic - not syncing: Oops: Fatal exception'
)
for m in "${msgs[@]}"; do
	line="[   12.345678] $m"$'\n'
	gline="# guest| [    3.210000] $m"$'\n'
	for pos in start middle end; do
		case $pos in
		start) make_log k "$line" "" "" ; make_log g "$gline" "" "" ;;
		middle) make_log k "" "$line" "" ; make_log g "" "$gline" "" ;;
		end) make_log k "" "" "$line" ; make_log g "" "" "$gline" ;;
		esac
		for ((i = 0; i < repeat; i++)); do
			expect "host '${m:0:40}' at the $pos" k 1 'FAIL k host-kernel'
			expect "nested guest '${m:0:40}' at the $pos" g 1 'FAIL g nested-guest-kernel'
		done
	done
done
make_log g "" "# guest| [    3.2] guest text[   55.6] WARNING: CPU: 0 PID: 1 at x.c:1"$'\n' ""
expect "a host warning inside a nested guest's line is the host's" g 1 'FAIL g host-kernel'
make_log g "" "# guest| [    3.2] ras-guest: page va 0x1000"$'\n'"# guest| WARNING: continued"$'\n' ""
expect "a nested guest's line without a timestamp is checked" g 1 'FAIL g nested-guest-kernel'
make_log g "" "# guest-expected| [    3.2] Internal error: synchronous external abort: 0000000096000410 [#1] SMP"$'\n' ""
expect "a nested guest's message the scenario expects is left to it" g 0 '^2 passed, 0 failed'
make_log g "" "# guest| [    3.2] Internal error: synchronous external abort: 0000000096000410 [#1] SMP"$'\n' ""
expect "the same message not marked as expected fails" g 1 'FAIL g nested-guest-kernel'
make_log g "" "# guest-expected| [    3.2] Internal error: x[   55.6] WARNING: CPU: 0 PID: 1 at x.c:1"$'\n' ""
expect "a host warning inside an expected guest line is the host's" g 1 'FAIL g host-kernel'

# The tests' results
make_log r
sed -i 's/^ok 2 t\/b$/ok 2 t\/b # exit=1/' "$tmp/r.log"
expect "'ok N name # exit=1' is a failure" r 1 "FAIL r t/b \(ok with '# exit=1'\)"
make_log r
sed -i '/^ok 2 t\/b$/d' "$tmp/r.log"
expect "a test without a result fails" r 1 'FAIL r t/b \(no result\)'
make_log r
sed -i 's/^ok 2 t\/b$/ok 2 t\/b # SKIP/' "$tmp/r.log"
expect "an unexpected skip fails" r 1 'FAIL r t/b \(skipped'
make_log r
echo "ok 3 t/a" >> "$tmp/r.log"
expect "two results for one test fail" r 1 'FAIL r t/a \(two results\)'
make_log r "" "# ok 1 # SKIP no thingy here"$'\n'
expect "an unexpected subtest skip fails" r 1 'FAIL r t/b \(subtest skipped: ok 1 # SKIP no thingy'
make_log r "" "# not ok 2 the frob"$'\n'
expect "a failed subtest in a test that exited 0 fails" r 1 'FAIL r t/b \(exited 0 after: not ok 2 the frob'
make_log r
sed -i '/^# init: all tests done/d' "$tmp/r.log"
expect "a boot where init did not finish fails" r 1 'FAIL r boot: init did not finish'
make_log r "" "" "# boot-tests: TIMEOUT: the whole boot hit its 300s limit"$'\n'
expect "a boot that hit its limit fails" r 1 'FAIL r boot: the boot hit its time limit'
rm -f "$tmp/r.list"
expect "a run without its list fails" r 1 'FAIL r: no log'

# Expected skips (run "r" of skip.list)
skiplog() {
	{
		echo "TAP version 13"
		printf '%s' "$1"
		echo "# init: all tests done in 9 s"
	} > "$tmp/r.log"
	printf '%s\n' "${@:2}" > "$tmp/r.list"
}
skiplog $'# 1..0 # SKIP no widget here\n# t/skip: 0.1 s\nok 1 t/skip # SKIP\n' t/skip
expect "an expected skip with its reason is a skip" r 0 'SKIP r t/skip \(as it must: no widget here\).*|0 failed, 1 skipped'
skiplog $'# 1..0 # SKIP no widget here\nok 1 t/other\n# 1..0 # SKIP something else\nok 2 t/skip # SKIP\n' t/other t/skip
expect "an expected skip's reason must be in its own output" r 1 'FAIL r t/skip \(wanted a skip saying'
skiplog $'ok 1 t/skip\n' t/skip
expect "a test that must skip and passes fails" r 1 'FAIL r t/skip \(wanted a skip'
skiplog $'# 1..1\n# ok 1 # SKIP no gadget here today\n# Totals: pass:0 fail:0 xfail:0 xpass:0 skip:1 error:0\nok 1 t/sub\n' t/sub
expect "an expected subtest skip passes and is named" r 0 'PASS r t/sub \[skipped subtest: ok 1 # SKIP no gadget here today\]'
skiplog $'# 1..1\n# ok 1 the gadget\nok 1 t/sub\n' t/sub
expect "an expected subtest skip that did not happen fails" r 1 'FAIL r t/sub \(no subtest skipped saying "no gadget here"\)'

# run_kselftest.sh's results, relayed by init (kselftest-run.sh)
runner=$'# # selftests: kvm: skip\n# # 1..0 # SKIP no widget here\n# ok 1 selftests: kvm: skip # SKIP\n'
runner+=$'# # selftests: kvm: b\n# # 1..1\n# # ok 1 the b\n# ok 2 selftests: kvm: b\n'
skiplog "${runner}ok 1 kselftest"$'\n' kselftest kvm:b
expect "kselftest runner: a test passes" r 0 'PASS r kvm:b$'
sed -i 's/^# # ok 1 the b$/# # ok 1 # SKIP no b here/' "$tmp/r.log"
expect "kselftest runner: a subtest skip fails its test" r 1 'FAIL r kvm:b \(subtest skipped: ok 1 # SKIP no b here'
skiplog "${runner}ok 1 kselftest"$'\n' kselftest kvm:skip
sed -i 's/^r   t\/skip /r   kvm:skip /' "$EXPECT_SKIP_LIST"
expect "kselftest runner: an expected skip is a skip" r 0 'SKIP r kvm:skip \(as it must: no widget here\)'
sed -i 's/^r   kvm:skip /r   t\/skip /' "$EXPECT_SKIP_LIST"
expect "kselftest runner: an unexpected skip fails" r 1 'FAIL r kvm:skip \(skipped: 1..0 # SKIP no widget here'
sed -i 's/^# ok 2 selftests: kvm: b$/# not ok 2 selftests: kvm: b # exit=1/' "$tmp/r.log"
printf 'kselftest\nkvm:b\n' > "$tmp/r.list"
expect "kselftest runner: a failed test fails" r 1 'FAIL r kvm:b \(exit=1\)'

# Known-flaky tests: only the failure of flaky.list is not counted.
# assertion LOCATION: a failed assertion's report, as init relays it
assertion() {
	printf '# ==== Test Assertion Failure ====\n#   %s\n#   pid=9 tid=9 errno=5 - Input/output error\n' "$1"
}
skiplog "$(assertion 'flaky.c:42: x')"$'\n# t/flaky: 1.0 s\nnot ok 1 t/flaky # exit=254\n' t/flaky
expect "a flaky test failing its known way is not counted" r 0 'FLAKY r t/flaky: FAIL \(exit=254\)'
skiplog "$(assertion 'aarch64/flaky.c:42: a == b')"$'\nnot ok 1 t/flaky # exit=254\n' t/flaky
expect "a flaky test's file:line is matched with the path printed" r 0 'FLAKY r t/flaky: FAIL \(exit=254\)'
skiplog "$(assertion 'flaky.c:77: x')"$'\nnot ok 1 t/flaky # exit=254\n' t/flaky
expect "a flaky test failing at another line fails" r 1 'FAIL r t/flaky \(not its known failure'
skiplog "$(assertion 'flaky.c:420: x')"$'\nnot ok 1 t/flaky # exit=254\n' t/flaky
expect "a flaky test failing at a line that starts with its line fails" r 1 'FAIL r t/flaky \(not its known failure'
skiplog "$(assertion 'aarch64/myflaky.c:42: x')"$'\nnot ok 1 t/flaky # exit=254\n' t/flaky
expect "a flaky test failing in a file whose name ends with its file fails" r 1 'FAIL r t/flaky \(not its known failure'
skiplog $'# retrying, as after flaky.c:42: x\n'"$(assertion 'flaky.c:77: x')"$'\n# see flaky.c:42: x\nnot ok 1 t/flaky # exit=254\n' t/flaky
expect "a flaky test failing elsewhere, its file:line in other lines, fails" r 1 'FAIL r t/flaky \(not its known failure'
skiplog $'#   flaky.c:42: x\nnot ok 1 t/flaky # exit=254\n' t/flaky
expect "a flaky test failing without an assertion report fails" r 1 'FAIL r t/flaky \(not its known failure'
skiplog "$(assertion 'lib/util.c:7: false')"$'\nnot ok 1 t/dead # exit=254\n' t/dead
expect "a flaky test failing at its file:line and expression is not counted" r 0 'FLAKY r t/dead: FAIL \(exit=254\)'
skiplog "$(assertion 'lib/util.c:7: !ret')"$'\nnot ok 1 t/dead # exit=254\n' t/dead
expect "a flaky test failing at its file:line, another expression, fails" r 1 'FAIL r t/dead \(not its known failure'
skiplog "$(assertion 'flaky.c:42: x')"$'\nnot ok 1 t/flaky # killed by signal 11\n' t/flaky
expect "a flaky test failing another way fails" r 1 'FAIL r t/flaky \(not its known failure'
skiplog '' t/flaky
expect "a flaky test without a result fails" r 1 'FAIL r t/flaky \(not its known failure.*no result'
# a failure without an assertion: the test's last line
skiplog $'# Testing RW now, 1 s\n[  81.5] kvm: a kernel line\n# t/alarm: 10.2 s\nnot ok 1 t/alarm # killed by signal 14\n' t/alarm
expect "a flaky test killed its known way, its last line the known one, is not counted" r 0 'FLAKY r t/alarm: FAIL \(killed by signal 14\)'
skiplog $'# Testing RW now, 1 s\n# Testing move now, 1 s\n# t/alarm: 10.2 s\nnot ok 1 t/alarm # killed by signal 14\n' t/alarm
expect "a flaky test killed its known way after another last line fails" r 1 'FAIL r t/alarm \(not its known failure'
skiplog $'# Testing RW now, 1 s, 2 runs\nnot ok 1 t/alarm # killed by signal 14\n' t/alarm
expect "a flaky test whose last line only starts with the known one fails" r 1 'FAIL r t/alarm \(not its known failure'
skiplog $'# Testing RW now, 1 s\nnot ok 1 t/alarm # killed by signal 9\n' t/alarm
expect "a flaky test killed by another signal fails" r 1 'FAIL r t/alarm \(not its known failure'
skiplog $'# Waiting for the guest\n# t/slow: 900.0 s\nnot ok 1 t/slow # TIMEOUT 900 s\n' t/slow
expect "a flaky test timing out its known way is not counted" r 0 'FLAKY r t/slow: FAIL \(TIMEOUT 900 s\)'
skiplog $'# Waiting for the guest\nnot ok 1 t/slow # exit=1\n' t/slow
expect "a flaky test that should time out and exits 1 fails" r 1 'FAIL r t/slow \(not its known failure'
# a pass, or a skip, is judged as any other test's
skiplog $'ok 1 t/flaky\n' t/flaky
expect "a flaky test that passes is counted as a pass" r 0 '^PASS r t/flaky$'
expect "a flaky test that passes is in the totals" r 0 '^1 passed, 0 failed'
skiplog $'# ok 1 # SKIP no thingy here\nok 1 t/flaky\n' t/flaky
expect "a flaky test that passes after an unexpected subtest skip fails" r 1 'FAIL r t/flaky \(subtest skipped: ok 1 # SKIP no thingy'
skiplog $'# not ok 2 the frob\nok 1 t/flaky\n' t/flaky
expect "a flaky test that exits 0 after a failed subtest fails" r 1 'FAIL r t/flaky \(exited 0 after: not ok 2 the frob'
skiplog $'# 1..0 # SKIP no flake today\nok 1 t/flaky # SKIP\n' t/flaky
expect "a flaky test that skips unexpectedly fails" r 1 'FAIL r t/flaky \(skipped: 1..0 # SKIP no flake today'

# make's verdict on the scenario (show-scenario.sh) is summarize.sh's
make_log s
expect_show "show-scenario: a clean scenario passes" s 0 '^PASS s t/b$' '^scenario: the guest survived'
make_log s "" "# 1..0 # SKIP no frob here"$'\n'
sed -i 's/^ok 2 t\/b$/ok 2 t\/b # SKIP/' "$tmp/s.log"
expect_show "show-scenario: a skip fails the scenario" s 1 'FAIL s t/b \(skipped: 1..0 # SKIP no frob here' '^scenario: FAILED'
make_log s "" "[   12.345678] ${msgs[0]}"$'\n'
expect_show "show-scenario: a host kernel's warning fails the scenario" s 1 'FAIL s host-kernel' '^scenario: FAILED'
make_log s "" "# guest| [    3.210000] ${msgs[3]}"$'\n'
expect_show "show-scenario: a nested guest kernel's KASAN report fails the scenario" s 1 'FAIL s nested-guest-kernel' '^scenario: FAILED'
make_log s
sed -i 's/^ok 2 t\/b$/not ok 2 t\/b # exit=1/' "$tmp/s.log"
expect_show "show-scenario: a failed test fails the scenario" s 1 'FAIL s t/b \(exit=1\)' '^scenario: FAILED'
make_log s
sed -i '/^# init: all tests done/d' "$tmp/s.log"
expect_show "show-scenario: a boot where init did not finish fails the scenario" s 1 'FAIL s boot: init did not finish' '^scenario: FAILED'

# qemu-checkpatch.sh accepts the warning of a linux-headers/ change only for
# a patch that changes nothing else, however many headers come after the
# other file: a grep -q at the end of a pipe would leave at that file, the
# writer's SIGPIPE making, under pipefail, a mixed patch pass.
mkdir -p "$tmp/qemu/scripts" "$tmp/qp"
cat > "$tmp/qemu/scripts/checkpatch.pl" <<'EOF'
print "WARNING: added, moved or deleted file(s) imported from Linux, are you using scripts/update-linux-headers.sh?\n";
print "total: 0 errors, 1 warnings, 9 lines checked\n";
EOF
# qpatch FILE: the only patch of the series: FILE, then 20000 headers
qpatch() {
	local f i
	{
		printf 'Subject: [PATCH] x\n\nSigned-off-by: A U Thor <a@example.org>\n---\n'
		for ((i = 0; i <= 20000; i++)); do
			f=linux-headers/linux/h$i.h
			[ "$i" = 0 ] && f=$1
			printf 'diff --git a/%s b/%s\n--- a/%s\n+++ b/%s\n@@ -1 +1 @@\n-a\n+b\n' "$f" "$f" "$f" "$f"
		done
	} > "$tmp/qp/x.patch"
	echo x.patch > "$tmp/qp/series"
}
# expect_qcp CASE RC PATTERN: qemu-checkpatch.sh exits RC and prints PATTERN
expect_qcp() {
	local out rc
	out=$(QEMU_TREE=$tmp/qemu QEMU_PATCHES=$tmp/qp "$top/scripts/qemu-checkpatch.sh" 2>&1)
	rc=$?
	held "$1" "$out" "$rc" "$2" "$3"
}
qpatch linux-headers/linux/kvm.h
expect_qcp "qemu-checkpatch: a linux-headers/ update has its warning accepted" 0 'accepted: the warning of every linux-headers/ change'
qpatch target/arm/kvm.c
expect_qcp "qemu-checkpatch: a patch mixing linux-headers/ and other files fails" 1 'update-linux-headers.sh'

echo "1..$n"
echo "# test-summarize: $((n - bad)) of $n cases held"
[ "$bad" = 0 ]
