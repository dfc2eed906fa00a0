#!/usr/bin/env bash
# Session stream load with profiling: like run-session-load.sh (AI-Verse only, then the Socket.IO relay unless
# NO_RELAY=1), with Java Flight Recorder (settings=profile) and native memory tracking on the Karaf JVM. Before
# Karaf stops, it writes the recording and `jcmd VM.native_memory summary` to OUT (default /tmp/aiverse-profile).
# Usage: benchmarks/profile-session-load.sh [sessions] [seconds]; read the recording with `jfr print`/`jfr summary`.
set -euo pipefail
cd "$(dirname "$0")/.."
SESSIONS=${1:-300}
SECONDS_RUN=${2:-40}
RATE=${RATE:-10}
WARMUP=${WARMUP:-3} # seconds of load before the measurement starts, for each target
PORT=${PORT:-8391}
IO_PORT=${IO_PORT:-3391}
OUT=${OUT:-/tmp/aiverse-profile}
JAR=benchmarks/target/benchmarks.jar
mkdir -p "$OUT"
export BENCH_JAVA_OPTS="-XX:NativeMemoryTracking=summary -XX:FlightRecorderOptions:stackdepth=512 -XX:StartFlightRecording=settings=profile,filename=$OUT/karaf.jfr,dumponexit=true ${BENCH_JAVA_OPTS:-}"
# shellcheck source=benchmarks/karaf-dist.sh
. benchmarks/karaf-dist.sh
cleanup() {
  stop_karaf
  if [ -n "${NODE:-}" ]; then kill "$NODE" 2>/dev/null || true; fi
  return 0
}
trap cleanup EXIT
start_distribution "$PORT"
jcmd "$JPID" VM.native_memory baseline > /dev/null || true
java -cp "$JAR" org.aiverse.benchmarks.SessionLoadDriver --target aiverse --url "http://127.0.0.1:$PORT" \
  --pid "$JPID" --sessions "$SESSIONS" --seconds "$SECONDS_RUN" --rate "$RATE" --warmup "$WARMUP" | tee "$OUT/driver.out"
jcmd "$JPID" VM.native_memory summary > "$OUT/nmt.txt" || true
jcmd "$JPID" VM.native_memory summary.diff > "$OUT/nmt-diff.txt" || true
jcmd "$JPID" JFR.dump filename="$OUT/karaf.jfr" > /dev/null || true
grep VmRSS "/proc/$JPID/status" > "$OUT/rss.txt" || true
cp "$HOME_DIR/data/log/karaf.log" "$OUT/" 2>/dev/null || true
stop_karaf
if [ "${NO_RELAY:-}" = "1" ]; then exit 0; fi
sleep 2
(cd benchmarks/socketio && npm install --no-audit --no-fund --silent)
node benchmarks/socketio/relay.js "$IO_PORT" > "$WORK/relay.out" 2>&1 &
NODE=$!
sleep 1
java -cp "$JAR" org.aiverse.benchmarks.SessionLoadDriver --target socketio --url "http://127.0.0.1:$IO_PORT" \
  --pid "$NODE" --sessions "$SESSIONS" --seconds "$SECONDS_RUN" --rate "$RATE" --warmup "$WARMUP" | tee "$OUT/relay.out"
