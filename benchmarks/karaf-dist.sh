#!/usr/bin/env bash
# Shared by the load scripts: unpacks the distribution (karaf-assembly/target, or the tarball DIST names) into a temporary folder, moves every port
# it opens off the defaults (so that other Karafs on this machine do not collide), starts `bin/karaf server` and waits
# until the session and snapshot endpoints answer. Source it, then call `start_distribution PORT`; it sets WORK,
# HOME_DIR, KARAF (the launcher's pid) and JPID (the JVM's pid). `stop_karaf` stops it again. BENCH_JAVA_OPTS adds
# JVM flags, BENCH_CFG configuration (see below).

start_distribution() {
  local port=$1
  # a platform left running from an earlier run would answer in this one's place, and be measured instead
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; then
    echo "port $port is in use (an earlier run's Karaf still running?); stop it first" >&2
    return 1
  fi
  WORK=$(mktemp -d /tmp/aiverse-bench.XXXX)
  tar -xzf ${DIST:-karaf-assembly/target/aiverse-karaf-*.tar.gz} -C "$WORK"
  HOME_DIR=$(ls -d "$WORK"/*/ | head -1)
  HOME_DIR=${HOME_DIR%/}
  sed -i "s/^org.osgi.service.http.port *=.*/org.osgi.service.http.port = $port/" "$HOME_DIR/etc/org.ops4j.pax.web.cfg"
  grep -q "org.osgi.service.http.port" "$HOME_DIR/etc/org.ops4j.pax.web.cfg" \
    || echo "org.osgi.service.http.port = $port" >> "$HOME_DIR/etc/org.ops4j.pax.web.cfg"
  local broker=$((port + 1000))
  sed -i "s/127.0.0.1:61616/127.0.0.1:$broker/" "$HOME_DIR/etc/artemis.xml"
  echo "url = tcp://127.0.0.1:$broker" > "$HOME_DIR/etc/org.aiverse.bus.cfg"
  sed -i "s/^rmiRegistryPort *=.*/rmiRegistryPort = $((port + 2000))/; s/^rmiServerPort *=.*/rmiServerPort = $((port + 2001))/" \
    "$HOME_DIR/etc/org.apache.karaf.management.cfg"
  sed -i "s/^sshPort *=.*/sshPort = $((port + 3000))/" "$HOME_DIR/etc/org.apache.karaf.shell.cfg"
  echo "nativeOrigins = https://bench.example" >> "$HOME_DIR/etc/org.aiverse.auth.cfg"
  # The sim world's actions take simulated time (a spoken line lasts as long as speaking it), and each session's loop
  # waits in await_env for its action before it perceives again (seed 3.2): scaled down, the run measures the platform
  # rather than simulated speech. SIM_TIME_SCALE=1 gives the real-time world.
  echo "timeScale = ${SIM_TIME_SCALE:-0.01}" >> "$HOME_DIR/etc/org.aiverse.adapter.sim.cfg"
  if declare -F configure_distribution > /dev/null; then configure_distribution; fi
  # BENCH_CFG="org.aiverse.recorder:ingress.capacity=500 org.aiverse.core:perceptMaxAgeMillis=500": settings appended to
  # etc/<pid>.cfg, to measure a variant of the configuration without editing a script
  local entry
  for entry in ${BENCH_CFG:-}; do
    echo "${entry#*:}" | sed 's/=/ = /' >> "$HOME_DIR/etc/${entry%%:*}.cfg"
  done

  export JAVA_MAX_MEM=${JAVA_MAX_MEM:-768m}
  export EXTRA_JAVA_OPTS="-Djdk.util.zip.disableZip64ExtraFieldValidation=true ${BENCH_JAVA_OPTS:-}"
  "$HOME_DIR/bin/karaf" server > "$WORK/karaf.out" 2>&1 &
  KARAF=$!
  for _ in $(seq 1 180); do
    if curl -sf "http://127.0.0.1:$port/api/v1/health" | grep -q '"status":"up"'; then break; fi
    sleep 1
  done
  sleep 5
  local ready=""
  for _ in $(seq 1 120); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/sessions/x/state" || true)
    code2=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/snapshots/x" || true)
    if [ "$code" = "401" ] && [ "$code2" = "401" ]; then ready=yes; break; fi
    sleep 1
  done
  # the JVM's pid before anything can fail: stop_karaf must stop the JVM, not only its launcher (an orphaned
  # JVM kept the Karaf lock of the next run)
  JPID=$(pgrep -f "java.*$WORK" | head -1 || true)
  JPID=${JPID:-$KARAF}
  if [ -z "$ready" ]; then
    echo "the platform did not serve /api/v1/sessions and /api/v1/snapshots in time; log: $HOME_DIR/data/log/karaf.log" >&2
    return 1
  fi
}

stop_karaf() {
  if [ -n "${JPID:-}" ]; then
    kill "$JPID" 2>/dev/null || true
    # wait for the JVM to be gone (an overloaded platform takes a while to drain and stop), so that the next target
    # measured in the same run does not share the CPU with it; killed after 60 s
    for _ in $(seq 1 120); do
      if ! kill -0 "$JPID" 2>/dev/null; then break; fi
      sleep 0.5
    done
    kill -9 "$JPID" 2>/dev/null || true
  fi
  if [ -n "${KARAF:-}" ]; then kill "$KARAF" 2>/dev/null || true; wait "$KARAF" 2>/dev/null || true; fi
  JPID=""
  KARAF=""
  return 0
}
