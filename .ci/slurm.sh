#!/usr/bin/env bash
# A real single-node Slurm 22.05 cluster on 127.0.0.1 for the Slurm engine's tests and benchmarks:
# munge, slurmctld, slurmd (root, as Slurm requires), and slurmrestd as the unprivileged user
# 'nobody' with JWT authentication; jobs are submitted as the unprivileged user 'mrunner' and run
# their containers with Slurm's own OCI support (rootless runc).
#
#   bash .ci/slurm.sh          installs (Debian packages) and starts what is not running, then
#                              prints the environment the tests read, as KEY=VALUE lines; nothing
#                              else goes to stdout. Idempotent; about a second when all is up.
#   bash .ci/slurm.sh stop-slurmd    kills slurmd (the node-loss test), if this script started it
#   bash .ci/slurm.sh start-slurmd   starts slurmd again
#   bash .ci/slurm.sh token          prints a fresh token for mrunner
#
# It stops nothing it did not start: a cluster already configured by someone else (a slurm.conf
# without this script's marker) is left alone and the script fails with a message.
set -euo pipefail
exec 3>&1 1>&2

MARKER="# written by model-runner .ci/slurm.sh"
CONF=/etc/slurm/slurm.conf
STATE=/var/lib/model-runner-slurm
JOB_USER=mrunner
REST_PORT=6820
SHARED=/srv/model-runner-slurm

packages=()
for tool in munged:munge slurmctld:slurmctld slurmd:slurmd sbatch:slurm-client slurmrestd:slurmrestd \
  runc:runc setpriv:util-linux; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || packages+=("${tool##*:}")
done
[ -e /usr/lib/x86_64-linux-gnu/slurm-wlm/auth_jwt.so ] || packages+=(slurm-wlm-jwt-plugin)
if [ ${#packages[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

running() { pgrep -x "$1" >/dev/null 2>&1; }

start_slurmd() {
  running slurmd || /usr/sbin/slurmd -f "$CONF" 3>&-
  for _ in $(seq 1 100); do
    state=$(sinfo -h -N -o '%T' 2>/dev/null | head -1)
    case "$state" in idle*|mixed*|allocated*|completing*) return 0 ;; esac
    # A node that came back after a loss: ReturnToService=2 returns it, this makes sure of it.
    case "$state" in down*|drain*|fail*) scontrol update nodename="$(hostname -s)" state=resume 2>/dev/null || true ;; esac
    sleep 0.1
  done
  echo "slurmd did not register with slurmctld (node state: ${state:-none})" >&2
  return 1
}

case "${1:-up}" in
  stop-slurmd)
    [ -f "$STATE/started-slurmd" ] || { echo "slurmd was not started by this script" >&2; exit 1; }
    touch "$STATE/slurmd-stopped"  # 'up' leaves it stopped until start-slurmd
    pkill -9 -x slurmd || true
    exit 0 ;;
  start-slurmd)
    rm -f "$STATE/slurmd-stopped"
    start_slurmd
    exit 0 ;;
  token)
    scontrol token username="$JOB_USER" lifespan=86400 | sed -n 's/^SLURM_JWT=//p' >&3
    exit 0 ;;
  up) ;;
  *) echo "usage: $0 [up|stop-slurmd|start-slurmd|token]" >&2; exit 2 ;;
esac

if [ -f "$CONF" ] && ! grep -qF "$MARKER" "$CONF"; then
  echo "$CONF was not written by this script; leaving that cluster alone" >&2
  exit 1
fi

id -u "$JOB_USER" >/dev/null 2>&1 || useradd --system --create-home --shell /usr/sbin/nologin "$JOB_USER"
mkdir -p "$STATE" /var/spool/slurmctld /var/spool/slurmd /var/log/slurm "$SHARED"
chown slurm:slurm /var/spool/slurmctld
chmod 0755 "$SHARED"
# The runner's shared directory: bundles and workspaces, readable by the job user.
chown root:root "$SHARED"

if [ ! -s "$STATE/jwt_hs256.key" ]; then
  head -c 32 /dev/urandom > "$STATE/jwt_hs256.key"
fi
chown slurm:slurm "$STATE/jwt_hs256.key"
chmod 0600 "$STATE/jwt_hs256.key"

node=$(hostname -s)
memory=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 1024 ))
cat > "$CONF.new" <<EOF
$MARKER
ClusterName=modelrunner
SlurmctldHost=$node(127.0.0.1)
SlurmUser=slurm
AuthType=auth/munge
AuthAltTypes=auth/jwt
AuthAltParameters=jwt_key=$STATE/jwt_hs256.key
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=1
JobAcctGatherParams=OverMemoryKill
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1
ReturnToService=2
MinJobAge=600
SlurmdTimeout=10
# A requeued job waits cred_expire seconds before it may start again (120 by default).
AuthInfo=cred_expire=10
KillWait=5
MpiDefault=none
# The one node offers 8 CPUs whatever the machine has (config_overrides), so that the engine
# contract's concurrent runs fit; a job that asks for all 8 makes the next one wait (PENDING).
SlurmdParameters=config_overrides
NodeName=$node NodeAddr=127.0.0.1 CPUs=8 Sockets=1 CoresPerSocket=8 ThreadsPerCore=1 RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
EOF
# Slurm's OCI support: rootless runc, its state under the job user's own directory.
cat > /etc/slurm/oci.conf.new <<'EOF'
# written by model-runner .ci/slurm.sh
RunTimeQuery="runc --rootless=true --root=/run/model-runner-runc/%u state %n.%u.%j.%s.%t"
RunTimeKill="runc --rootless=true --root=/run/model-runner-runc/%u kill -a %n.%u.%j.%s.%t KILL"
RunTimeDelete="runc --rootless=true --root=/run/model-runner-runc/%u delete --force %n.%u.%j.%s.%t"
RunTimeRun="runc --rootless=true --root=/run/model-runner-runc/%u run %n.%u.%j.%s.%t -b %b"
EOF
mv /etc/slurm/oci.conf.new /etc/slurm/oci.conf
uid=$(id -u "$JOB_USER")
mkdir -p "/run/model-runner-runc/$JOB_USER"
chown "$JOB_USER" "/run/model-runner-runc/$JOB_USER"
chmod 0700 "/run/model-runner-runc/$JOB_USER"
changed=false
if ! cmp -s "$CONF.new" "$CONF"; then mv "$CONF.new" "$CONF"; changed=true; else rm -f "$CONF.new"; fi

if ! running munged; then
  install -d -o munge -g munge /run/munge
  # Every daemon started here closes fd 3 (3>&-), the caller's stdout: a daemon holding it keeps
  # `$(bash .ci/slurm.sh)` waiting for end-of-file forever (munged does not close it by itself).
  runuser -u munge -- /usr/sbin/munged 3>&-
  touch "$STATE/started-munged"
fi
if [ "$changed" = true ] && running slurmctld; then
  # Node definitions change only with a restart: restart what this script started.
  if [ -f "$STATE/started-slurmctld" ]; then
    pkill -x slurmctld || true
    [ -f "$STATE/started-slurmd" ] && { pkill -x slurmd || true; }
    for _ in $(seq 1 50); do running slurmctld || running slurmd || break; sleep 0.1; done
  else
    scontrol reconfigure
  fi
fi
if ! running slurmctld; then
  /usr/sbin/slurmctld -f "$CONF" 3>&-
  touch "$STATE/started-slurmctld"
fi
for _ in $(seq 1 100); do scontrol ping >/dev/null 2>&1 && break; sleep 0.1; done
if ! running slurmd; then touch "$STATE/started-slurmd"; fi
# A node-loss test stopped slurmd on purpose: leave it stopped (for at most 10 minutes).
if [ -z "$(find "$STATE" -maxdepth 1 -name slurmd-stopped -mmin -10 2>/dev/null)" ]; then
  rm -f "$STATE/slurmd-stopped"
  start_slurmd
fi

if ! curl -s -o /dev/null "http://127.0.0.1:$REST_PORT/openapi/v3" 2>/dev/null; then
  # slurmrestd refuses to run as root; only the v0.0.38 plugin (the dbv0.0.38 one needs slurmdbd).
  # From / as a daemon should: slurmrestd dies ("getcwd failed") at the next job submission once
  # the folder it was started from is deleted (a CI clone removed after its run).
  (cd / && SLURM_JWT=daemon exec setpriv --reuid=nobody --regid=nogroup --clear-groups \
    /usr/sbin/slurmrestd -f "$CONF" -a rest_auth/jwt -s openapi/v0.0.38 "127.0.0.1:$REST_PORT" \
    >/var/log/slurm/slurmrestd.log 2>&1 3>&-) &
  touch "$STATE/started-slurmrestd"
  for _ in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:$REST_PORT/openapi/v3" && break
    sleep 0.1
  done
fi

token=$(scontrol token username="$JOB_USER" lifespan=86400 | sed -n 's/^SLURM_JWT=//p')
umask 077
printf '%s\n' "$token" > "$STATE/token.new" && mv "$STATE/token.new" "$STATE/token"

echo "MODEL_RUNNER_TEST_SLURM_URL=http://127.0.0.1:$REST_PORT" >&3
echo "MODEL_RUNNER_TEST_SLURM_USER=$JOB_USER" >&3
echo "MODEL_RUNNER_TEST_SLURM_TOKEN_FILE=$STATE/token" >&3
echo "MODEL_RUNNER_TEST_SLURM_SHARED_DIR=$SHARED" >&3
echo "MODEL_RUNNER_TEST_SLURM_CTL=bash $(cd "$(dirname "$0")" && pwd)/slurm.sh" >&3
