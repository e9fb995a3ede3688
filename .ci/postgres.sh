#!/usr/bin/env bash
# Starts the machine's PostgreSQL 15 (installed, stopped) and makes the test database:
# role model_runner / password model_runner, database model_runner_test, on 127.0.0.1:5432.
# Idempotent; prints the JDBC URL the tests read from MODEL_RUNNER_TEST_POSTGRES_URL, and only
# that: everything else (apt, pg_ctlcluster's "Removed stale pid file.") goes to stderr.
set -euo pipefail
exec 3>&1 1>&2
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
version=$(ls /etc/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $4}' | grep -q online; then
  pg_ctlcluster "$version" main start 3>&-  # the server must not hold the caller's pipe open
fi
for _ in $(seq 1 50); do
  su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1 && break
  sleep 0.2
done
psql_as_postgres() { su postgres -c "psql -v ON_ERROR_STOP=1 -qtAc \"$1\""; }
if [ "$(psql_as_postgres "select 1 from pg_roles where rolname='model_runner'")" != "1" ]; then
  psql_as_postgres "create role model_runner login password 'model_runner' createdb"
fi
if [ "$(psql_as_postgres "select 1 from pg_database where datname='model_runner_test'")" != "1" ]; then
  psql_as_postgres "create database model_runner_test owner model_runner"
fi
echo "jdbc:postgresql://127.0.0.1:5432/model_runner_test" >&3
