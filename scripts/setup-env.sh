# Sourced by build.sh and test.sh: make .venv hold exactly what requirements.lock pins.
# The lock carries a hash for every file, so pip refuses anything that differs from it.
set -euo pipefail

PYTHON=${PYTHON:-python3}
VENV=.venv
STAMP=$VENV/.requirements.lock.sha256

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "error: Python 3.11 or newer is needed ($PYTHON is $("$PYTHON" --version 2>&1))." >&2
  exit 1
fi
if [[ ! -x $VENV/bin/python ]]; then
  "$PYTHON" -m venv "$VENV" || {
    echo "error: could not create $VENV; on Debian install it with: apt-get install python3-venv" >&2
    exit 1
  }
fi
wanted=$(sha256sum requirements.lock | cut -d' ' -f1)
if [[ ! -f $STAMP || $(cat "$STAMP") != "$wanted" ]]; then
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    --require-hashes --no-deps -r requirements.lock
  echo "$wanted" > "$STAMP"
fi
# Dates in the output (sitemap, blog) come from the last commit, so a rebuild of the same
# commit is byte for byte the same.
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 1735689600)}
export SOURCE_DATE_EPOCH
