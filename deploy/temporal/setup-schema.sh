#!/bin/sh
# One-shot: creates Temporal's two PostgreSQL databases and brings their schemas to the version the server
# image expects. Safe to run on every `docker compose up`: existing databases are kept and only missing schema
# versions are applied. Runs in the temporalio/admin-tools image (temporal-sql-tool, schema files).
set -eu

: "${POSTGRES_SEEDS:?POSTGRES_SEEDS names the database host}"
: "${POSTGRES_USER:?}"
: "${POSTGRES_PWD:?}"
DB_PORT="${DB_PORT:-5432}"
SCHEMA_ROOT="${SCHEMA_ROOT:-/etc/temporal/schema/postgresql/v12}"

sql() {
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$DB_PORT" \
    -u "$POSTGRES_USER" --pw "$POSTGRES_PWD" "$@"
}

for pair in temporal:temporal temporal_visibility:visibility; do
  db="${pair%%:*}"
  schema="${pair#*:}"
  # create-database fails when the database exists; the schema steps below fail loudly on any real problem.
  sql --db "$db" create-database >/dev/null 2>&1 && echo "created database $db" || echo "database $db exists"
  sql --db "$db" setup-schema -v 0.0
  sql --db "$db" update-schema -d "$SCHEMA_ROOT/$schema/versioned"
done
echo "Temporal schemas are up to date"
