#!/usr/bin/env bash
# Starts Debian's PostgreSQL 15 cluster (no systemd needed) and makes sure the current user has a
# superuser role to create throw-away test databases over the local socket. Idempotent.
set -euo pipefail
pg_ctlcluster --skip-systemctl-redirect 15 main status >/dev/null 2>&1 || pg_ctlcluster --skip-systemctl-redirect 15 main start
for _ in $(seq 1 30); do
  su postgres -c "pg_isready -q" && break
  sleep 1
done
role=$(id -un)
su postgres -c "psql -tAc \"select 1 from pg_roles where rolname='$role'\"" | grep -q 1 \
  || su postgres -c "createuser --superuser $role"
