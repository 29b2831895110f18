#!/bin/bash
# Write the commits base..series of build/linux back to patches/ as
# git format-patch files with stable names, and regenerate patches/series.
# With --check, only tell (exit 1) whether build/linux holds commits that
# patches/ does not. TREE and PATCHES name another tree and directory
# (make qemu-export: build/qemu/src and qemu/patches/).
set -euo pipefail
shopt -s nullglob
top=$(cd "$(dirname "$0")/.." && pwd)
tree=${TREE:-$top/build/linux}
patches=${PATCHES:-$top/patches}
cd "$tree"

ids() { git patch-id --stable | awk '{print $1}' | sort; }

# --check: every commit base..series must be in patches/ (same patch-id).
if [ "${1:-}" = --check ]; then
	known=$(while read -r p; do
		case "$p" in ''|'#'*) continue ;; esac
		ids < "$patches/$p"
	done < "$patches/series" 2>/dev/null)
	for c in $(git rev-list base..series); do
		id=$(git show "$c" | ids)
		grep -qx "$id" <<< "$known" || exit 1
	done
	exit 0
fi

if ! git diff --quiet HEAD --; then
	echo "export: $tree has uncommitted edits; commit them first" >&2
	exit 1
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
git format-patch -q --zero-commit --no-signature --no-cover-letter \
	--abbrev=12 -o "$out" base..series
find "$patches" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' \
	! -name '0000-cover-letter.patch' -delete
header=$(head -1 "$patches/series")
{
	echo "$header"
	for f in "$out"/*.patch; do
		cp "$f" "$patches/"
		basename "$f"
	done
} > "$patches/series"
# The cover letter keeps its hand-written text up to the line "Patches:";
# the subject's count, the shortlog and the diffstat are regenerated.
cover=$patches/0000-cover-letter.patch
if [ -f "$cover" ]; then
	n=$(git rev-list --count base..series)
	{
		sed -e '/^Patches:$/q' "$cover" |
			sed -e "s|^Subject: \[PATCH 0/[0-9]*\]|Subject: [PATCH 0/$n]|"
		echo
		git log --reverse --format='  %s' base..series
		echo
		git diff --stat=72 base..series
		echo
	} > "$cover.new"
	mv "$cover.new" "$cover"
fi
echo "export: $(grep -vc '^#' "$patches/series") patches written to ${patches#"$top"/}/"
