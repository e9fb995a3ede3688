#!/bin/sh
# Builds the runner image from the distribution archive (docs/operations.md, "The runner image").
# Fast when nothing changed: the engine's cache reuses every layer but the labels.
#
#   distribution/src/docker/build-image.sh                   # distribution/target/model-runner-*.tar.gz
#   distribution/src/docker/build-image.sh model-runner-0.1.0.tar.gz
#   JRE_IMAGE=eclipse-temurin:17-jre distribution/src/docker/build-image.sh   # with a registry
#
# Environment: JRE_IMAGE (default local/jre17:bookworm, made by .ci/base-images.sh), IMAGE (the
# repository, default model-runner/runner; tagged VERSION and latest), REVISION (default: the
# repository's git commit), SOURCE (default: the git remote "origin").
# Prints the image's name:VERSION on its last line.
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
archive=${1:-}
if [ -z "$archive" ]; then
  for candidate in "$here"/../../target/model-runner-*.tar.gz; do archive=$candidate; done
fi
if [ ! -f "$archive" ]; then
  echo "build-image.sh: no distribution archive ${archive:+at $archive }(build it: ./mvnw -DskipTests package)" >&2
  exit 2
fi
name=$(basename "$archive" .tar.gz)
version=${name#model-runner-}
image=${IMAGE:-model-runner/runner}
jre_image=${JRE_IMAGE:-local/jre17:bookworm}
revision=${REVISION:-$(git -C "$here" rev-parse HEAD 2>/dev/null || echo unknown)}
source_url=${SOURCE:-$(git -C "$here" remote get-url origin 2>/dev/null || echo unknown)}

context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
tar -xzf "$archive" -C "$context"
mv "$context/$name" "$context/model-runner"
cp "$here/Dockerfile" "$here/healthcheck.sh" "$context/"

docker build --quiet \
  --build-arg JRE_IMAGE="$jre_image" \
  --build-arg VERSION="$version" \
  --build-arg REVISION="$revision" \
  --build-arg CREATED="$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  --build-arg SOURCE="$source_url" \
  --tag "$image:$version" \
  --tag "$image:latest" \
  "$context" >/dev/null
echo "$image:$version"
