#!/usr/bin/env bash
# Runs every test: unit tests, formatting and static checks, and the Pax Exam suite against the real
# distribution. Starts (or installs) the PostgreSQL server the persistence tests use.
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-postgres.sh
exec mvn -B -ntp verify "$@"
