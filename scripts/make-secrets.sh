#!/usr/bin/env bash
# Writes the secrets docker compose mounts (./secrets, ignored by git): random ones, unless a file
# exists already. Readable by the owner only.
set -euo pipefail
cd "$(dirname "$0")/.."
umask 077
mkdir -p secrets
for name in postgres_password jwt_secret grafana_admin_password; do
  if [ ! -s "secrets/$name" ]; then
    head -c 48 /dev/urandom | base64 | tr -d '\n/+=' > "secrets/$name"
    echo "make-secrets: wrote secrets/$name"
  fi
done
