#!/usr/bin/env bash
# Sets up everything the tests need (Debian packages, PostgreSQL, Chromium), then runs the whole suite:
# unit, sandbox, grading, API end-to-end (on PGlite and on PostgreSQL), LMS webhooks and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
bash scripts/start-postgres.sh
export TEST_DATABASE_URL="postgres://$(id -un)@/postgres?host=/var/run/postgresql"
mkdir -p artifacts
rm -f artifacts/pytest-results.xml
set +e
# The Python side (sandbox/) first: it is what every box runs. Debian's interpreter, named explicitly.
if [ $# -eq 0 ]; then
  /usr/bin/python3 -B -m pytest -q -p no:cacheprovider --junitxml=artifacts/pytest-results.xml test/python
  py_status=$?
else
  py_status=0
fi
NODE_OPTIONS="--experimental-vm-modules --no-node-snapshot" npx jest --runInBand --json --outputFile=artifacts/jest-results.json "$@"
status=$?
set -e
node -e '
  const fs = require("fs");
  const r = require("./artifacts/jest-results.json");
  let passed = r.numPassedTests, failed = r.numFailedTests;
  if (fs.existsSync("artifacts/pytest-results.xml")) {
    const xml = fs.readFileSync("artifacts/pytest-results.xml", "utf8");
    const n = (name) => Number((new RegExp(`<testsuite[^>]* ${name}="(\\d+)"`).exec(xml) || [0, 0])[1]);
    failed += n("failures") + n("errors");
    passed += n("tests") - n("failures") - n("errors") - n("skipped");
  }
  console.log(`${passed} passed, ${failed} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' || true
if [ $status -eq 0 ]; then status=$py_status; fi
exit $status
