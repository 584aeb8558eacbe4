#!/usr/bin/env bash
# Sets up, then starts the grader at http://localhost:3000 (PORT to change) with the embedded database,
# the course's six assignments and in-process grading workers. The first start prints an instructor login.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec npm start
