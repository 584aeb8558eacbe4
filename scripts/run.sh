#!/usr/bin/env bash
# Sets up, then grades a sample submission (a numba solution of monte-carlo-pi) with the CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm run grade -- monte-carlo-pi test/fixtures/submissions/monte-carlo-pi/numba_njit.py
