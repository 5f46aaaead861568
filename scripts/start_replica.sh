#!/usr/bin/env bash
# A PostgreSQL streaming replica of the local primary (127.0.0.1:${PGPORT:-5432}) on port
# ${REPLICA_PORT:-5433}, for the replica tests (tests/security/test_replica.py) and for trying the
# replica router by hand. Debian's cluster tools, run as root: replication connections from
# 127.0.0.1 are trusted on the primary, a cluster "replica" is made with pg_basebackup (-R: it
# follows the primary) unless it exists, and it is started. Prints the replica's host:port.
set -euo pipefail
PRIMARY_PORT=${PGPORT:-5432}
PORT=${REPLICA_PORT:-5433}
version=$(ls /etc/postgresql | sort -V | tail -1)
hba=/etc/postgresql/$version/main/pg_hba.conf
if ! grep -q '^host[[:space:]]\+replication[[:space:]]\+all[[:space:]]\+127.0.0.1/32[[:space:]]\+trust' "$hba"; then
  echo "host replication all 127.0.0.1/32 trust" >> "$hba"
  pg_ctlcluster --skip-systemctl-redirect "$version" main reload
fi
ready() { pg_isready -q -h 127.0.0.1 -p "$PORT"; }
make_replica() {
  pg_dropcluster --stop "$version" replica >/dev/null 2>&1 || true
  pg_createcluster "$version" replica --port "$PORT" >/dev/null
  # Trusted on the loopback, as the primary is here (the tests sign in without a password).
  sed -i 's/^\(local\|host\)\(.*\)\(peer\|scram-sha-256\|md5\)$/\1\2trust/' \
    "/etc/postgresql/$version/replica/pg_hba.conf"
  datadir=/var/lib/postgresql/$version/replica
  find "$datadir" -mindepth 1 -delete
  runuser -u postgres -- pg_basebackup -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres \
    -D "$datadir" -R -X stream >/dev/null
}
if ! pg_lsclusters -h | awk '{print $2}' | grep -qx replica; then
  make_replica
fi
pg_ctlcluster --skip-systemctl-redirect "$version" replica start >/dev/null 2>&1 || true
for _ in $(seq 30); do ready && break; sleep 1; done
# A replica that does not come up, or is not a standby any more, is made again.
if ! ready || [ "$(psql -h 127.0.0.1 -p "$PORT" -U postgres -Atc 'select pg_is_in_recovery()' 2>/dev/null)" != "t" ]; then
  make_replica
  pg_ctlcluster --skip-systemctl-redirect "$version" replica start >/dev/null
  for _ in $(seq 30); do ready && break; sleep 1; done
fi
echo "127.0.0.1:$PORT"
