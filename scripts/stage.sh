#!/bin/bash
# Run one stage of a check and say how long it took and whether it failed.
# usage: stage.sh NAME COMMAND [ARGS...]   (exit status: the command's)
name=$1
shift
echo "=== $name"
t0=$(date +%s)
"$@"
rc=$?
if [ $rc = 0 ]; then
	echo "=== $name: $(($(date +%s) - t0)) s"
else
	echo "=== $name: $(($(date +%s) - t0)) s, FAILED (exit $rc)"
fi
exit $rc
