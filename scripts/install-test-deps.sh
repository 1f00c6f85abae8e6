#!/usr/bin/env bash
# Installs what the browser tests need, only when it is missing:
#   - Debian's Chromium (/usr/bin/chromium) through apt-get;
#   - npm playwright-core, axe-core and pngjs in scripts/browser/node_modules through `npm ci`.
# Never downloads a browser through Playwright (that fails on this machine).
# Safe to run again: it does nothing when all are present.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
	echo "install-test-deps: installing Debian chromium (takes a minute or two on a bare machine)"
	SUDO=""
	if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -q
	$SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi

if [ ! -f scripts/browser/node_modules/playwright-core/package.json ] || [ ! -f scripts/browser/node_modules/axe-core/axe.min.js ] || [ ! -f scripts/browser/node_modules/pngjs/package.json ]; then
	echo "install-test-deps: installing playwright-core, axe-core and pngjs with npm ci"
	(cd scripts/browser && npm ci --no-audit --no-fund --loglevel=error)
fi
