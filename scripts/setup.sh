#!/usr/bin/env bash
# Shared by `npm start` and `npm test`: installs dependencies when needed, ensures PostgreSQL and Redis, builds.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

stamp=node_modules/.overgang-installed
if [ "${CI:-}" = true ] || [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "setup: installing dependencies" >&2
  # `npm install` rather than `npm ci`: npm 11 leaves other platforms' optional packages (SWC's binaries)
  # out of the lock file and `npm ci` then refuses it. The lock file still pins every version.
  npm install --loglevel=error --no-audit --no-fund
  touch "$stamp"
fi

bash infra/ensure-services.sh
npm run build
