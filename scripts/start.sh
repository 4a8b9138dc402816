#!/usr/bin/env bash
# Sets up everything and runs the service (api + worker) with the demo's sample data, until Ctrl-C.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

export NODE_ENV=${NODE_ENV:-development}
export AUTH_MODE=${AUTH_MODE:-dev}
export ALLOW_SYNTHETIC_IDS=${ALLOW_SYNTHETIC_IDS:-true}
export PORT=${PORT:-3000}
export HOST=${HOST:-127.0.0.1}
# The demo prices 2025 and 2026 at 2024's published rate, so its liability shows amounts; see the README.
export REGULATION_CONFIG_FILE=${REGULATION_CONFIG_FILE:-infra/demo-regulation.json}
export INTAKE_CONFIG_FILE=${INTAKE_CONFIG_FILE:-infra/demo-intake.json}

bash scripts/setup.sh
# The web app is always built for production (`build:web` sets NODE_ENV=production for Vite, whatever the API's mode).
npm run build:web

logs="$root/.local/logs"
mkdir -p "$logs"
pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

node --enable-source-maps dist/apps/api/src/main.js >>"$logs/api.log" 2>&1 &
pids+=($!)
node --enable-source-maps dist/apps/worker/src/main.js >>"$logs/worker.log" 2>&1 &
pids+=($!)

base="http://$HOST:$PORT"
for _ in $(seq 1 100); do
  curl -fsS "$base/health" >/dev/null 2>&1 && break
  kill -0 "${pids[0]}" 2>/dev/null || { echo "start: the API stopped; see $logs/api.log:" >&2; tail -n 5 "$logs/api.log" >&2; exit 1; }
  sleep 0.2
done

node dist/scripts/seed-demo.js --api "$base"

cat <<MSG
overgang is running (logs in .local/logs/).
  Web app:   $base/   (sign in with the role picker)
  API docs:  $base/docs
  Health:    $base/health
  A token:   npm run token -- --role allocation_officer --org 5001
Stop with Ctrl-C.
MSG
wait -n "${pids[@]}"
