#!/bin/sh
# Builds the connector image model-runner/energy-connector:latest (idempotent: an
# unchanged source tree rebuilds from the cache in well under a second).
#
#   ./build-image.sh                         # from local/python3:bookworm (CI, offline)
#   ./build-image.sh python:3.11-slim        # from another base image
#   IMAGE=my/energy:dev ./build-image.sh     # another name/tag
set -eu
cd "$(dirname "$0")"
BASE_IMAGE="${1:-${BASE_IMAGE:-local/python3:bookworm}}"
IMAGE="${IMAGE:-model-runner/energy-connector:latest}"
VERSION="$(sed -n 's/^CONNECTOR_VERSION = "\(.*\)"$/\1/p' src/main/python/connector.py)"
docker build --quiet \
  --build-arg BASE_IMAGE="$BASE_IMAGE" \
  --build-arg VERSION="$VERSION" \
  --tag "$IMAGE" \
  --file Dockerfile \
  . >/dev/null
echo "built $IMAGE (version $VERSION) from $BASE_IMAGE"
