#!/usr/bin/env bash
# Builds the benchmark harness and writes the benchmark report:
#   benchmarks/results/<run>.md and <run>.csv, and latest.md / latest.csv (replaced; the report
#   prints the previous latest.csv's numbers beside the new ones).
#
# Usage: benchmarks/run.sh [--quick] [--suites overhead,cancel,adapter,export,schema,load,pool]
#                         [--OPTION VALUE ...]
#   (options: java -jar benchmarks/target/benchmarks.jar list)
#
# Installs nothing. What the suites need besides Java 17 (Debian package names):
#   adapter: gunicorn python3-flask     export: zip time
#   overhead, cancel, load, pool: a running Docker engine with the image local/busybox:1
#     (.ci/docker-setup.sh); pool also PostgreSQL on 127.0.0.1:5432 (.ci/postgres.sh)
# It builds the runner's jar (runner-app/target/model-runner.jar) with the harness: the service
# suites start `java -jar model-runner.jar serve` themselves.
# A missing tool stops the run before anything is measured; leave its suite out with --suites.
set -euo pipefail
cd "$(dirname "$0")/.."

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

./mvnw -q -B -pl benchmarks,runner-app -am package -DskipTests
BENCHMARKS_COMMAND="benchmarks/run.sh $*" exec java -jar benchmarks/target/benchmarks.jar report "$@"
