#!/bin/bash
# Read the serial logs of boot-tests.sh runs and print one line a test and the
# totals "N passed, N failed, N skipped". A listed test with no result, and any
# kernel warning, bug or sanitizer report in a log, count as failures; tests
# in tests/flaky.list are reported but not counted.
# usage: summarize.sh NAME...   (build/logs/NAME.log and NAME.list)
# EXTRA_FAILS adds failures counted elsewhere (checkpatch). Exit status: 0
# when nothing failed.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
logs=$top/build/logs
pass=0 fail=${EXTRA_FAILS:-0} skip=0 flaky=0

declare -A flakyreason=()
while read -r t reason; do
	case "$t" in ''|'#'*) continue ;; esac
	flakyreason[$t]=$reason
done < "$top/tests/flaky.list"

# Tests that must skip in a given run, saying why: a skip that gives the
# reason passes, anything else fails.
declare -A skipwhy=()
while read -r r t reason; do
	case "$r" in ''|'#'*) continue ;; esac
	skipwhy[$r/$t]=$reason
done < "$top/tests/expect-skip.list"

# Kernel messages that mean the host was hurt.
# WARNING: covers WARN() ("WARNING: CPU") and lockdep ("WARNING: possible
# circular locking", "WARNING: suspicious RCU usage", ...); BUG: covers KASAN,
# KFENCE and sleeping in atomic context.
bad='(WARNING: |BUG: |KASAN: |KFENCE: |UBSAN: |Kernel panic|Internal error:|Unable to handle kernel|INFO: possible|INFO: task .* blocked|rcu_.* detected stall|list_(add|del) corruption)'

# The log without a nested guest's console ("# guest| ", tests/nested/):
# that guest's kernel messages are judged by the scenario's own checks.
# A host message that the console printed into such a line (after the
# guest's own timestamp) is kept, from its timestamp on.
ts='\[ *[0-9]+\.[0-9]+\] '
host_lines() {
	sed -E "/^# guest\| /{ s/^# guest\| ($ts)?//; /$ts/!d; s/^.*($ts)/\1/; }"
}

for name in "$@"; do
	log=$logs/$name.log
	if [ ! -f "$log" ]; then
		echo "FAIL $name: no log"
		fail=$((fail + 1))
		continue
	fi
	declare -A res=()
	while IFS= read -r line; do
		line=${line%$'\r'}
		# run_kselftest.sh's own lines, relayed by init with "# "
		if [[ $line =~ ^\#\ (not\ ok|ok)\ [0-9]+\ selftests:\ kvm:\ ([^ ]+)(\ \#\ (.*))?$ ]]; then
			line="${BASH_REMATCH[1]} 0 kvm:${BASH_REMATCH[2]}${BASH_REMATCH[3]}"
		fi
		if [[ $line =~ ^(not\ ok|ok)\ [0-9]+\ ([^ ]+)(\ \#\ (.*))?$ ]]; then
			st=${BASH_REMATCH[1]} t=${BASH_REMATCH[2]} why=${BASH_REMATCH[4]}
			if [ "$st" = ok ] && [[ $why == SKIP* ]]; then
				res[$t]=SKIP
			elif [ "$st" = ok ]; then
				res[$t]=PASS
			else
				res[$t]="FAIL${why:+ ($why)}"
			fi
		fi
	done < <(tr -d '\r' < "$log")
	while read -r t _; do
		[ -n "$t" ] || continue
		r=${res[$t]:-"FAIL (no result)"}
		if [ -n "${flakyreason[$t]:-}" ]; then
			echo "FLAKY $name $t: ${r} [not counted: ${flakyreason[$t]}]"
			flaky=$((flaky + 1))
			continue
		fi
		why=${skipwhy[$name/$t]:-}
		if [ -n "$why" ]; then
			if [ "$r" = SKIP ] && tr -d '\r' < "$log" | grep -qF -- "$why"; then
				r="PASS (skipped, as it must: $why)"
			else
				r="FAIL (wanted a skip saying \"$why\", got $r)"
			fi
		fi
		echo "${r%% *} $name $t${r#${r%% *}}"
		case "$r" in
		PASS*) pass=$((pass + 1)) ;;
		SKIP) skip=$((skip + 1)) ;;
		*) fail=$((fail + 1)) ;;
		esac
	done < "$logs/$name.list"
	unset res
	if host_lines < "$log" | grep -Eq "$bad"; then
		echo "FAIL $name host-kernel: the host kernel reported a problem:"
		host_lines < "$log" | grep -E -m 5 "$bad" | sed 's/^/    /'
		fail=$((fail + 1))
	fi
	if grep -q 'boot-tests: TIMEOUT' "$log"; then
		echo "FAIL $name boot: the boot hit its time limit"
		fail=$((fail + 1))
	fi
done
[ "$flaky" = 0 ] || echo "($flaky known-flaky results reported, not counted)"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
