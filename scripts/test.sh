#!/usr/bin/env bash
# Sets up everything the tests need and runs every test: types, unit and cross-process tests.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

bash scripts/setup.sh
echo "test: type-checking" >&2
npm run typecheck
echo "test: running the test suites" >&2
NODE_OPTIONS=--experimental-vm-modules npx jest --ci "$@"
