#!/bin/sh
# Starts the compose example (README.md): builds what is missing — the runner image from the
# distribution archive, the SEIR connector image the example request runs, S3Proxy's jar — then
# `docker-compose build` and `up -d`, and waits until the runner is healthy (at most 3 minutes).
# Stop it with: docker-compose down -v   (in this folder, with the same COMPOSE_PROJECT_NAME).
#
# Environment (all optional): MODEL_RUNNER_WORK_DIR (default /srv/model-runner/work),
# MODEL_RUNNER_IMAGE (a runner image to use instead of building one), DISTRIBUTION (the
# model-runner-VERSION.tar.gz to build it from), S3PROXY_JAR, JRE_IMAGE, POSTGRES_BASE_IMAGE,
# PYTHON_IMAGE, the published ports MODEL_RUNNER_PORT, S3_PORT, CALLBACKS_PORT, and the secrets
# RUNNER_API_TOKEN, API_SHARED_SECRET, POSTGRES_PASSWORD.
set -eu
cd "$(dirname "$0")"
root=$(cd ../.. && pwd -P)
log() { printf '[compose] %s\n' "$*" >&2; }

if docker-compose version >/dev/null 2>&1; then
  compose() { docker-compose "$@"; }
elif docker compose version >/dev/null 2>&1; then
  compose() { docker compose "$@"; }
else
  log "neither docker-compose nor the docker compose plugin is installed (Debian: apt-get install docker-compose)"
  exit 2
fi

for base in "${JRE_IMAGE:-local/jre17:bookworm}" "${POSTGRES_BASE_IMAGE:-local/postgresql15:bookworm}" \
  "${PYTHON_IMAGE:-local/python3:bookworm}"; do
  case "$base" in
    local/*)
      docker image inspect "$base" >/dev/null 2>&1 || {
        log "base image $base is missing: make it with sudo .ci/base-images.sh (and .ci/docker-setup.sh),"
        log "or use public ones: JRE_IMAGE=eclipse-temurin:17-jre POSTGRES_BASE_IMAGE=postgres:15 PYTHON_IMAGE=python:3-slim"
        exit 2
      } ;;
  esac
done

if [ ! -f s3proxy/s3proxy.jar ] || [ -n "${S3PROXY_JAR:-}" ]; then
  if [ -z "${S3PROXY_JAR:-}" ]; then
    version=${S3PROXY_VERSION:-4.1.0}
    log "fetching S3Proxy $version (org.gaul:s3proxy:jar-with-dependencies) with Maven"
    "$root/mvnw" -q dependency:copy -Dartifact="org.gaul:s3proxy:$version:jar:jar-with-dependencies" \
      -DoutputDirectory="$PWD/s3proxy" -Dmdep.stripVersion=true -Dmdep.stripClassifier=true
  else
    cp "$S3PROXY_JAR" s3proxy/s3proxy.jar
  fi
fi

if [ -z "${MODEL_RUNNER_IMAGE:-}" ]; then
  MODEL_RUNNER_IMAGE=$(sh "$root/distribution/src/docker/build-image.sh" ${DISTRIBUTION:+"$DISTRIBUTION"} | tail -1)
  export MODEL_RUNNER_IMAGE
  log "runner image $MODEL_RUNNER_IMAGE"
fi
sh "$root/adapter-example-python-model/build-image.sh" >&2

# The work dir: the same path on the host and in the runner's container, writable by its uid 10001.
MODEL_RUNNER_WORK_DIR=${MODEL_RUNNER_WORK_DIR:-/srv/model-runner/work}
export MODEL_RUNNER_WORK_DIR
if [ ! -d "$MODEL_RUNNER_WORK_DIR" ]; then
  install -d -o 10001 -g 10001 -m 0750 "$MODEL_RUNNER_WORK_DIR" || {
    log "cannot make $MODEL_RUNNER_WORK_DIR owned by uid 10001: sudo install -d -o 10001 -g 10001 $MODEL_RUNNER_WORK_DIR"
    exit 2
  }
fi
DOCKER_GID=${DOCKER_GID:-$(stat -c %g /var/run/docker.sock)}
export DOCKER_GID

compose build --quiet >&2
compose up -d >&2
runner=$(compose ps -q runner)
log "waiting for the runner ($runner) to become healthy"
i=0
while :; do
  status=$(docker inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$runner")
  case "$status" in
    healthy) break ;;
    unhealthy | exited | dead)
      log "the runner is $status; its log:"
      docker logs --tail 50 "$runner" >&2
      exit 1 ;;
  esac
  i=$((i + 1))
  if [ "$i" -ge 180 ]; then
    log "the runner is not healthy after 3 minutes; its log:"
    docker logs --tail 50 "$runner" >&2
    exit 1
  fi
  sleep 1
done
log "ready: http://127.0.0.1:${MODEL_RUNNER_PORT:-8080} (API token: \$RUNNER_API_TOKEN, or docker-compose exec runner cat /srv/model-runner/data/api-token)"
