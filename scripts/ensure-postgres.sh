#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 with trust authentication for local connections,
# installing it from Debian's packages when it is absent. The tests create and drop their own databases.
set -euo pipefail

host=${AIVERSE_PG_HOST:-127.0.0.1}
port=${AIVERSE_PG_PORT:-5432}

ready() { command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h "$host" -p "$port"; }

if ready; then
  echo "PostgreSQL is up on $host:$port"
  exit 0
fi

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "Installing PostgreSQL from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi

version=$(ls /etc/postgresql | sort -n | tail -1)
hba=/etc/postgresql/$version/main/pg_hba.conf
# Tests connect as postgres over TCP on loopback without a password, as on the project's machines.
if ! grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba"; then
  sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
fi
pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_ctlcluster --skip-systemctl-redirect "$version" main restart

for _ in $(seq 1 60); do
  if ready; then
    echo "PostgreSQL $version is up on $host:$port"
    exit 0
  fi
  sleep 1
done
echo "PostgreSQL did not come up on $host:$port" >&2
exit 1
