#!/usr/bin/env bash
# Build the site into site/: strict, offline, from the locked dependencies.
# Extra arguments go to `mkdocs build` (e.g. --site-dir /tmp/out).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup-env.sh
exec "$VENV/bin/mkdocs" build --strict "$@"
