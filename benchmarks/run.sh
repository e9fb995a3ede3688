#!/usr/bin/env bash
# Builds the benchmark harness and writes the benchmark report:
#   benchmarks/results/<run>.md and <run>.csv, and latest.md / latest.csv (replaced; the report
#   prints the previous latest.csv's numbers beside the new ones).
#
# Usage: benchmarks/run.sh [--quick] [--suites overhead,cli,cancel,adapter,export,schema,load,pool,durability]
#                         [--baseline-ref REF] [--OPTION VALUE ...]
#   (options: java -jar benchmarks/target/benchmarks.jar list)
#   --baseline-ref REF: builds runner-app/target/model-runner.jar of commit REF in a temporary git
#     worktree (benchmarks/baseline-jar.sh; cached in benchmarks/target/baseline/) and passes it
#     as --baseline-jar: the "before" of the durability suite. Default 04dd0d1 when the
#     durability suite runs and no --baseline-jar is given.
#
# Installs nothing. What the suites need besides Java 17 (Debian package names):
#   adapter: gunicorn python3-flask     export: zip time
#   overhead, cli, cancel, load, pool: a running Docker engine with the image local/busybox:1
#     (.ci/docker-setup.sh); pool also PostgreSQL on 127.0.0.1:5432 (.ci/postgres.sh)
#   durability: the baseline jar (--baseline-ref or --baseline-jar), PostgreSQL as for pool
#     (or --durability-variants before,after-h2,after); no Docker
# It builds the runner's jar (runner-app/target/model-runner.jar) and the distribution
# (distribution/target/model-runner-*.tar.gz) with the harness: the service suites start
# `java -jar model-runner.jar serve` themselves; the cli suite installs the distribution.
# A missing tool stops the run before anything is measured; leave its suite out with --suites.
set -euo pipefail
cd "$(dirname "$0")/.."

command_line="benchmarks/run.sh $*"
args=()
baseline_ref=""
suites=""
baseline_jar_given=false
while [ $# -gt 0 ]; do
  case "$1" in
    --baseline-ref)
      [ $# -ge 2 ] || { echo "option --baseline-ref needs a value" >&2; exit 2; }
      baseline_ref=$2
      shift 2
      ;;
    --baseline-ref=*)
      baseline_ref=${1#*=}
      shift
      ;;
    *)
      case "$1" in
        --suites) suites=${2:-} ;;
        --suites=*) suites=${1#*=} ;;
        --baseline-jar | --baseline-jar=*) baseline_jar_given=true ;;
      esac
      args+=("$1")
      shift
      ;;
  esac
done
set -- ${args[@]+"${args[@]}"}
# The durability suite's "before" is the commit before the outbox and durable commits (issue 13).
if [ -z "$baseline_ref" ] && [ "$baseline_jar_given" = false ] \
  && { [ -z "$suites" ] || [[ ",$suites," == *",durability,"* ]]; }; then
  baseline_ref=04dd0d1
fi

if [[ " $* " != *" --suites"* ]]; then
  missing=()
  command -v gunicorn >/dev/null 2>&1 || missing+=(gunicorn)
  if command -v gunicorn >/dev/null 2>&1; then
    py=$(sed -n '1s/^#! *//p' "$(command -v gunicorn)")
    # shellcheck disable=SC2086
    $py -c 'import flask' >/dev/null 2>&1 || missing+=(python3-flask)
  else
    missing+=(python3-flask)
  fi
  command -v zip >/dev/null 2>&1 || missing+=(zip)
  [ -x /usr/bin/time ] || missing+=(time)
  command -v docker >/dev/null 2>&1 || missing+=(docker.io)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "benchmarks/run.sh installs nothing. Missing: ${missing[*]}" >&2
    echo "Install with: apt-get install -y ${missing[*]}   (or choose suites with --suites)" >&2
    exit 3
  fi
fi

./mvnw -q -B -pl benchmarks,runner-app,distribution -am package -DskipTests
if [ -n "$baseline_ref" ]; then
  if ! baseline_jar=$(benchmarks/baseline-jar.sh "$baseline_ref" | tail -n 1); then
    echo "benchmarks/run.sh: could not build the baseline jar of '$baseline_ref' (above)" >&2
    exit 1
  fi
  set -- "$@" --baseline-jar "$baseline_jar"
fi
BENCHMARKS_COMMAND="$command_line" exec java -jar benchmarks/target/benchmarks.jar report "$@"
