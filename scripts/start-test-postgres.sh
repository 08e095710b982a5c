#!/usr/bin/env bash
# PostgreSQL for the decision-log tests (test/decisionLog/postgres.test.ts), as .ci/run needs it on a
# clean Debian machine, as root: Debian's postgresql package (installed when absent), its cluster
# started (it listens on loopback only, Debian's default), a role and a throwaway database. Idempotent:
# a cluster already running is used as it is. Prints the connection string for COBRANZA_TEST_PG on
# standard output; everything else goes to standard error.
set -euo pipefail
cd /   # psql runs as postgres, who may not read the caller's directory
if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
cluster() { pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"'; }
if [ -z "$(cluster)" ]; then pg_createcluster "$version" main >&2; fi
if ! pg_ctlcluster "$version" main status >/dev/null 2>&1; then pg_ctlcluster "$version" main start >&2; fi
port="$(cluster | awk '{ print $3 }')"
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done
pg_isready -h 127.0.0.1 -p "$port" >&2
as_postgres() { runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -qAt "$@"; }
if [ "$(as_postgres -c "SELECT 1 FROM pg_roles WHERE rolname = 'cobranza_test'")" != 1 ]; then
  as_postgres -c "CREATE ROLE cobranza_test LOGIN PASSWORD 'cobranza_test'" >&2
fi
if [ "$(as_postgres -c "SELECT 1 FROM pg_database WHERE datname = 'cobranza_test'")" != 1 ]; then
  as_postgres -c "CREATE DATABASE cobranza_test OWNER cobranza_test" >&2
fi
echo "postgres://cobranza_test:cobranza_test@127.0.0.1:${port}/cobranza_test"
