#!/usr/bin/env bash
# Builds the runner's jar (runner-app/target/model-runner.jar) of an earlier commit, for the
# `durability` suite's "before" (--baseline-jar), and prints its path on the last line of stdout.
#
# Usage: benchmarks/baseline-jar.sh REF      (a commit, tag or branch; e.g. 04dd0d1)
#
# The commit is checked out in a temporary `git worktree` (removed afterwards) and built there with
#   ./mvnw -q -B -pl runner-app -am package -DskipTests -Dspotless.check.skip=true
# The jar is cached as benchmarks/target/baseline/<full commit id>/model-runner.jar: a second call
# with the same commit builds nothing. Needs git and Maven Central (the wrapper's own download and
# the commit's dependencies); installs nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: benchmarks/baseline-jar.sh REF" >&2
  exit 2
fi
ref=$1
if ! commit=$(git rev-parse --verify --quiet "${ref}^{commit}"); then
  echo "baseline-jar: '$ref' is not a commit of this repository" >&2
  exit 2
fi
cache="benchmarks/target/baseline/$commit"
jar="$cache/model-runner.jar"
if [ -s "$jar" ]; then
  echo "baseline-jar: cached $jar (commit $commit)" >&2
  echo "$PWD/$jar"
  exit 0
fi

src=$(mktemp -d "${TMPDIR:-/tmp}/model-runner-baseline.XXXXXX")
cleanup() {
  git worktree remove --force "$src" >/dev/null 2>&1 || rm -rf "$src"
  git worktree prune >/dev/null 2>&1 || true
}
trap cleanup EXIT
echo "baseline-jar: building commit $commit in a temporary worktree $src" >&2
git worktree add --detach --quiet "$src" "$commit"
(cd "$src" && ./mvnw -q -B -pl runner-app -am package -DskipTests -Dspotless.check.skip=true) >&2
if [ ! -s "$src/runner-app/target/model-runner.jar" ]; then
  echo "baseline-jar: the build of $commit made no runner-app/target/model-runner.jar" >&2
  exit 1
fi
mkdir -p "$cache"
cp "$src/runner-app/target/model-runner.jar" "$jar.tmp"
mv "$jar.tmp" "$jar"
echo "baseline-jar: built $jar" >&2
echo "$PWD/$jar"
