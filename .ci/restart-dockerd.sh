#!/usr/bin/env bash
# Restarts the Docker engine that .ci/docker-setup.sh started (for ServiceFaultsIT): stops dockerd
# with SIGTERM (it stops the running containers, as a daemon restart without live-restore does),
# waits until it is gone, starts it again the same way, and waits until it answers.
set -euo pipefail
pid=$(pgrep -x dockerd || true)
if [ -n "$pid" ]; then
  kill -TERM "$pid"
  for _ in $(seq 1 120); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
fi
(cd / && exec setsid dockerd >>/var/log/dockerd.log 2>&1 < /dev/null) &
for _ in $(seq 1 120); do
  docker info >/dev/null 2>&1 && exit 0
  sleep 0.5
done
echo "dockerd did not come back; see /var/log/dockerd.log" >&2
exit 1
