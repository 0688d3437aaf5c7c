#!/usr/bin/env bash
# Build the site into site/: strict, offline, from locked dependencies.
#
# ENGINE picks what builds it, from the same mkdocs.yml (README, "Engines"):
#   mkdocs      the default and main path (requirements.lock, .venv)
#   properdocs  the drop-in fork of MkDocs 1.x (engines/properdocs.lock, .venv-properdocs)
#   zensical    Material's successor (engines/zensical.lock, .venv-zensical); it runs no
#               hooks, so the finishing step and the checker run after it, as commands.
# Extra arguments go to `mkdocs build` or `properdocs build` (e.g. --site-dir /tmp/out).
set -euo pipefail
cd "$(dirname "$0")/.."
ENGINE=${ENGINE:-mkdocs}
case $ENGINE in
  mkdocs)
    VENV=.venv LOCK=requirements.lock
    source scripts/setup-env.sh
    exec "$VENV/bin/mkdocs" build --strict "$@"
    ;;
  properdocs)
    VENV=.venv-properdocs LOCK=engines/properdocs.lock
    source scripts/setup-env.sh
    exec "$VENV/bin/properdocs" build --strict -f mkdocs.yml "$@"
    ;;
  zensical)
    VENV=.venv-zensical LOCK=engines/zensical.lock
    source scripts/setup-env.sh
    "$VENV/bin/zensical" build --strict --clean -f mkdocs.yml
    "$VENV/bin/python" hooks/finish_site.py site -f mkdocs.yml
    exec "$VENV/bin/python" hooks/check_site.py site -f mkdocs.yml
    ;;
  *)
    echo "error: ENGINE is '$ENGINE'; use mkdocs, properdocs or zensical." >&2
    exit 2
    ;;
esac
