#!/bin/bash
# Read the serial logs of boot-tests.sh runs and print one line a test and the
# totals "N passed, N failed, N skipped".
# usage: summarize.sh NAME...   (LOGS/NAME.log and LOGS/NAME.list; LOGS
# defaults to build/logs)
#
# A listed test fails when it has no result, when its result line carries a
# directive other than SKIP, and when it, or a subtest of it (a kselftest
# "ok N ... # SKIP" line in its output), skips without tests/expect-skip.list
# naming that run, that test and the reason it must print. A test of
# tests/flaky.list is reported but not counted when it fails the way its
# entry describes (its result and the assertion's file:line, or its last
# line); any other failure, no result included, counts, and its pass or
# skip is judged as any other test's.
# Besides the tests, a run fails when the emulated host's kernel, or the
# kernel of a guest nested in it (tests/nested/, console lines "# guest| "),
# reports a warning, bug, sanitizer, lockdep, hung task or stall, when init
# did not finish, and when the boot hit its time limit.
# EXTRA_FAILS adds failures counted elsewhere (checkpatch). Exit status: 0
# when nothing failed.
#
# Every search reads a file, never a pipe that a grep could leave early: an
# early exit kills the writer with SIGPIPE, and under pipefail that turns a
# match into "no match" (scripts/test-summarize.sh checks this).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
logs=${LOGS:-$top/build/logs}
flaky_list=${FLAKY_LIST:-$top/tests/flaky.list}
skip_list=${EXPECT_SKIP_LIST:-$top/tests/expect-skip.list}
pass=0 fail=${EXTRA_FAILS:-0} skip=0 flaky=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# flaky.list: "name  result  signature -- reason", where result is exit=N,
# signal=N or TIMEOUT. For exit=254 (test_assert()'s) the signature is
# where the first assertion failed, compared with assert_at()'s line; for
# any other result, the last line the test printed (last_said()).
declare -A flakyres=() flakysig=() flakywhy=()
while read -r t r rest; do
	case "$t" in ''|'#'*) continue ;; esac
	flakyres[$t]=$r
	flakysig[$t]=${rest%% -- *}
	flakywhy[$t]=${rest#* -- }
done < "$flaky_list"

# expect-skip.list: "run  test  test|subtest  reason", run a name or a
# glob (check-*).
ent_run=() ent_test=() ent_kind=() ent_why=()
while read -r r t kind reason; do
	case "$r" in ''|'#'*) continue ;; esac
	case "$kind" in
	test|subtest) ;;
	*) echo "summarize: $skip_list: bad kind '$kind' for $r $t" >&2; exit 2 ;;
	esac
	ent_run+=("$r") ent_test+=("$t") ent_kind+=("$kind") ent_why+=("$reason")
done < "$skip_list"

# entries RUN TEST KIND: the indexes of the entries for them
entries() {
	local i
	for i in "${!ent_run[@]}"; do
		# shellcheck disable=SC2053 # the run field is a glob
		[[ $1 == ${ent_run[$i]} ]] && [ "$2" = "${ent_test[$i]}" ] &&
			[ "$3" = "${ent_kind[$i]}" ] && echo "$i"
	done
	return 0
}

# Kernel messages that mean a kernel was hurt. "WARNING: " covers WARN()
# and lockdep ("possible circular locking", "suspicious RCU usage"); "BUG: "
# covers KASAN, KFENCE, sleeping in atomic context and soft lockups.
bad='(WARNING: |BUG: |KASAN: |KFENCE: |UBSAN: |Kernel panic|Internal error:|Unable to handle kernel|INFO: possible|INFO: task .* blocked|rcu_.* detected stall|list_(add|del) corruption)'

# The console mixes the emulated host's kernel with a nested guest's lines
# ("# guest| ", from tests/nested/qemu_ras.c; "# guest-expected| " for a
# message a scenario causes on purpose and checks itself, such as the oops
# of an SEA in the guest's kernel). A host message that the
# console printed into such a line starts at a second timestamp.
ts='\[ *[0-9]+\.[0-9]+\] '
host_lines() {
	sed -E "/^# guest(-expected)?\| /{ s/^# guest(-expected)?\| ($ts)?//; /$ts/!d; s/^.*($ts)/\1/; }" "$1"
}
guest_lines() {
	sed -nE "/^# guest\| /!d; s/^# guest\| //; /^$ts/{ s/$ts/\n&/2; b cut; }
		s/$ts/\n&/; :cut; s/\n.*//; p" "$1"
}

# report NAME WHAT FILE: fail when FILE holds a bad message
report() {
	if grep -E -- "$bad" "$3" > "$tmp/hits"; then
		echo "FAIL $1 $2: reported a problem:"
		head -n 5 "$tmp/hits" | sed 's/^/    /'
		fail=$((fail + 1))
	fi
}

# assert_at FILE: the line after the first "==== Test Assertion Failure
# ====" in a test's output FILE, "path/file.c:N: expression", as
# test_assert() prints it (init relays it as "#   path/...")
assert_at() {
	awk '/^(# )+==== Test Assertion Failure ====$/ { hdr = 1; next }
		hdr && /^(# )+/ { sub(/^(# )+ */, ""); print; exit }' "$1"
}

# at_sig LINE SIG: LINE is where SIG ("file.c:N", with or without its path,
# ": expression" added where one line holds more than one assertion) says;
# "file.c:4" is not "file.c:42", nor "x/myfile.c:4"
at_sig() {
	[[ $1 == "$2" || $1 == "$2: "* || $1 == */"$2" || $1 == */"$2: "* ]]
}

# last_said FILE NAME: the last line test NAME printed in its output FILE,
# without init's "# " prefix; kernel lines (no prefix) and init's own
# "# NAME: 1.5 s" are not the test's
last_said() {
	awk -v t="# $2: " '/^# / && !(index($0, t) == 1 &&
		substr($0, length(t) + 1) ~ /^[0-9]+\.[0-9] s$/) { last = substr($0, 3) }
		END { print last }' "$1"
}

# known_failure NAME RESULT OUT: RESULT, and OUT (the test's output), are
# the failure tests/flaky.list gives for test NAME
known_failure() {
	local want=${flakyres[$1]} sig=${flakysig[$1]} got
	case "$2" in
	"FAIL (exit="*")") got=${2#"FAIL ("} ;;
	"FAIL (killed by signal "*")") got=signal=${2#"FAIL (killed by signal "} ;;
	"FAIL (TIMEOUT "*" s)") got=TIMEOUT ;;
	*) return 1 ;;
	esac
	[ "${got%)}" = "$want" ] || return 1
	if [ "$want" = exit=254 ]; then
		at_sig "$(assert_at "$3")" "$sig"
	else
		[ "$(last_said "$3" "$1")" = "$sig" ]
	fi
}

# The lines of a test's output that say a subtest, or the test, skipped;
# the runner's own result lines (kselftest) are not subtests.
runner_re='^# (not ok|ok) [0-9]+ selftests: '
skips_in() {
	grep -E '^(# )+(ok [0-9]+ .*# SKIP|1\.\.0 # SKIP)' "$1" |
		grep -Ev "$runner_re" || true
}

for name in "$@"; do
	log=$logs/$name.log
	if [ ! -f "$log" ] || [ ! -f "$logs/$name.list" ]; then
		echo "FAIL $name: no log"
		fail=$((fail + 1))
		continue
	fi
	tr -d '\r' < "$log" > "$tmp/log"
	declare -A res=() blk=()
	top_start=1 sub_start=1
	# The result lines, with their line numbers: init's ("ok N name") and
	# run_kselftest.sh's, which init relays ("# ok N selftests: kvm: name").
	grep -nE '^(# )?(not ok|ok) [0-9]+ ' "$tmp/log" > "$tmp/results" || true
	while IFS= read -r line; do
		n=${line%%:*} line=${line#*:}
		if [[ $line =~ ^\#\ (not\ ok|ok)\ [0-9]+\ selftests:\ kvm:\ ([^ ]+)(\ \#\ (.*))?$ ]]; then
			st=${BASH_REMATCH[1]} t=kvm:${BASH_REMATCH[2]} why=${BASH_REMATCH[4]}
			from=$sub_start
			sub_start=$((n + 1))
		elif [[ $line =~ ^(not\ ok|ok)\ [0-9]+\ ([^ ]+)(\ \#\ (.*))?$ ]]; then
			st=${BASH_REMATCH[1]} t=${BASH_REMATCH[2]} why=${BASH_REMATCH[4]}
			from=$top_start
			top_start=$((n + 1)) sub_start=$((n + 1))
		else
			continue
		fi
		if [ -n "${res[$t]:-}" ]; then
			res[$t]="FAIL (two results)"
		elif [ "$st" = ok ] && [ -z "$why" ]; then
			res[$t]=PASS
		elif [ "$st" = ok ] && [ "$why" = SKIP ]; then
			res[$t]=SKIP
		elif [ "$st" = ok ]; then
			res[$t]="FAIL (ok with '# $why')"
		else
			res[$t]="FAIL${why:+ ($why)}"
		fi
		blk[$t]="$from,$((n - 1))"
	done < "$tmp/results"

	while read -r t _; do
		[ -n "$t" ] || continue
		r=${res[$t]:-"FAIL (no result)"}
		b=${blk[$t]:-}
		: > "$tmp/out"
		# (sed would print line a of "a,b" when b < a)
		if [ -n "$b" ] && [ "${b%,*}" -le "${b#*,}" ]; then
			sed -n "${b}p" "$tmp/log" > "$tmp/out"
		fi
		# run_kselftest.sh's own run: its tests are judged one by one
		if grep -qE "$runner_re" "$tmp/out"; then
			: > "$tmp/skips"
			runner=1
		else
			skips_in "$tmp/out" > "$tmp/skips"
			runner=0
		fi
		note=
		# A known-flaky test's known failure, and only that, is not
		# counted; its pass or skip is judged as any other test's.
		if [ -n "${flakyres[$t]:-}" ] && [[ $r == FAIL* ]]; then
			if known_failure "$t" "$r" "$tmp/out"; then
				echo "FLAKY $name $t: $r [not counted: ${flakywhy[$t]}]"
				flaky=$((flaky + 1))
				continue
			fi
			if [ "${flakyres[$t]}" = exit=254 ]; then
				seen=$(assert_at "$tmp/out")
			else
				seen=$(last_said "$tmp/out" "$t")
			fi
			r="FAIL (not its known failure, ${flakyres[$t]} with \"${flakysig[$t]}\": $r with \"$seen\")"
		fi
		why=
		for i in $(entries "$name" "$t" test); do
			why=${ent_why[$i]}
		done
		if [ -n "$why" ]; then
			if [ "$r" = SKIP ] && grep -qF -- "$why" "$tmp/skips"; then
				r="SKIP (as it must: $why)"
			else
				r="FAIL (wanted a skip saying \"$why\", got $r)"
			fi
		elif [ "$r" = SKIP ]; then
			r="FAIL (skipped: $(head -n 1 "$tmp/skips" | sed -E 's/^(# )+//'))"
		fi
		if [ "$r" = PASS ]; then
			# Each subtest skip needs its entry, and each entry its skip.
			subs=$(entries "$name" "$t" subtest)
			declare -A used=()
			while IFS= read -r s; do
				s=$(sed -E 's/^(# )+//' <<< "$s")
				hit=
				for i in $subs; do
					if [[ $s == *"${ent_why[$i]}"* ]]; then
						hit=$i
						break
					fi
				done
				if [ -n "$hit" ]; then
					used[$hit]=1
					note="${note:+$note; }skipped subtest: $s"
				else
					r="FAIL (subtest skipped: $s)"
				fi
			done < "$tmp/skips"
			for i in $subs; do
				[ -n "${used[$i]:-}" ] ||
					r="FAIL (no subtest skipped saying \"${ent_why[$i]}\")"
			done
			unset used
			# A failed subtest in a test that exited 0
			if [ "$runner" = 0 ] && grep -E '^(# )+not ok [0-9]+ ' "$tmp/out" > "$tmp/nok" &&
			   grep -Ev "$runner_re" "$tmp/nok" > "$tmp/nok2"; then
				r="FAIL (exited 0 after: $(head -n 1 "$tmp/nok2" | sed -E 's/^(# )+//'))"
			fi
		fi
		echo "${r%% *} $name $t${r#"${r%% *}"}${note:+ [$note]}"
		case "$r" in
		PASS*) pass=$((pass + 1)) ;;
		SKIP*) skip=$((skip + 1)) ;;
		*) fail=$((fail + 1)) ;;
		esac
	done < "$logs/$name.list"
	unset res blk

	host_lines "$tmp/log" > "$tmp/host"
	report "$name" host-kernel "$tmp/host"
	guest_lines "$tmp/log" > "$tmp/guest"
	report "$name" nested-guest-kernel "$tmp/guest"
	if grep -q 'boot-tests: TIMEOUT' "$tmp/log"; then
		echo "FAIL $name boot: the boot hit its time limit"
		fail=$((fail + 1))
	elif ! grep -q '^# init: all tests done' "$tmp/log"; then
		echo "FAIL $name boot: init did not finish (the kernel died, or QEMU)"
		fail=$((fail + 1))
	fi
done
[ "$flaky" = 0 ] || echo "($flaky known-flaky results reported, not counted)"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
