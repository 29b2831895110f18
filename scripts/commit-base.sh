#!/bin/bash
# Make DIR a git repository on the branch "series" whose one commit, tagged
# "base", holds every file in DIR as it is: the pristine base that
# make-tree.sh (the kernel) and qemu-tree.sh (QEMU) apply a series to.
# The committer comes from GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL.
# usage: commit-base.sh DIR MESSAGE
set -euo pipefail
dir=$1 msg=$2
git -C "$dir" init -q -b series
git -C "$dir" config core.autocrlf false
git -C "$dir" config gc.auto 0
git -C "$dir" config user.name "$GIT_AUTHOR_NAME"
git -C "$dir" config user.email "$GIT_AUTHOR_EMAIL"
git -C "$dir" add -A -f .
git -C "$dir" commit -q -m "$msg"
git -C "$dir" tag base
