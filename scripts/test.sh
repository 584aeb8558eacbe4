#!/usr/bin/env bash
# Sets up everything the tests need (Debian packages, PostgreSQL, Chromium), then runs the whole suite:
# unit, sandbox, grading, API end-to-end (on PGlite and on PostgreSQL), LMS webhooks and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
bash scripts/start-postgres.sh
export TEST_DATABASE_URL="postgres://$(id -un)@/postgres?host=/var/run/postgresql"
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
