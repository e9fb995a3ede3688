#!/usr/bin/env bash
# Installs Azurite (Microsoft's Azure Storage emulator, from npm) once, for the store-azure
# integration tests, which start it themselves on a free loopback port.
# Idempotent: does nothing when the binary is already there. Prints the binary's path.
# Env: MODEL_RUNNER_NPM_PREFIX (default $HOME/.cache/model-runner-npm), AZURITE_VERSION (default 3).
set -euo pipefail
prefix="${MODEL_RUNNER_NPM_PREFIX:-$HOME/.cache/model-runner-npm}"
bin="$prefix/node_modules/.bin/azurite-blob"
if [ ! -x "$bin" ]; then
  command -v npm >/dev/null || { echo "azurite.sh: npm is required" >&2; exit 1; }
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "azurite@${AZURITE_VERSION:-3}" >&2
fi
"$bin" --version >/dev/null
echo "$bin"
