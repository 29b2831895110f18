#!/bin/bash
# Make build/linux a git repository: first commit the pristine base tree from
# Debian's linux-source-6.12, then the series from patches/ applied with git am.
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
# Rebuild the series branch from the base and patches/ every time, so that the
# tree always matches patches/. Commits made by hand must be exported first.
if git rev-parse -q --verify series >/dev/null && [ "${FORCE:-0}" != 1 ] &&
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
echo "make-tree: $tree at $(git describe --always --tags) ($(git rev-list --count base..HEAD) patches)"
