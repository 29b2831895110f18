#!/bin/bash
# Run one stage of a check and say how long it took and whether it failed;
# with STAGE_LOG set, also add "NAME<tab>SECONDS<tab>ok|failed" to that file
# (scripts/stage-table.sh makes a table of it).
# usage: stage.sh NAME COMMAND [ARGS...]   (exit status: the command's)
name=$1
shift
echo "=== $name"
t0=$(date +%s)
"$@"
rc=$?
t=$(($(date +%s) - t0))
if [ $rc = 0 ]; then
	echo "=== $name: $t s"
else
	echo "=== $name: $t s, FAILED (exit $rc)"
fi
if [ -n "${STAGE_LOG:-}" ]; then
	printf '%s\t%s\t%s\n' "$name" "$t" "$([ $rc = 0 ] && echo ok || echo failed)" >> "$STAGE_LOG"
fi
exit $rc
