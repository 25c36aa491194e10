#!/bin/bash
# The synchronous standby of compose profile "ha": copies the primary once (pg_basebackup -R writes
# standby.signal and the connection to the primary), then runs as a hot standby. Promote it with
# `docker compose exec postgres-standby pg_ctl promote -D /var/lib/postgresql/data` (docs/operations.md).
set -euo pipefail
export PGPASSWORD="$(cat /run/secrets/postgres_password)"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_basebackup -h postgres -U payments -D "$PGDATA" -R -X stream -c fast \
      -d "application_name=standby"; do
    echo "standby: waiting for the primary"; sleep 2
  done
  chmod 700 "$PGDATA"
fi
exec postgres
