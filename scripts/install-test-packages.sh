#!/usr/bin/env bash
# Installs the real components the tests start (Debian/Ubuntu packages): the software TPM of the TPM
# tests (tpm.md §7.1: swtpm, swtpm-tools, tpm2-tools) and the Redis server of the shared replay store
# tests (redis-server; the tests start their own on 127.0.0.1, the package's service is not used).
# Idempotent: does nothing when the tools are already on PATH.
# Runs apt-get as root, or through sudo when available; otherwise prints what to install and fails.
set -euo pipefail

PACKAGES=(swtpm swtpm-tools tpm2-tools redis-server)
TOOLS=(swtpm swtpm_setup tpm2_createak tpm2_quote tpm2_pcrread tpm2_activatecredential redis-server)

missing=()
for tool in "${TOOLS[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if (( ${#missing[@]} == 0 )); then
  echo "install-test-packages: swtpm, tpm2-tools and redis-server already installed ($(swtpm --version 2>&1 | head -1); $(redis-server --version | cut -d" " -f1-3))"
  exit 0
fi
echo "install-test-packages: missing ${missing[*]}; installing ${PACKAGES[*]}"

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-packages: no apt-get here; install these packages by hand: ${PACKAGES[*]}" >&2
  exit 1
fi
if (( EUID == 0 )); then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  echo "install-test-packages: not root and no password-less sudo; as root run:" >&2
  echo "  apt-get update && apt-get install -y ${PACKAGES[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" apt-get install -y -q "${PACKAGES[@]}"

for tool in "${TOOLS[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || { echo "install-test-packages: $tool still missing after install" >&2; exit 1; }
done
echo "install-test-packages: installed $(swtpm --version 2>&1 | head -1)"
