#!/usr/bin/env bash
# A rootful Podman API service on its own socket, for running the Docker engine's tests (and the
# pipeline) against Podman: `podman system service` speaks the Docker API, which DockerEngine uses.
#
#   bash .ci/podman.sh     installs podman when missing (Debian package), writes the
#                          containers.conf the service needs, loads the local base images into
#                          Podman's store when missing, starts the service when its socket does not
#                          answer, waits until it answers, and prints the environment the tests
#                          read, as one KEY=VALUE line; nothing else goes to stdout. Idempotent;
#                          well under a second when all is up.
#
# Separate from the Docker engine: its own socket (not /run/docker.sock, not Podman's default
# /run/podman/podman.sock) and Podman's own store (/var/lib/containers/storage; Docker's is
# /var/lib/docker). The site's /etc/containers/containers.conf is not touched: the service reads
# only this script's file, through CONTAINERS_CONF. No image can be pulled here, so the base images
# are copied from the Docker engine (`docker save | podman load`): run .ci/docker-setup.sh first.
# It stops nothing it did not start; it restarts a service it started itself when its
# containers.conf changed.
set -euo pipefail
exec 3>&1 1>&2

SOCKET=/run/model-runner-podman.sock
STATE=/var/lib/model-runner-podman
CONF=$STATE/containers.conf
PIDFILE=$STATE/service.pid
LOG=$STATE/service.log
IMAGES=(local/busybox:1 local/python3:bookworm)

log() { printf '[podman] %s\n' "$*" >&2; }

if ! command -v podman >/dev/null 2>&1; then
  log "installing podman"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends podman runc >/dev/null
fi

mkdir -p "$STATE"
# default_ulimits: rootful Podman otherwise gives every container nofile=1048576 and a matching
# nproc, above this machine's hard limits, and runc's `setrlimit` fails with "operation not
# permitted". runtime: runc, the runtime Debian installs with podman (crun is not installed).
wanted=$(cat <<'CONF'
# written by model-runner .ci/podman.sh; read by its Podman service through CONTAINERS_CONF
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]

[engine]
runtime = "runc"
CONF
)
conf_changed=false
if [ ! -f "$CONF" ] || [ "$(cat "$CONF")" != "$wanted" ]; then
  printf '%s\n' "$wanted" > "$CONF.tmp"
  mv "$CONF.tmp" "$CONF"
  conf_changed=true
fi
export CONTAINERS_CONF=$CONF

for image in "${IMAGES[@]}"; do
  # `podman load` of a `docker save` names it localhost/<name>; short names resolve to it.
  if ! podman image exists "localhost/$image"; then
    docker image inspect "$image" >/dev/null 2>&1 \
      || { log "the Docker engine has no $image to copy: run 'bash .ci/docker-setup.sh' first"; exit 1; }
    log "copying $image from the Docker engine into Podman's store"
    docker save "$image" | podman load -q >/dev/null
  fi
done

answers() { [ "$(curl -s --max-time 2 --unix-socket "$SOCKET" http://podman/_ping 2>/dev/null)" = OK ]; }
ours() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

if $conf_changed && ours; then
  log "containers.conf changed: restarting the Podman service this script started"
  pid=$(cat "$PIDFILE")
  kill "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$PIDFILE"
fi

if ! answers; then
  if [ -S "$SOCKET" ]; then
    rm -f "$SOCKET" # a stale socket: nothing answers on it
  fi
  log "starting podman system service on unix://$SOCKET (log: $LOG)"
  # The service must not hold the caller's pipe open (3>&-), nor its terminal (setsid). It runs
  # in $STATE: conmon 2.1 writes its out-of-memory marker file "oom" into its working directory,
  # which it inherits from the service, so that file must not land in the caller's directory.
  (cd "$STATE" && exec setsid podman system service --time=0 "unix://$SOCKET" >>"$LOG" 2>&1 </dev/null 3>&-) &
  echo $! > "$PIDFILE"
  for _ in $(seq 1 100); do
    answers && break
    sleep 0.1
  done
  answers || { log "the Podman service did not answer on $SOCKET; see $LOG"; tail -20 "$LOG" >&2; exit 1; }
elif ! ours; then
  log "a Podman service not started by this script answers on $SOCKET: using it as it is"
fi

echo "MODEL_RUNNER_TEST_PODMAN_HOST=unix://$SOCKET" >&3
