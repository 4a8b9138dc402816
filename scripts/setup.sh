#!/usr/bin/env bash
# Shared by `npm start` and `npm test`: installs dependencies when needed, ensures PostgreSQL and Redis, builds.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

stamp=node_modules/.overgang-installed
if [ "${CI:-}" = true ] || [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "setup: installing dependencies (npm ci)" >&2
  npm ci --loglevel=warn --no-audit --no-fund
  touch "$stamp"
fi

bash infra/ensure-services.sh
npm run build
