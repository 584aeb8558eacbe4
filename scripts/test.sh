#!/usr/bin/env bash
# Sets up everything the tests need (Debian packages, PostgreSQL, Chromium), then runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
mkdir -p artifacts
set +e
NODE_OPTIONS="--experimental-vm-modules --no-node-snapshot" npx jest --runInBand --json --outputFile=artifacts/jest-results.json "$@"
status=$?
set -e
node -e '
  const r = require("./artifacts/jest-results.json");
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' || true
exit $status
