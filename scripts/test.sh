#!/usr/bin/env bash
# Run every test: lint, the strict build, the hooks, and the real-browser suite.
# Extra arguments go to pytest (e.g. -k browser).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup-env.sh

# The browser tests drive Debian's Chromium (Playwright's own browser download cannot work
# offline). Install it when it is missing and we are allowed to.
if [[ ! -x /usr/bin/chromium ]]; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "Installing Debian's chromium for the browser tests…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "error: the browser tests need Debian's Chromium at /usr/bin/chromium." >&2
    echo "       Install it with: sudo apt-get install chromium" >&2
    exit 1
  fi
fi
exec "$VENV/bin/python" -m pytest "$@"
