#!/bin/bash
# Apt entries for another suite, made from the machine's own apt sources,
# for the private apt states of qemu-tree.sh (trixie's source packages)
# and build-qemu.sh (bookworm-backports' meson): the machine's apt
# configuration is not touched.
# usage: apt-sources.sh TYPE FROM TO ALL DIR
# Write DIR/derived.sources and DIR/derived.list with the machine's entries
# for suite FROM turned into entries of TYPE (deb, deb-src) for suite TO;
# with ALL=1, FROM-* (FROM-updates, FROM-security) become TO-* as well,
# else they are left out.
set -euo pipefail
type=$1 from=$2 to=$3 all=$4 dir=$5
d822=() oneline=()
shopt -s nullglob
for f in /etc/apt/sources.list.d/*.sources; do d822+=("$f"); done
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
	[ -f "$f" ] && oneline+=("$f")
done
shopt -u nullglob
map='
function suites(list,    n, i, w, s, out) {
	n = split(list, w, /[ \t]+/)
	out = ""
	for (i = 1; i <= n; i++) {
		s = w[i]
		if (s == from)
			s = to
		else if (all && index(s, from "-") == 1)
			s = to substr(s, length(from) + 1)
		else
			continue
		out = out (out == "" ? "" : " ") s
	}
	return out
}'
: > "$dir/derived.sources"
: > "$dir/derived.list"
if [ ${#d822[@]} -gt 0 ]; then
	awk -v type="$type" -v from="$from" -v to="$to" -v all="$all" "$map"'
	BEGIN { RS = ""; FS = "\n" }
	{
		ok = 0; s = ""
		for (i = 1; i <= NF; i++) {
			if ($i ~ /^Enabled:[ \t]*no/) { ok = 0; break }
			if ($i ~ /^Types:/ && $i ~ /[ \t]deb([ \t]|$)/)
				ok = 1
			if ($i ~ /^Suites:/)
				s = suites(substr($i, 8))
		}
		if (!ok || s == "")
			next
		for (i = 1; i <= NF; i++) {
			if ($i ~ /^Types:/)
				print "Types: " type
			else if ($i ~ /^Suites:/)
				print "Suites: " s
			else
				print $i
		}
		print ""
	}' "${d822[@]}" > "$dir/derived.sources"
fi
if [ ${#oneline[@]} -gt 0 ]; then
	awk -v type="$type" -v from="$from" -v to="$to" -v all="$all" "$map"'
	$1 == "deb" {
		line = type; i = 2
		if ($i ~ /^\[/) {
			while (i < NF && $i !~ /\]$/)
				line = line " " $(i++)
			line = line " " $(i++)
		}
		s = suites($(i + 1))
		if (s == "")
			next
		line = line " " $i " " s
		for (i += 2; i <= NF; i++)
			line = line " " $i
		print line
	}' "${oneline[@]}" > "$dir/derived.list"
fi
if [ ! -s "$dir/derived.sources" ] && [ ! -s "$dir/derived.list" ]; then
	echo "apt-sources: no apt source of this machine is for Debian $from" >&2
	exit 1
fi
