#!/bin/sh
# PostgreSQL for a Compose cluster, run as the unprivileged postgres user (uid 999, the owner of
# the data volume): initialised on first start with password (scram-sha-256) authentication. At
# every start, before serving, the superuser (in single-user mode, so no silo connects meanwhile)
# makes sure of the silos' role `okube` (no superuser, its password from OKUBE_PG_SILO_PASSWORD),
# that it owns the `okube` database, and hands it the objects an earlier version created as the
# superuser (/postgres-owner.sql). Then it serves on loopback only.
set -e
PGDATA=${PGDATA:-/var/lib/postgresql/data}
[ -n "$POSTGRES_PASSWORD" ] && [ -n "$OKUBE_PG_SILO_PASSWORD" ] ||
  { echo "postgres: POSTGRES_PASSWORD or OKUBE_PG_SILO_PASSWORD is not set (run compose/build-images.sh first)" >&2; exit 2; }
single() { postgres --single -j -D "$PGDATA" "$1" >/dev/null; }
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  printf '%s\n' "$POSTGRES_PASSWORD" >/tmp/pwfile
  initdb -D "$PGDATA" -U postgres --auth=scram-sha-256 --pwfile=/tmp/pwfile -E UTF8 --locale=C >/dev/null
  rm -f /tmp/pwfile
fi
single postgres <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'okube') THEN CREATE ROLE okube LOGIN; END IF;
END \$\$;

ALTER ROLE okube LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '$OKUBE_PG_SILO_PASSWORD';
SQL
if ! echo "SELECT 1;" | postgres --single -D "$PGDATA" okube >/dev/null 2>&1; then
  echo "CREATE DATABASE okube OWNER okube;" | single postgres
fi
echo "ALTER DATABASE okube OWNER TO okube;" | single postgres
single okube </postgres-owner.sql
exec postgres -D "$PGDATA" -p "${PGPORT:-55440}" \
  -c listen_addresses=127.0.0.1 -c unix_socket_directories=/var/run/postgresql -c max_connections=300
