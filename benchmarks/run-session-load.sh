#!/usr/bin/env bash
# Session stream load: the AI-Verse distribution (karaf-assembly/target) against a Socket.IO 4 relay, both driven
# by SessionLoadDriver in its own process over loopback. Usage: benchmarks/run-session-load.sh [sessions] [seconds]
# NO_RELAY=1 skips the relay; DIST=tarball runs another distribution; WARMUP=seconds of unmeasured load first (3). Needs: mvn -o package -pl benchmarks,karaf-assembly -am -DskipTests (the benchmarks jar and the distribution).
set -euo pipefail
cd "$(dirname "$0")/.."
SESSIONS=${1:-200}
SECONDS_RUN=${2:-30}
RATE=${RATE:-10}
WARMUP=${WARMUP:-3} # seconds of load before the measurement starts, for each target
PORT=${PORT:-8391}
IO_PORT=${IO_PORT:-3391}
JAR=benchmarks/target/benchmarks.jar
# shellcheck source=benchmarks/karaf-dist.sh
. benchmarks/karaf-dist.sh
cleanup() {
  stop_karaf
  if [ -n "${NODE:-}" ]; then kill "$NODE" 2>/dev/null || true; fi
  return 0
}
trap cleanup EXIT
start_distribution "$PORT"
java -cp "$JAR" org.aiverse.benchmarks.SessionLoadDriver --target aiverse --url "http://127.0.0.1:$PORT" \
  --pid "$JPID" --sessions "$SESSIONS" --seconds "$SECONDS_RUN" --rate "$RATE" --warmup "$WARMUP"
stop_karaf
if [ "${NO_RELAY:-}" = "1" ]; then exit 0; fi
sleep 2

(cd benchmarks/socketio && npm install --no-audit --no-fund --silent)
node benchmarks/socketio/relay.js "$IO_PORT" > "$WORK/relay.out" 2>&1 &
NODE=$!
sleep 1
java -cp "$JAR" org.aiverse.benchmarks.SessionLoadDriver --target socketio --url "http://127.0.0.1:$IO_PORT" \
  --pid "$NODE" --sessions "$SESSIONS" --seconds "$SECONDS_RUN" --rate "$RATE" --warmup "$WARMUP"
