#!/bin/bash
# Run once by the postgres image when it creates the primary's database: standbys (compose profile
# "ha") may stream from it, with the same password as the service.
set -euo pipefail
echo "host replication all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
