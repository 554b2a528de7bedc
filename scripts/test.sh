#!/usr/bin/env bash
# The project's test command (README "Run the tests"; .ci/run calls it): installs the software TPM
# (swtpm, tpm2-tools) the TPM tests start, the relying-party example's npm packages, lints
# openapi.yaml with Spectral, and runs every Maven test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-packages.sh
(cd examples/relying-party && npm ci --no-audit --no-fund --loglevel=error)
scripts/lint-openapi.sh
scripts/with-jdk.sh ./mvnw -B -ntp verify
