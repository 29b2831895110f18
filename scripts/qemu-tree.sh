#!/bin/bash
# Make build/qemu/src a git repository holding Debian 13's QEMU (the qemu
# source package, Debian's own patches applied by dpkg-source) as its base
# commit, then the companion series from qemu/patches/ applied with git am.
#
# The source package comes through apt, with deb-src entries for the
# trixie suites derived from the machine's own apt sources (its release's
# entries, Types: deb -> deb-src, bookworm* -> trixie*) and a private apt
# state in build/qemu/apt, so the machine's apt configuration is not
# touched. The machine itself may run an older Debian release.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/qemu/BASE"
q=$top/build/qemu
tree=${QEMU_TREE:-$q/src}
apt=$q/apt
# The Debian release whose archive has $package $version
suite=${QEMU_SUITE:-trixie}

export GIT_AUTHOR_NAME="arm64 KVM RAS series" GIT_AUTHOR_EMAIL="kvm-ras@localhost"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
export GIT_AUTHOR_DATE="2026-01-01T00:00:00Z" GIT_COMMITTER_DATE="2026-01-01T00:00:00Z"


fetch() {
	local dsc=$apt/pkg/${package}_${version#*:}.dsc
	[ -f "$dsc" ] && return 0
	local codename
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[ -n "$codename" ] || { echo "qemu-tree: no VERSION_CODENAME in /etc/os-release" >&2; exit 1; }
	mkdir -p "$apt/sources.list.d" "$apt/lists/partial" "$apt/cache" "$apt/pkg"
	"$top/scripts/apt-sources.sh" deb-src "$codename" "$suite" 1 "$apt/sources.list.d"
	local opts=(-q -o Dir::Etc::SourceList=/dev/null
		-o Dir::Etc::SourceParts="$apt/sources.list.d"
		-o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache"
		-o APT::Sandbox::User=root)
	echo "qemu-tree: fetching the $package source package ($version) from $suite with apt"
	apt-get "${opts[@]}" update >/dev/null
	(cd "$apt/pkg" && apt-get "${opts[@]}" source --download-only "$package=$version" >/dev/null)
	[ -f "$dsc" ] || { echo "qemu-tree: $dsc not fetched" >&2; exit 1; }
}

# A tree of another base (qemu/BASE changed) is replaced, unless it holds
# commits that qemu/patches/ does not.
if [ -d "$tree/.git" ] &&
   [ "$(git -C "$tree" log -1 --format=%s base 2>/dev/null)" != "Base: Debian source package $package $version" ]; then
	if git -C "$tree" rev-parse -q --verify series >/dev/null && [ "${FORCE:-0}" != 1 ] &&
	   ! TREE=$tree PATCHES=$top/qemu/patches "$top/scripts/export-series.sh" --check; then
		echo "qemu-tree: $tree is not on $package $version and holds commits that" >&2
		echo "  qemu/patches/ does not; FORCE=1 drops them" >&2
		exit 1
	fi
	echo "qemu-tree: $tree is not on $package $version: extracting it afresh"
	rm -rf "$tree"
fi
if [ ! -d "$tree/.git" ]; then
	fetch
	echo "qemu-tree: extracting $package $version"
	rm -rf "$tree.tmp"
	# apt checked the files against the signed archive index; dpkg-source
	# would only add that it has no key for the uploader's signature.
	if ! dpkg-source -x "$apt/pkg/${package}_${version#*:}.dsc" "$tree.tmp" \
	     > "$q/dpkg-source.log" 2>&1; then
		cat "$q/dpkg-source.log" >&2
		exit 1
	fi
	# dpkg-source leaves a copy of the upstream tarball next to the tree
	upstream=${version#*:}
	rm -f "$(dirname "$tree")/${package}_${upstream%-*}.orig.tar."*
	"$top/scripts/commit-base.sh" "$tree.tmp" \
		"Base: Debian source package $package $version"
	mv "$tree.tmp" "$tree"
fi

cd "$tree"
if ! git diff --quiet HEAD --; then
	echo "qemu-tree: $tree has uncommitted edits; commit or stash them first" >&2
	exit 1
fi
if git rev-parse -q --verify series >/dev/null && [ "${FORCE:-0}" != 1 ] &&
   ! TREE=$tree PATCHES=$top/qemu/patches "$top/scripts/export-series.sh" --check; then
	echo "qemu-tree: $tree holds commits that qemu/patches/ does not;" >&2
	echo "  run 'make qemu-export' to keep them, or FORCE=1 to drop them" >&2
	exit 1
fi
# Leave the tree (and so ninja's view of it) alone when it already matches.
want=$(git rev-parse base)
while read -r p; do
	case "$p" in ''|'#'*) continue ;; esac
	want="$want $(git patch-id --stable < "$top/qemu/patches/$p" | cut -d' ' -f1)"
done < "$top/qemu/patches/series"
have=$(git rev-parse base)
for c in $(git rev-list --reverse base..HEAD); do
	have="$have $(git show "$c" | git patch-id --stable | cut -d' ' -f1)"
done
if [ "$want" != "$have" ] || [ "$(git branch --show-current)" != series ]; then
	git checkout -q -B series base
	while read -r p; do
		case "$p" in ''|'#'*) continue ;; esac
		if ! git am -q "$top/qemu/patches/$p"; then
			git am --abort || true
			echo "qemu-tree: patch $p does not apply to $package $version" >&2
			exit 1
		fi
	done < "$top/qemu/patches/series"
fi
echo "qemu-tree: $tree at $(git describe --always --tags) ($(git rev-list --count base..HEAD) patches)"
