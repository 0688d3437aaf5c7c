# Sourced by build.sh and test.sh: make $VENV (.venv) hold exactly what $LOCK
# (requirements.lock) pins. The lock carries a hash for every file, so pip refuses anything
# that differs from it. build.sh sets both for the other engines (engines/*.lock).
set -euo pipefail

PYTHON=${PYTHON:-python3}
# Set by the caller, never taken from the environment: a VENV exported for something else
# must not be replaced (the venv is deleted and made again when it has no pip).
VENV=${VENV:?set VENV before sourcing setup-env.sh}
LOCK=${LOCK:?set LOCK before sourcing setup-env.sh}
STAMP=$VENV/.lock.sha256

# Install Debian packages when we may (root, or password-less sudo); otherwise say what to
# install and stop.
install_debian_packages() {
  local as_root=()
  if [[ $(id -u) != 0 ]]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      as_root=(sudo)
    else
      echo "error: this needs these Debian packages: $*" >&2
      echo "       Install them with: sudo apt-get install $*" >&2
      exit 1
    fi
  fi
  if ! command -v apt-get >/dev/null; then
    echo "error: this needs: $* (no apt-get here; install them with your package manager)" >&2
    exit 1
  fi
  echo "Installing $* …"
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "error: Python 3.11 or newer is needed ($PYTHON is $("$PYTHON" --version 2>&1))." >&2
  exit 1
fi
# Debian's python3 comes without venv and ensurepip (package python3-venv). A venv made
# without them has a python but no pip, so check for pip, not for the folder.
if ! "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
  rm -rf "$VENV"
  if ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
    install_debian_packages python3-venv
  fi
  "$PYTHON" -m venv "$VENV"
fi
wanted=$(sha256sum "$LOCK" | cut -d' ' -f1)
if [[ ! -f $STAMP || $(cat "$STAMP") != "$wanted" ]]; then
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    --require-hashes --no-deps -r "$LOCK"
  echo "$wanted" > "$STAMP"
fi
# Dates in the output (sitemap, blog) come from the last commit, so a rebuild of the same
# commit is byte for byte the same. (safe.directory: a root CI job may run in a checkout
# that another user owns, where git would otherwise refuse to answer.)
if [[ -z ${SOURCE_DATE_EPOCH:-} ]]; then
  if ! SOURCE_DATE_EPOCH=$(git -c safe.directory="$PWD" log -1 --format=%ct 2>/dev/null); then
    SOURCE_DATE_EPOCH=1735689600
    echo "warning: no git history here; dating the build 2025-01-01 (set SOURCE_DATE_EPOCH)" >&2
  fi
fi
export SOURCE_DATE_EPOCH
