#!/usr/bin/env bash
# Installs what some tests need beyond the JDK, Postgres and Redis, idempotently. The build never
# runs it: the README's test command (and .ci/run, and the GitHub workflow) does, before Maven.
# Without these tools the tests that need them are skipped with a message naming this script (and
# fail when CI=true).
#   - redis-server / redis-cli: private Redis servers and a private cluster in tests
#   - patroni + etcd-server: the automated failover test (a two-node Patroni cluster on loopback)
#   - chromium + chromedriver: the Swagger UI browser test
#   - @redocly/cli and @stoplight/spectral-cli (npm, into target/tools): the OpenAPI lints
#   - the TypeScript client's dev dependencies (npm ci in clients/typescript: TypeScript, Node's types)
set -euo pipefail
cd "$(dirname "$0")/.."

sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
command -v patroni >/dev/null || missing+=(patroni)
command -v etcd >/dev/null || missing+=(etcd-server)
if [ -z "${PAYMENTS_CHROME:-}" ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
fi
if ((${#missing[@]})); then
  echo "install-test-tools: installing ${missing[*]} from Debian's packages"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

REDOCLY_VERSION=2.77.0
if [ ! -x target/tools/node_modules/.bin/redocly ] || ! grep -q "\"version\": \"$REDOCLY_VERSION\"" target/tools/node_modules/@redocly/cli/package.json 2>/dev/null; then
  echo "install-test-tools: installing @redocly/cli@$REDOCLY_VERSION into target/tools"
  mkdir -p target/tools
  npm install --silent --no-audit --no-fund --prefix target/tools "@redocly/cli@$REDOCLY_VERSION" >/dev/null
fi
SPECTRAL_VERSION=6.16.3
if [ ! -x target/tools/node_modules/.bin/spectral ] || ! grep -q "\"version\": \"$SPECTRAL_VERSION\"" target/tools/node_modules/@stoplight/spectral-cli/package.json 2>/dev/null; then
  echo "install-test-tools: installing @stoplight/spectral-cli@$SPECTRAL_VERSION into target/tools"
  mkdir -p target/tools
  npm install --silent --no-audit --no-fund --prefix target/tools "@stoplight/spectral-cli@$SPECTRAL_VERSION" >/dev/null
fi
lock_sum=$(sha256sum clients/typescript/package-lock.json | cut -d' ' -f1)
if [ "$(cat clients/typescript/node_modules/.installed-lock 2>/dev/null)" != "$lock_sum" ]; then
  echo "install-test-tools: installing the TypeScript client's dev dependencies (npm ci in clients/typescript)"
  npm ci --silent --no-audit --no-fund --prefix clients/typescript >/dev/null
  echo "$lock_sum" > clients/typescript/node_modules/.installed-lock
fi
echo "install-test-tools: ready"
