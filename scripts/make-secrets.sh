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
# The Stripe key cannot be made up: an empty file until you write your key into it
# (docs/processors.md). With payments.processor.kind=stripe and no key the service refuses to start.
if [ ! -e secrets/stripe_api_key ]; then
  : > secrets/stripe_api_key
  echo "make-secrets: wrote an empty secrets/stripe_api_key: put your Stripe secret key there to charge through Stripe"
fi
