#!/bin/bash
# Make build/linux a git repository: first commit the pristine base tree from
# Debian's linux-source-6.12, then the series from patches/ applied with git am.
# A tree already at the tip built from the same BASE and patches is left as
# it is (a stamp in its .git records which), so that nothing rebuilds.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/BASE"
tree=${TREE:-$top/build/linux}

if [ ! -f "$tarball" ]; then
	echo "make-tree: $tarball missing; run 'make deps' (apt-get install $package)" >&2
	exit 1
fi
have=$(dpkg-query -W -f='${Version}' "$package" 2>/dev/null || echo unknown)
if [ "$have" != "$version" ]; then
	echo "make-tree: WARNING: $package is $have, the series was verified on $version; going on" >&2
fi

export GIT_AUTHOR_NAME="arm64 KVM RAS series" GIT_AUTHOR_EMAIL="kvm-ras@localhost"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
export GIT_AUTHOR_DATE="2026-01-01T00:00:00Z" GIT_COMMITTER_DATE="2026-01-01T00:00:00Z"

if [ ! -d "$tree/.git" ]; then
	sum=$(sha256sum "$tarball" | cut -d' ' -f1)
	if [ "$sum" != "$sha256" ]; then
		echo "make-tree: WARNING: tarball sha256 $sum differs from the verified $sha256" >&2
	fi
	echo "make-tree: extracting $tarball"
	rm -rf "$tree.tmp"
	mkdir -p "$tree.tmp"
	tar -xJf "$tarball" -C "$tree.tmp" --strip-components=1
	"$top/scripts/commit-base.sh" "$tree.tmp" "Base: $package $have"
	mv "$tree.tmp" "$tree"
fi

cd "$tree"
# Debian's top-level .gitignore ignores every path of the kernel tree, which
# would hide new files from git add. Keep the committed file pristine, but
# let the work tree use the upstream rules only.
if grep -q '^# Debian packaging' .gitignore; then
	git update-index --skip-worktree .gitignore
	sed -i '/^# Debian packaging/,$d' .gitignore
fi
if ! git diff --quiet HEAD --; then
	echo "make-tree: $tree has uncommitted edits; commit or stash them first" >&2
	exit 1
fi
# What the series branch is built from: the base and the patches in order.
stamp_file=$(git rev-parse --git-dir)/series-stamp
stamp=$( { cat "$top/BASE"
	 if [ -f "$top/patches/series" ]; then
		while read -r p; do
			case "$p" in ''|'#'*) continue ;; esac
			echo "$p"; cat "$top/patches/$p"
		done < "$top/patches/series"
	 fi; } | sha256sum | cut -d' ' -f1)
stamped=$(cut -s -d' ' -f2 "$stamp_file" 2>/dev/null || true)

# Whether the commits base..series give back patches/ byte for byte, as
# make export would write them.
tree_is_series() {
	local out p i=0 ok=0 files
	out=$(mktemp -d)
	git format-patch -q --zero-commit --no-signature --no-cover-letter \
		--abbrev=12 -o "$out" base..series
	files=("$out"/*.patch)
	while read -r p; do
		case "$p" in ''|'#'*) continue ;; esac
		if ! cmp -s "${files[$i]:-/dev/null}" "$top/patches/$p"; then
			ok=1
			break
		fi
		i=$((i + 1))
	done < "$top/patches/series"
	[ "$ok" = 0 ] && [ -e "${files[0]}" ] && [ "$i" = "${#files[@]}" ] || ok=1
	rm -rf "$out"
	return "$ok"
}

# A tree already at the tip of these very patches is left alone: checking
# the series out again would give every file it touches a new mtime, and
# make would rebuild what depends on them. The stamp names the tip that
# make-tree built last; a tree committed by hand and exported is compared
# with patches/ instead.
if [ "${FORCE:-0}" != 1 ] && [ -f "$top/patches/series" ] &&
   [ "$(git symbolic-ref -q HEAD)" = refs/heads/series ]; then
	if [ "$(cat "$stamp_file" 2>/dev/null)" = "$stamp $(git rev-parse HEAD)" ] ||
	   tree_is_series; then
		echo "$stamp $(git rev-parse HEAD)" > "$stamp_file"
		echo "make-tree: $tree already at the series' tip ($(git describe --always --tags)); left as it is"
		exit 0
	fi
fi
# Otherwise rebuild the series branch from the base and patches/. Commits
# made by hand must be exported first; a tree that make-tree built and
# nobody committed to since (its tip is the stamped one) has none.
if git rev-parse -q --verify series >/dev/null && [ "${FORCE:-0}" != 1 ] &&
   [ "$stamped" != "$(git rev-parse series)" ] &&
   ! "$top/scripts/export-series.sh" --check; then
	echo "make-tree: build/linux holds commits that patches/ does not;" >&2
	echo "  run 'make export' to keep them, or 'make tree FORCE=1' to drop them" >&2
	exit 1
fi
git checkout -q -B series base
if [ -f "$top/patches/series" ]; then
	while read -r p; do
		case "$p" in ''|'#'*) continue ;; esac
		if ! git am -q --keep-cr "$top/patches/$p"; then
			git am --abort || true
			echo "make-tree: patch $p does not apply to $package $have" >&2
			exit 1
		fi
	done < "$top/patches/series"
fi
echo "$stamp $(git rev-parse HEAD)" > "$stamp_file"
echo "make-tree: $tree at $(git describe --always --tags) ($(git rev-list --count base..HEAD) patches)"
