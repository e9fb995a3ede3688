#!/usr/bin/env bash
# Installs and starts a local Docker engine and builds the base images the integration
# tests use. Idempotent: fast when everything is already there. Must run as root.
# No registry is reachable on the CI machines, so base images are made from local files.
set -euo pipefail

BUSYBOX_IMAGE=${BUSYBOX_IMAGE:-local/busybox:1}
PYTHON_IMAGE=${PYTHON_IMAGE:-local/python3:bookworm}

log() { printf '[docker-setup] %s\n' "$*" >&2; }

need_pkgs=()
command -v dockerd >/dev/null 2>&1 || need_pkgs+=(docker.io)
[ -x /bin/busybox ] || need_pkgs+=(busybox-static)
command -v debootstrap >/dev/null 2>&1 || need_pkgs+=(debootstrap)
# Compose for the compose example (ComposeStackIT): Debian 12 packages version 1.29.
command -v docker-compose >/dev/null 2>&1 || need_pkgs+=(docker-compose)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  log "installing ${need_pkgs[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  log "starting dockerd"
  (cd / && exec setsid dockerd >/var/log/dockerd.log 2>&1 < /dev/null) &  # from /: its folder may be deleted
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 0.5
  done
  docker info >/dev/null 2>&1 || { log "dockerd did not start; see /var/log/dockerd.log"; tail -20 /var/log/dockerd.log >&2; exit 1; }
fi

if ! docker image inspect "$BUSYBOX_IMAGE" >/dev/null 2>&1; then
  log "building $BUSYBOX_IMAGE from /bin/busybox"
  dir=$(mktemp -d)
  mkdir -p "$dir/bin" "$dir/tmp" "$dir/etc"
  cp /bin/busybox "$dir/bin/busybox"
  for applet in $("$dir/bin/busybox" --list); do
    [ "$applet" = busybox ] || ln -s busybox "$dir/bin/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$dir/etc/passwd"
  echo 'nobody:x:65534:65534:nobody:/:/bin/false' >> "$dir/etc/passwd"
  tar -C "$dir" -c . | docker import -c 'ENV PATH=/bin' - "$BUSYBOX_IMAGE" >/dev/null
  rm -rf "$dir"
fi

if ! docker image inspect "$PYTHON_IMAGE" >/dev/null 2>&1; then
  log "building $PYTHON_IMAGE with debootstrap (about a minute)"
  dir=$(mktemp -d)
  debootstrap --variant=minbase --include=python3 bookworm "$dir" http://deb.debian.org/debian >/tmp/debootstrap.log 2>&1 \
    || { tail -20 /tmp/debootstrap.log >&2; exit 1; }
  rm -rf "$dir/var/cache/apt/archives/"*.deb "$dir/var/lib/apt/lists/"*
  tar -C "$dir" -c . | docker import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$PYTHON_IMAGE" >/dev/null
  rm -rf "$dir"
fi
# The Java 17 and PostgreSQL 15 bases of the runner image and the compose example (also debootstrap).
bash "$(dirname "$0")/base-images.sh"
log "engine ready; base images $BUSYBOX_IMAGE and $PYTHON_IMAGE present"
