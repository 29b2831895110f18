#!/bin/bash
# The checks of summarize.sh, tried on crafted serial logs: each must fail
# a run for what it watches, every time, wherever the message sits in a
# large log, and pass a clean one.
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

# expect NAME RC PATTERN: summarize.sh NAME exits RC and prints PATTERN
expect() {
	local out rc
	out=$("$top/scripts/summarize.sh" "$2" 2>&1)
	rc=$?
	n=$((n + 1))
	if [ "$rc" = "$3" ] && grep -qE -- "$4" <<< "$out"; then
		echo "ok $n $1"
	else
		echo "not ok $n $1 (exit $rc, wanted $3 and /$4/)"
		sed 's/^/#   /' <<< "$out"
		bad=$((bad + 1))
	fi
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

# Known-flaky tests
skiplog $'# ==== Test Assertion Failure ====\n#   flaky.c:42: x\nnot ok 1 t/flaky # exit=254\n' t/flaky
expect "a flaky test failing its known way is not counted" r 0 'FLAKY r t/flaky: FAIL \(exit=254\)'
skiplog $'# ==== Test Assertion Failure ====\n#   flaky.c:77: x\nnot ok 1 t/flaky # exit=254\n' t/flaky
expect "a flaky test failing at another line fails" r 1 'FAIL r t/flaky \(not its known failure'
skiplog $'#   flaky.c:42: x\nnot ok 1 t/flaky # killed by signal 11\n' t/flaky
expect "a flaky test failing another way fails" r 1 'FAIL r t/flaky \(not its known failure'
skiplog '' t/flaky
expect "a flaky test without a result fails" r 1 'FAIL r t/flaky \(not its known failure.*no result'
skiplog $'ok 1 t/flaky\n' t/flaky
expect "a flaky test that passes is not counted" r 0 'FLAKY r t/flaky: PASS'

echo "1..$n"
echo "# test-summarize: $((n - bad)) of $n cases held"
[ "$bad" = 0 ]
