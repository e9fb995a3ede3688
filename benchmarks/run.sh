#!/usr/bin/env bash
# Builds the benchmark harness and writes the benchmark report:
#   benchmarks/results/<run>.md and <run>.csv, and latest.md / latest.csv (replaced; the report
#   prints the previous latest.csv's numbers beside the new ones).
#
# Usage: benchmarks/run.sh [--quick] [--suites adapter,export,schema] [--OPTION VALUE ...]
#   (options: java -jar benchmarks/target/benchmarks.jar list)
#
# Installs nothing. What the suites need besides Java 17 (Debian package names):
#   adapter: gunicorn python3-flask     export: zip time
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
  if [ ${#missing[@]} -gt 0 ]; then
    echo "benchmarks/run.sh installs nothing. Missing: ${missing[*]}" >&2
    echo "Install with: apt-get install -y ${missing[*]}   (or choose suites with --suites)" >&2
    exit 3
  fi
fi

./mvnw -q -B -pl benchmarks -am package -DskipTests
BENCHMARKS_COMMAND="benchmarks/run.sh $*" exec java -jar benchmarks/target/benchmarks.jar report "$@"
