#!/bin/bash
# The stages of the last make check as a Markdown table, from what it
# recorded (build/logs/stages.tsv, written by stage.sh; the first lines,
# "#"-prefixed, say which commit, machine and ccache it ran with), and its
# summary line (build/logs/summary.txt).
# usage: stage-table.sh            print the table
#        stage-table.sh --readme   put it in README.md between the lines
#                                  "<!-- stages -->" and "<!-- /stages -->"
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tsv=${STAGES:-$top/build/logs/stages.tsv}
summary=$top/build/logs/summary.txt
[ -s "$tsv" ] || { echo "stage-table: no $tsv: run make check first" >&2; exit 1; }

table() {
	sed -n 's/^# /- /p' "$tsv"
	echo
	echo "| stage | seconds | |"
	echo "| --- | ---: | --- |"
	awk -F'\t' '!/^#/ {
		printf "| %s | %d | %s |\n", $1, $2, $3 == "ok" ? "" : "FAILED"
		total += $2
	} END { printf "| all stages | %d (%d min) | |\n", total, (total + 30) / 60 }' "$tsv"
	if [ -s "$summary" ]; then
		echo
		echo "It ended: \`$(tail -1 "$summary")\`"
	fi
}

if [ "${1:-}" != --readme ]; then
	table
	exit 0
fi
readme=$top/README.md
grep -q '^<!-- stages -->$' "$readme" && grep -q '^<!-- /stages -->$' "$readme" ||
	{ echo "stage-table: README.md has no <!-- stages --> block" >&2; exit 1; }
table > "$top/build/stages.md"
awk -v f="$top/build/stages.md" '
	/^<!-- stages -->$/ { print; while ((getline l < f) > 0) print l; skip = 1; next }
	/^<!-- \/stages -->$/ { skip = 0 }
	!skip' "$readme" > "$readme.new"
mv "$readme.new" "$readme"
echo "stage-table: README.md updated from $tsv"
