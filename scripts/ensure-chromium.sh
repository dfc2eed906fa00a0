#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed (the browser the web pages' Playwright tests drive headless), installing
# it from Debian's packages when it is absent. Prints the browser's path.
set -euo pipefail

find_chromium() { command -v chromium || command -v chromium-browser || true; }

bin=$(find_chromium)
if [ -z "$bin" ]; then
  echo "Installing Chromium from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
  bin=$(find_chromium)
fi
if [ -z "$bin" ]; then
  echo "Chromium is not installed and could not be installed" >&2
  exit 1
fi
echo "$bin"
