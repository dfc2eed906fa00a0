#!/usr/bin/env bash
# Hot swap under load (issue 8): the AI-Verse distribution (karaf-assembly/target) with SESSIONS sessions on the sim
# world, each sent RATE chat percepts a second by SessionLoadDriver (its own process, over loopback); SWAP_AT seconds
# into the measurement the driver drops a second version of the sim adapter (0.2.0) into deploy/ and every session
# moves to it. Prints intents issued, ActionResults, lost, duplicated, the longest stall during the swap and p50/p99
# intent-to-result latency before/during/after, then audits every chain through the playback API.
# Thread dumps of the platform (jcmd Thread.print) taken just after the drop are kept in the run's folder.
# Usage: benchmarks/run-hot-swap.sh [sessions] [seconds] [swap-at]   (RATE=10 by default)
# Needs: mvn -o package -pl benchmarks,karaf-assembly -am -DskipTests. Starts Karaf: run it under
# flock /tmp/aiverse-karaf.lock on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/.."
SESSIONS=${1:-500}
SECONDS_RUN=${2:-40}
SWAP_AT=${3:-15}
RATE=${RATE:-10}
PORT=${PORT:-8392}
JAR=benchmarks/target/benchmarks.jar
# shellcheck source=benchmarks/karaf-dist.sh
. benchmarks/karaf-dist.sh
configure_distribution() {
  # the load is one owner's: the gate's per-owner defaults (speak 30 a minute) would rate-block it; the snapshots the
  # driver makes raise their own limits too. No simulated engine glitches: every failure would be the swap's.
  printf 'defaultRateLimits = speak=1000000, *=1000000\n' >> "$HOME_DIR/etc/org.aiverse.policy.cfg"
  echo "failureRate = 0" >> "$HOME_DIR/etc/org.aiverse.adapter.sim.cfg"
}
cleanup() {
  if [ -n "${DUMPER:-}" ]; then kill "$DUMPER" 2>/dev/null || true; fi
  stop_karaf
  return 0
}
trap cleanup EXIT
start_distribution "$PORT"
SIM_JAR=$(ls "$HOME_DIR"/system/org/aiverse/org.aiverse.adapter.sim/*/org.aiverse.adapter.sim-*.jar | head -1)
echo "run folder: $WORK (karaf pid $JPID, adapter $SIM_JAR)"

# thread dumps while the sessions move: three, half a second apart, starting half a second after the drop
(
  until grep -q "dropped into deploy" "$WORK/driver.out" 2>/dev/null; do sleep 0.2; done
  sleep 0.5
  for i in 1 2 3; do
    jcmd "$JPID" Thread.print > "$WORK/threads-during-swap-$i.txt" 2>&1 || true
    sleep 0.5
  done
) &
DUMPER=$!

java -cp "$JAR" org.aiverse.benchmarks.SessionLoadDriver --target aiverse --url "http://127.0.0.1:$PORT" \
  --pid "$JPID" --sessions "$SESSIONS" --seconds "$SECONDS_RUN" --rate "$RATE" \
  --swap-from "$SIM_JAR" --deploy "$HOME_DIR/deploy" --swap-at "$SWAP_AT" | tee "$WORK/driver.out"
grep -h "adapter sim" "$HOME_DIR"/data/log/karaf.log 2>/dev/null | tail -3 || true
echo "thread dumps: $WORK/threads-during-swap-*.txt"
