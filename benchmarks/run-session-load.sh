#!/usr/bin/env bash
# Session stream load: the AI-Verse distribution (karaf-assembly/target) against a Socket.IO 4 relay, both driven
# by SessionLoadDriver in its own process over loopback. Usage: benchmarks/run-session-load.sh [sessions] [seconds]
# Needs: mvn -o package -pl benchmarks,karaf-assembly -am -DskipTests (the benchmarks jar and the distribution).
set -euo pipefail
cd "$(dirname "$0")/.."
SESSIONS=${1:-200}
SECONDS_RUN=${2:-30}
RATE=${RATE:-10}
PORT=${PORT:-8391}
IO_PORT=${IO_PORT:-3391}
WORK=$(mktemp -d /tmp/aiverse-bench.XXXX)
JAR=benchmarks/target/benchmarks.jar

tar -xzf karaf-assembly/target/aiverse-karaf-*.tar.gz -C "$WORK"
HOME_DIR=$(ls -d "$WORK"/*/ | head -1)
HOME_DIR=${HOME_DIR%/}
sed -i "s/^org.osgi.service.http.port *=.*/org.osgi.service.http.port = $PORT/" "$HOME_DIR/etc/org.ops4j.pax.web.cfg"
grep -q "org.osgi.service.http.port" "$HOME_DIR/etc/org.ops4j.pax.web.cfg" \
  || echo "org.osgi.service.http.port = $PORT" >> "$HOME_DIR/etc/org.ops4j.pax.web.cfg"
# free ports for the embedded broker and JMX, so that other Karafs on this machine do not collide
BROKER=$((PORT + 1000))
sed -i "s/127.0.0.1:61616/127.0.0.1:$BROKER/" "$HOME_DIR/etc/artemis.xml"
echo "url = tcp://127.0.0.1:$BROKER" > "$HOME_DIR/etc/org.aiverse.bus.cfg"
sed -i "s/^rmiRegistryPort *=.*/rmiRegistryPort = $((PORT + 2000))/; s/^rmiServerPort *=.*/rmiServerPort = $((PORT + 2001))/" \
  "$HOME_DIR/etc/org.apache.karaf.management.cfg"
sed -i "s/^sshPort *=.*/sshPort = $((PORT + 3000))/" "$HOME_DIR/etc/org.apache.karaf.shell.cfg"
echo "nativeOrigins = https://bench.example" >> "$HOME_DIR/etc/org.aiverse.auth.cfg"
# The sim world's actions take simulated time (a spoken line lasts as long as speaking it), and each session's loop
# waits in await_env for its action before it perceives again (seed 3.2): scaled down, the run measures the platform
# rather than simulated speech. SIM_TIME_SCALE=1 gives the real-time world.
echo "timeScale = ${SIM_TIME_SCALE:-0.01}" >> "$HOME_DIR/etc/org.aiverse.adapter.sim.cfg"

export JAVA_MAX_MEM=${JAVA_MAX_MEM:-768m}
export EXTRA_JAVA_OPTS="-Djdk.util.zip.disableZip64ExtraFieldValidation=true"
"$HOME_DIR/bin/karaf" server > "$WORK/karaf.out" 2>&1 &
KARAF=$!
stop_karaf() {
  if [ -n "${JPID:-}" ]; then kill "$JPID" 2>/dev/null || true; fi
  if [ -n "${KARAF:-}" ]; then kill "$KARAF" 2>/dev/null || true; wait "$KARAF" 2>/dev/null || true; fi
  return 0
}
cleanup() {
  stop_karaf
  if [ -n "${NODE:-}" ]; then kill "$NODE" 2>/dev/null || true; fi
  return 0
}
trap cleanup EXIT
for _ in $(seq 1 180); do
  if curl -sf "http://127.0.0.1:$PORT/api/v1/health" | grep -q '"status":"up"'; then break; fi
  sleep 1
done
sleep 5
for _ in $(seq 1 120); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/api/v1/sessions/x/state" || true)
  code2=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/api/v1/snapshots/x" || true)
  [ "$code" = "401" ] && [ "$code2" = "401" ] && break
  sleep 1
done
JPID=$(pgrep -f "java.*$WORK" | head -1 || true)
JPID=${JPID:-$KARAF}
java -cp "$JAR" org.aiverse.benchmarks.SessionLoadDriver --target aiverse --url "http://127.0.0.1:$PORT" \
  --pid "$JPID" --sessions "$SESSIONS" --seconds "$SECONDS_RUN" --rate "$RATE"
stop_karaf
JPID=""
KARAF=""
sleep 2

(cd benchmarks/socketio && npm install --no-audit --no-fund --silent)
node benchmarks/socketio/relay.js "$IO_PORT" > "$WORK/relay.out" 2>&1 &
NODE=$!
sleep 1
java -cp "$JAR" org.aiverse.benchmarks.SessionLoadDriver --target socketio --url "http://127.0.0.1:$IO_PORT" \
  --pid "$NODE" --sessions "$SESSIONS" --seconds "$SECONDS_RUN" --rate "$RATE"
