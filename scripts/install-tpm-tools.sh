#!/usr/bin/env bash
# Installs the software TPM used by the TPM tests (tpm.md §7.1): swtpm, swtpm-tools and tpm2-tools
# (Debian/Ubuntu packages). Idempotent: does nothing when the tools are already on PATH.
# Runs apt-get as root, or through sudo when available; otherwise prints what to install and fails.
set -euo pipefail

PACKAGES=(swtpm swtpm-tools tpm2-tools)
TOOLS=(swtpm swtpm_setup tpm2_createak tpm2_quote tpm2_pcrread tpm2_activatecredential)

missing=()
for tool in "${TOOLS[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if (( ${#missing[@]} == 0 )); then
  echo "install-tpm-tools: swtpm and tpm2-tools already installed ($(swtpm --version 2>&1 | head -1))"
  exit 0
fi
echo "install-tpm-tools: missing ${missing[*]}; installing ${PACKAGES[*]}"

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-tpm-tools: no apt-get here; install these packages by hand: ${PACKAGES[*]}" >&2
  exit 1
fi
if (( EUID == 0 )); then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  echo "install-tpm-tools: not root and no password-less sudo; as root run:" >&2
  echo "  apt-get update && apt-get install -y ${PACKAGES[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" apt-get install -y -q "${PACKAGES[@]}"

for tool in "${TOOLS[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || { echo "install-tpm-tools: $tool still missing after install" >&2; exit 1; }
done
echo "install-tpm-tools: installed $(swtpm --version 2>&1 | head -1)"
