#!/usr/bin/env bash
# Lints every docs/*.openapi.yaml with @redocly/cli (an independent OpenAPI linter).
# Installs the linter once into a cache directory (idempotent; fast when already installed).
set -euo pipefail
cd "$(dirname "$0")/.."

REDOCLY_VERSION="${REDOCLY_VERSION:-2.77.0}"
PREFIX="${MODEL_RUNNER_NPM_CACHE:-$HOME/.cache/model-runner-npm}"
BIN="$PREFIX/node_modules/.bin/redocly"

if ! command -v npm >/dev/null 2>&1; then
  echo "lint-openapi: npm is required (install Node.js 18 or newer)" >&2
  exit 2
fi
if [[ ! -x "$BIN" ]] || [[ "$("$BIN" --version 2>/dev/null)" != "$REDOCLY_VERSION" ]]; then
  mkdir -p "$PREFIX"
  npm install --prefix "$PREFIX" --no-audit --no-fund --loglevel=error "@redocly/cli@$REDOCLY_VERSION"
fi

shopt -s nullglob
docs=(docs/*.openapi.yaml)
if (( ${#docs[@]} == 0 )); then
  echo "lint-openapi: no docs/*.openapi.yaml found" >&2
  exit 1
fi
"$BIN" lint --format=stylish "${docs[@]}"
