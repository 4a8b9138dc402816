#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the browser tests (CHROMIUM_PATH, default /usr/bin/chromium).
# Installs it from Debian's packages when missing; nothing ever downloads a browser of its own.
set -euo pipefail

chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
[ -x "$chromium" ] && exit 0

say() { printf 'chromium: %s\n' "$*" >&2; }
if ! command -v apt-get >/dev/null 2>&1; then
  say "$chromium is missing and apt-get is not available: install Chromium and set CHROMIUM_PATH"
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
say "installing Debian's chromium package"
$sudo apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
[ -x "$chromium" ] || { say "chromium installed but $chromium is not there: set CHROMIUM_PATH"; exit 1; }
