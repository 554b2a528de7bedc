#!/usr/bin/env bash
# Lints openapi.yaml with Spectral (ruleset .spectral.yaml: spectral:oas) and fails on any finding,
# hints included. Spectral is installed with npm, pinned, into a cache directory outside the work
# tree ($SPECTRAL_HOME, default ~/.cache/rats-verifier/spectral-<version>), once per machine.
# Usage: scripts/lint-openapi.sh [extra spectral options, e.g. --format junit --output lint.xml]
set -euo pipefail
cd "$(dirname "$0")/.."

SPECTRAL_VERSION=6.16.3
SPECTRAL_HOME="${SPECTRAL_HOME:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/rats-verifier/spectral-$SPECTRAL_VERSION}"
SPECTRAL="$SPECTRAL_HOME/node_modules/.bin/spectral"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "error: node and npm are needed (Debian: apt-get install nodejs npm)" >&2
  exit 2
fi
if [[ ! -x "$SPECTRAL" ]]; then
  echo "installing @stoplight/spectral-cli@$SPECTRAL_VERSION into $SPECTRAL_HOME" >&2
  mkdir -p "$SPECTRAL_HOME"
  npm install --prefix "$SPECTRAL_HOME" --no-save --no-audit --no-fund --loglevel=error \
    "@stoplight/spectral-cli@$SPECTRAL_VERSION" >&2
fi

"$SPECTRAL" --version >&2
exec "$SPECTRAL" lint openapi.yaml --ruleset .spectral.yaml --fail-severity=hint "$@"
