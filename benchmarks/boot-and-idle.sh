#!/usr/bin/env bash
# Boot time to health and idle memory of the distribution, as a new user starts it (bin/karaf server, the default
# heap, port 8181). Usage: benchmarks/boot-and-idle.sh [tarball] [idle-seconds]; default karaf-assembly/target's
# tarball and 60 s. Prints boot_to_health_s, then the JVM's RSS and heap after the idle time and after a full GC.
set -euo pipefail
cd "$(dirname "$0")/.."
TARBALL=${1:-$(ls karaf-assembly/target/aiverse-karaf-*.tar.gz | head -1)}
IDLE=${2:-60}
WORK=$(mktemp -d /tmp/aiverse-boot.XXXX)
tar -xzf "$TARBALL" -C "$WORK"
HOME_DIR=$(ls -d "$WORK"/*/ | head -1)
JPID=""
cleanup() {
  if [ -n "$JPID" ]; then kill "$JPID" 2>/dev/null || true; fi
  sleep 3
  rm -rf "$WORK"
}
trap cleanup EXIT
t0=$(date +%s%N)
"$HOME_DIR/bin/karaf" server > "$WORK/karaf.out" 2>&1 &
up=""
for _ in $(seq 1 1800); do
  if curl -sf http://127.0.0.1:8181/api/v1/health | grep -q '"status":"up"'; then up=yes; break; fi
  sleep 0.1
done
t1=$(date +%s%N)
JPID=$(pgrep -f "java.*$WORK" | head -1 || true)
if [ -z "$up" ]; then echo "not healthy within 180 s; log: $HOME_DIR/data/log/karaf.log" >&2; exit 1; fi
awk -v n=$((t1 - t0)) 'BEGIN { printf "boot_to_health_s %.1f\n", n / 1e9 }'
sleep "$IDLE"
echo "idle_rss_mb $(( $(awk '/VmRSS/{print $2}' "/proc/$JPID/status") / 1024 ))"
jcmd "$JPID" GC.heap_info | sed -n 2p
jcmd "$JPID" GC.run > /dev/null
sleep 2
jcmd "$JPID" GC.heap_info | sed -n 2p
echo "idle_rss_mb_after_gc $(( $(awk '/VmRSS/{print $2}' "/proc/$JPID/status") / 1024 ))"
