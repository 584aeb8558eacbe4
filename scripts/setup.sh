#!/usr/bin/env bash
# Sets perfgrade up on Debian 12 with Node 20: Debian packages, npm dependencies, build.
# Idempotent and quick when already done. Run as root or with sudo (the sandbox needs cgroups).
#   scripts/setup.sh           what the grader needs
#   scripts/setup.sh --test    plus what the tests need (PostgreSQL, Chromium)
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# The sandbox runs Debian's Python with the course's packages (no PyPI): bubblewrap for isolation,
# util-linux for setpriv/prlimit.
packages=(bubblewrap util-linux python3 python3-numpy python3-numba python3-joblib python3-line-profiler
          python3-memory-profiler python3-psutil python3-seccomp python3-yaml procps)
if [ "${1:-}" = "--test" ]; then packages+=(postgresql chromium fonts-dejavu-core python3-pytest); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then echo "setup: Node 20 or newer is required (found $(node --version 2>/dev/null || echo none))" >&2; exit 2; fi

# npm ci only when the lockfile changed since the last install.
stamp=node_modules/.perfgrade-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "setup: installing npm dependencies"
  npm ci --loglevel=warn --no-audit --no-fund
  cp package-lock.json "$stamp"
fi

npm run build --loglevel=warn
