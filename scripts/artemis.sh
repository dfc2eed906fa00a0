#!/usr/bin/env bash
# A standalone ActiveMQ Artemis broker for several AI-Verse nodes (README.md, "Several nodes").
#
#   scripts/artemis.sh start [--port N]   create the instance if needed, start it, wait until the port accepts
#   scripts/artemis.sh stop               stop it cleanly (SIGKILL only if it does not stop within 60 s)
#   scripts/artemis.sh status             exit 0 when it runs and accepts on its port, 3 when it does not run
#
# The distribution, org.apache.activemq:apache-artemis:${ARTEMIS_VERSION}:bin (tar.gz) from Maven Central, is
# fetched once with `mvn dependency:copy` and unpacked under ${AIVERSE_CACHE:-~/.cache/aiverse}. The instance
# (configuration, journal, log) is ${ARTEMIS_INSTANCE:-<repo>/target/artemis}: loopback only, CORE protocol only,
# no web console, anonymous access (loopback only), a small NIO journal. Nodes connect with
#   url=tcp://127.0.0.1:<port>?reconnectAttempts=-1   (etc/org.aiverse.bus.cfg)
#
# Environment: ARTEMIS_PORT (default 61716; --port wins), ARTEMIS_INSTANCE, AIVERSE_CACHE, ARTEMIS_VERSION,
# ARTEMIS_MEMORY (the broker's -Xmx, default 512M), MAVEN_REPO_LOCAL (a local Maven repository other than ~/.m2).
# Idempotent: start on a running broker and stop on a stopped one do nothing. The port is fixed when the instance
# is created; starting an existing (stopped) instance on another port re-creates its configuration (not its data).
set -euo pipefail

ARTEMIS_VERSION=${ARTEMIS_VERSION:-2.40.0}
REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${AIVERSE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/aiverse}
HOME_DIR=$CACHE/apache-artemis-$ARTEMIS_VERSION
INSTANCE=${ARTEMIS_INSTANCE:-$REPO_DIR/target/artemis}
PORT=${ARTEMIS_PORT:-61716}
MEMORY=${ARTEMIS_MEMORY:-512M}

usage() {
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}" >&2
    exit 2
}

log() { echo "artemis.sh: $*" >&2; }

command=${1:-}
[ -n "$command" ] || usage
shift
while [ $# -gt 0 ]; do
    case "$1" in
        --port) PORT=$2; shift 2 ;;
        --port=*) PORT=${1#--port=}; shift ;;
        --instance) INSTANCE=$2; shift 2 ;;
        --instance=*) INSTANCE=${1#--instance=}; shift ;;
        *) usage ;;
    esac
done
mkdir -p "$(dirname "$INSTANCE")"
INSTANCE=$(cd "$(dirname "$INSTANCE")" && pwd)/$(basename "$INSTANCE")
PID_FILE=$INSTANCE/data/aiverse-broker.pid
PORT_FILE=$INSTANCE/etc/aiverse-port
CONSOLE=$INSTANCE/log/console.log

# --- the distribution --------------------------------------------------------------------------------------------

ensure_distribution() {
    [ -x "$HOME_DIR/bin/artemis" ] && return 0
    mkdir -p "$CACHE"
    local lock=$CACHE/.artemis-$ARTEMIS_VERSION.lock
    (
        flock 9
        [ -x "$HOME_DIR/bin/artemis" ] && exit 0
        local repo=${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}
        local dir=$repo/org/apache/activemq/apache-artemis/$ARTEMIS_VERSION
        local archive=""
        for type in tar.gz zip; do
            if [ -s "$dir/apache-artemis-$ARTEMIS_VERSION-bin.$type" ]; then
                archive=$dir/apache-artemis-$ARTEMIS_VERSION-bin.$type
                break
            fi
        done
        if [ -z "$archive" ]; then
            local download=$CACHE/download
            mkdir -p "$download"
            for type in tar.gz zip; do
                log "fetching org.apache.activemq:apache-artemis:$ARTEMIS_VERSION:bin ($type) from Maven Central"
                if mvn -B -q -ntp ${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL} \
                        org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
                        -Dartifact="org.apache.activemq:apache-artemis:$ARTEMIS_VERSION:$type:bin" \
                        -DoutputDirectory="$download" -Dmdep.overWriteReleases=true >&2; then
                    archive=$download/apache-artemis-$ARTEMIS_VERSION-bin.$type
                    break
                fi
            done
        fi
        [ -n "$archive" ] && [ -s "$archive" ] || { log "could not fetch the Artemis distribution"; exit 1; }
        local tmp
        tmp=$(mktemp -d "$CACHE/unpack.XXXXXX")
        case "$archive" in
            *.zip) (cd "$tmp" && jar xf "$archive") && chmod +x "$tmp"/apache-artemis-*/bin/* ;;
            *) tar xzf "$archive" -C "$tmp" ;;
        esac
        rm -rf "$HOME_DIR"
        mv "$tmp/apache-artemis-$ARTEMIS_VERSION" "$HOME_DIR"
        rm -rf "$tmp" "$CACHE/download"
        log "Artemis $ARTEMIS_VERSION in $HOME_DIR"
    ) 9>"$lock"
}

# --- the instance ------------------------------------------------------------------------------------------------

create_instance() {
    log "creating the broker instance $INSTANCE on 127.0.0.1:$PORT"
    "$HOME_DIR/bin/artemis" create "$INSTANCE" --force --silent \
        --name aiverse --host 127.0.0.1 --default-port "$PORT" \
        --allow-anonymous --user aiverse --password aiverse \
        --nio --no-autotune --no-web \
        --no-amqp-acceptor --no-mqtt-acceptor --no-stomp-acceptor --no-hornetq-acceptor \
        --java-memory "$MEMORY" --global-max-size 64M >"$INSTANCE.create.log" 2>&1 \
        || { cat "$INSTANCE.create.log" >&2; log "artemis create failed"; exit 1; }
    rm -f "$INSTANCE.create.log"
    local xml=$INSTANCE/etc/broker.xml
    # a small journal (the default pre-allocates 2 x 10 MB files and keeps a pool of them), CORE only on loopback
    sed -i \
        -e 's#<journal-file-size>[^<]*</journal-file-size>#<journal-file-size>1M</journal-file-size>#' \
        -e 's#<journal-min-files>[^<]*</journal-min-files>#<journal-min-files>2</journal-min-files>#' \
        -e 's#<journal-pool-files>[^<]*</journal-pool-files>#<journal-pool-files>4</journal-pool-files>#' \
        -e "s#<acceptor name=\"artemis\">tcp://[^<]*</acceptor>#<acceptor name=\"artemis\">tcp://127.0.0.1:$PORT?protocols=CORE;useEpoll=true</acceptor>#" \
        "$xml"
    grep -q "tcp://127.0.0.1:$PORT?protocols=CORE" "$xml" || { log "unexpected broker.xml: no artemis acceptor"; exit 1; }
    # the heap grows to --java-memory when needed rather than being taken at start
    sed -i -E -e "s#-Xms[0-9]+[kKmMgG]?#-Xms64M#" "$INSTANCE/etc/artemis.profile"
    echo "$PORT" >"$PORT_FILE"
}

pid() {
    [ -s "$PID_FILE" ] || return 1
    local p
    p=$(cat "$PID_FILE")
    kill -0 "$p" 2>/dev/null || return 1
    # the same process, not a recycled pid: its command line names this instance
    tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q -- "$INSTANCE" || return 1
    echo "$p"
}

accepts() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

running_port() {
    cat "$PORT_FILE" 2>/dev/null || echo "$PORT"
}

start() {
    if p=$(pid); then
        if [ "$(running_port)" != "$PORT" ]; then
            log "already running (pid $p) on port $(running_port), not $PORT: stop it first"
            exit 1
        fi
        log "already running (pid $p) on 127.0.0.1:$PORT"
        return 0
    fi
    if accepts "$PORT"; then
        log "port $PORT is taken by another process"
        exit 1
    fi
    ensure_distribution
    # (re-)created when new, when asked for another port, or when made by another distribution (cache moved)
    if [ ! -f "$INSTANCE/etc/broker.xml" ] || [ "$(running_port)" != "$PORT" ] \
            || ! grep -qxF "ARTEMIS_HOME='$HOME_DIR'" "$INSTANCE/etc/artemis.profile" 2>/dev/null; then
        create_instance
    fi
    mkdir -p "$INSTANCE/log" "$INSTANCE/data"
    rm -f "$INSTANCE/data/STOP_ME"
    # the broker's own process (bin/artemis execs java), in its own session so the caller's signals do not reach it
    setsid nohup "$INSTANCE/bin/artemis" run >>"$CONSOLE" 2>&1 </dev/null &
    local started=$!
    echo "$started" >"$PID_FILE"
    local deadline=$((SECONDS + ${ARTEMIS_START_TIMEOUT:-120}))
    until accepts "$PORT"; do
        # the process just started: alive is enough (pid() also reads its command line, which is briefly empty
        # while setsid, nohup and bin/artemis exec one another, and once made a starting broker look dead)
        if ! kill -0 "$started" 2>/dev/null; then
            tail -n 40 "$CONSOLE" >&2 || true
            log "the broker exited during start (log: $CONSOLE)"
            exit 1
        fi
        if [ $SECONDS -ge $deadline ]; then
            tail -n 40 "$CONSOLE" >&2 || true
            log "the broker did not accept on 127.0.0.1:$PORT in time (log: $CONSOLE)"
            exit 1
        fi
        sleep 0.2
    done
    log "running (pid $(cat "$PID_FILE")) on tcp://127.0.0.1:$PORT, instance $INSTANCE"
}

stop() {
    local p
    if ! p=$(pid); then
        rm -f "$PID_FILE"
        log "not running"
        return 0
    fi
    # SIGTERM runs the broker's shutdown hook: it stops the server and closes the journal
    kill -TERM "$p" 2>/dev/null || true
    local deadline=$((SECONDS + 60))
    while kill -0 "$p" 2>/dev/null; do
        if [ $SECONDS -ge $deadline ]; then
            log "did not stop in 60 s: killing pid $p"
            kill -KILL "$p" 2>/dev/null || true
            break
        fi
        sleep 0.2
    done
    rm -f "$PID_FILE"
    log "stopped"
}

status() {
    local p
    if p=$(pid); then
        if accepts "$(running_port)"; then
            echo "running (pid $p) on tcp://127.0.0.1:$(running_port), instance $INSTANCE"
            return 0
        fi
        echo "starting or stuck (pid $p), not accepting on 127.0.0.1:$(running_port)"
        return 1
    fi
    echo "not running (instance $INSTANCE)"
    return 3
}

case "$command" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) usage ;;
esac
