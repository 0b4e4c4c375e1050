#!/usr/bin/env bash
# Install (if missing) and start Debian's PostgreSQL on loopback only, create a throwaway test database and user,
# and print the line that points the PostgreSQL store tests at it:
#     eval "$(scripts/ci_postgres.sh)"      # sets KPI_TEST_PG_URL
# Needs root (apt-get, pg_ctlcluster). Idempotent: safe to run again.
set -euo pipefail

DB=${KPI_PG_DB:-kpi_test}
USER_NAME=${KPI_PG_USER:-kpi_test}
PASSWORD=${KPI_PG_PASSWORD:-kpi_test_only}
PORT=${KPI_PG_PORT:-5432}

if ! command -v pg_lsclusters >/dev/null 2>&1; then
  echo "installing Debian postgresql" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q --no-install-recommends postgresql >&2
fi

read -r VERSION CLUSTER _ < <(pg_lsclusters --no-header | head -n1) || true
if [ -z "${VERSION:-}" ]; then
  VERSION=$(ls /usr/lib/postgresql | sort -V | tail -n1)
  CLUSTER=main
  pg_createcluster "$VERSION" "$CLUSTER" --port "$PORT" >&2
fi
CONF=/etc/postgresql/$VERSION/$CLUSTER/postgresql.conf
# Loopback only: never listen on a public interface.
if ! grep -q "^listen_addresses = '127.0.0.1'" "$CONF"; then
  echo "listen_addresses = '127.0.0.1'" >> "$CONF"
fi
if ! pg_lsclusters --no-header | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $4}' | grep -q online; then
  pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi
PORT=$(pg_lsclusters --no-header | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $3}')

for _ in $(seq 1 30); do
  su postgres -c "pg_isready -q -h 127.0.0.1 -p $PORT" && break
  sleep 0.5
done

su postgres -c "psql -q -p $PORT -v ON_ERROR_STOP=1" >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$USER_NAME') THEN
    CREATE ROLE $USER_NAME LOGIN PASSWORD '$PASSWORD';
  END IF;
END \$\$;
SQL
if ! su postgres -c "psql -p $PORT -tAc \"SELECT 1 FROM pg_database WHERE datname = '$DB'\"" | grep -q 1; then
  su postgres -c "createdb -p $PORT -O $USER_NAME $DB" >&2
fi

echo "export KPI_TEST_PG_URL=postgresql+psycopg://$USER_NAME:$PASSWORD@127.0.0.1:$PORT/$DB"
