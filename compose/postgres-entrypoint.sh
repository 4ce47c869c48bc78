#!/bin/sh
# PostgreSQL for a Compose cluster, run as the unprivileged postgres user (uid 999, the owner of
# the data volume): initialised on first start with password (scram-sha-256) authentication and
# an `okube` database, then serving on loopback only.
set -e
PGDATA=${PGDATA:-/var/lib/postgresql/data}
[ -n "$POSTGRES_PASSWORD" ] || { echo "postgres: POSTGRES_PASSWORD is not set (run compose/build-images.sh first)" >&2; exit 2; }
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  printf '%s\n' "$POSTGRES_PASSWORD" >/tmp/pwfile
  initdb -D "$PGDATA" -U postgres --auth=scram-sha-256 --pwfile=/tmp/pwfile -E UTF8 --locale=C >/dev/null
  rm -f /tmp/pwfile
  echo "CREATE DATABASE okube;" | postgres --single -D "$PGDATA" postgres >/dev/null
fi
exec postgres -D "$PGDATA" -p "${PGPORT:-55440}" \
  -c listen_addresses=127.0.0.1 -c unix_socket_directories=/var/run/postgresql -c max_connections=300
