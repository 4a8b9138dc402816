#!/usr/bin/env bash
# Sets up everything the tests need and runs every test: types, the generated web client, unit and
# cross-process tests, and the web app's component and browser tests (Debian's Chromium).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

bash scripts/setup.sh
bash infra/ensure-chromium.sh
echo "test: type-checking" >&2
npm run typecheck
echo "test: checking the web app's API client against the API's OpenAPI document" >&2
node --enable-source-maps dist/scripts/web-client.js --check
echo "test: running the test suites" >&2
NODE_OPTIONS=--experimental-vm-modules npx jest --ci "$@"
echo "test: running the web app's tests" >&2
npm run test:web
