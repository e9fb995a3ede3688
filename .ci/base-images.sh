#!/usr/bin/env bash
# Builds the Debian-based images the runner image and the compose example start from, because no
# registry can be pulled on the CI machines: a Java 17 runtime and PostgreSQL 15, each made with
# debootstrap from Debian packages and imported into the local Docker engine. Idempotent: an image
# that is already present is not rebuilt (a fresh build of both takes about two minutes).
# Must run as root, after .ci/docker-setup.sh has started the engine.
set -euo pipefail

JRE_IMAGE=${JRE_IMAGE:-local/jre17:bookworm}
POSTGRES_IMAGE=${POSTGRES_IMAGE:-local/postgresql15:bookworm}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

log() { printf '[base-images] %s\n' "$*" >&2; }

# debootstrap_image IMAGE PACKAGES [PATH-PREFIX]: a minbase bookworm with PACKAGES, imported as IMAGE.
debootstrap_image() {
  local image=$1 packages=$2 path_prefix=${3:-} dir logfile
  dir=$(mktemp -d)
  logfile=$(mktemp)
  if ! debootstrap --variant=minbase --include="$packages" bookworm "$dir" "$MIRROR" >"$logfile" 2>&1; then
    log "debootstrap of $image failed:"
    tail -20 "$logfile" >&2
    rm -rf "$dir" "$logfile"
    return 1
  fi
  rm -rf "$dir/var/cache/apt/archives/"*.deb "$dir/var/lib/apt/lists/"* "$dir/usr/share/doc/"* \
    "$dir/usr/share/man/"* "$dir/usr/share/locale/"*
  tar -C "$dir" -c . | docker import -c 'ENV LANG=C.UTF-8' \
    -c "ENV PATH=${path_prefix}/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" - "$image" >/dev/null
  rm -rf "$dir" "$logfile"
  log "built $image"
}

pids=()
if ! docker image inspect "$JRE_IMAGE" >/dev/null 2>&1; then
  log "building $JRE_IMAGE with debootstrap (openjdk-17-jre-headless)"
  debootstrap_image "$JRE_IMAGE" openjdk-17-jre-headless &
  pids+=($!)
fi
if ! docker image inspect "$POSTGRES_IMAGE" >/dev/null 2>&1; then
  log "building $POSTGRES_IMAGE with debootstrap (postgresql-15)"
  debootstrap_image "$POSTGRES_IMAGE" postgresql-15 /usr/lib/postgresql/15/bin: &
  pids+=($!)
fi
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
[ "$failed" -eq 0 ] || exit 1
log "base images $JRE_IMAGE and $POSTGRES_IMAGE present"
