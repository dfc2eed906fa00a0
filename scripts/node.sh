#!/usr/bin/env bash
# One AI-Verse node of several on a shared PostgreSQL database and a standalone Artemis broker (README.md,
# "Several nodes"), made from the built distribution (karaf-assembly/target/assembly).
#
#   scripts/node.sh create <name> [options]   a fresh node directory, configured (replaces an old one: not running)
#   scripts/node.sh start <name>              boots it in the background (bin/karaf daemon), output in data/log/
#   scripts/node.sh stop <name>               stops it cleanly (bin/stop), waits for the JVM to exit
#   scripts/node.sh kill <name>               SIGKILL of its JVM, as a crash
#   scripts/node.sh status <name>             exit 0 when its JVM runs, 3 when not
#   scripts/node.sh health <name> [--wait S]  prints GET /api/v1/health; exit 0 once every component is up
#   scripts/node.sh url <name>                prints its HTTP base URL
#
# create options (defaults in brackets):
#   --offset N          ports are the Karaf defaults plus N: HTTP 8181+N, SSH 8101+N, RMI 1099+N and 44444+N [0]
#   --http P  --ssh P  --rmi-registry P  --rmi-server P      one port explicitly
#   --db URL            the shared database [jdbc:postgresql://127.0.0.1:5432/aiverse]
#   --db-user U  --db-password P                             [postgres, empty]
#   --db-pool N         the node's connection pool size [16]
#   --broker URL        the shared broker [tcp://127.0.0.1:61716, scripts/artemis.sh]; reconnect options are added
#   --broker-user U  --broker-password P                     [empty: anonymous]
#   --operator USER:PASSWORD   adds a Karaf user with the aiverse-operator role and SSH access (tests, demos)
#   --memory SIZE       the JVM's -Xmx [768m]
#   --shared DIR        what every node must share [$AIVERSE_NODES/shared], made on first use: the key store that
#                       seals memories at rest (aiverse-memories.p12 and its password, etc/org.aiverse.snapshot.cfg)
#                       and the media store (media/, its key media.key, etc/org.aiverse.recorder.media.cfg). Nodes
#                       on several machines need a copy of the key store and a shared file system for media/.
#
# Environment: AIVERSE_NODES, the parent of the node directories [<repo>/target/nodes]; AIVERSE_DISTRIBUTION, the
# unpacked distribution to copy [<repo>/karaf-assembly/target/assembly].
#
# A node boots the feature aiverse-node (the platform without the embedded broker) instead of aiverse, and is named
# <name> (karaf.name, the node id in the database and the bus). Its session WebSocket URLs and nodeUrl name its own
# HTTP port on 127.0.0.1 (etc/org.aiverse.session.cfg); edit them for nodes on several machines.
set -euo pipefail

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NODES=${AIVERSE_NODES:-$REPO_DIR/target/nodes}
DIST=${AIVERSE_DISTRIBUTION:-$REPO_DIR/karaf-assembly/target/assembly}

usage() {
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}" >&2
    exit 2
}

log() { echo "node.sh: $*" >&2; }
die() { log "$*"; exit 1; }

command=${1:-}
name=${2:-}
[ -n "$command" ] && [ -n "$name" ] || usage
shift 2
[[ "$name" =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]] || die "a node name is letters, digits, '.', '_' and '-': $name"
DIR=$NODES/$name

# --- configuration -----------------------------------------------------------------------------------------------

# sets key = value in a .cfg/.properties file, adding the line when the key is absent
set_prop() {
    local file=$1 key=$2 value=$3
    local escaped
    escaped=$(printf '%s' "$value" | sed -e 's/[\\&#]/\\&/g')
    if grep -qE "^[[:space:]]*${key//./\\.}[[:space:]]*=" "$file" 2>/dev/null; then
        sed -i -E "s#^[[:space:]]*${key//./\\.}[[:space:]]*=.*#${key} = ${escaped}#" "$file"
    else
        printf '%s = %s\n' "$key" "$value" >>"$file"
    fi
}

create() {
    local offset=0 http="" ssh="" rmi_registry="" rmi_server=""
    local db=jdbc:postgresql://127.0.0.1:5432/aiverse db_user=postgres db_password="" db_pool=16
    local broker=tcp://127.0.0.1:61716 broker_user="" broker_password="" operator="" memory=768m
    local shared=$NODES/shared
    while [ $# -gt 0 ]; do
        [ $# -ge 2 ] || usage
        case "$1" in
            --offset) offset=$2 ;;
            --http) http=$2 ;;
            --ssh) ssh=$2 ;;
            --rmi-registry) rmi_registry=$2 ;;
            --rmi-server) rmi_server=$2 ;;
            --db) db=$2 ;;
            --db-user) db_user=$2 ;;
            --db-password) db_password=$2 ;;
            --db-pool) db_pool=$2 ;;
            --broker) broker=$2 ;;
            --broker-user) broker_user=$2 ;;
            --broker-password) broker_password=$2 ;;
            --operator) operator=$2 ;;
            --memory) memory=$2 ;;
            --shared) shared=$2 ;;
            *) usage ;;
        esac
        shift 2
    done
    http=${http:-$((8181 + offset))}
    ssh=${ssh:-$((8101 + offset))}
    rmi_registry=${rmi_registry:-$((1099 + offset))}
    rmi_server=${rmi_server:-$((44444 + offset))}

    [ -f "$DIST/etc/org.apache.karaf.features.cfg" ] \
        || die "no distribution at $DIST: build it first (mvn install -DskipTests) or set AIVERSE_DISTRIBUTION"
    if jvm_pid >/dev/null; then
        die "node $name is running (pid $(jvm_pid)): stop it first"
    fi
    rm -rf "$DIR"
    mkdir -p "$NODES"
    cp -a "$DIST" "$DIR"
    rm -rf "$DIR/data" "$DIR/karaf.pid" "$DIR/instances"
    local etc=$DIR/etc

    # the platform without the embedded broker
    grep -qE '^[[:space:]]*aiverse/' "$etc/org.apache.karaf.features.cfg" \
        || die "the distribution does not boot the feature aiverse: $etc/org.apache.karaf.features.cfg"
    sed -i -E 's#^([[:space:]]*)aiverse/#\1aiverse-node/#' "$etc/org.apache.karaf.features.cfg"
    rm -f "$etc/artemis.xml" "$etc/org.apache.activemq.artemis.cfg"

    # name and ports
    set_prop "$etc/system.properties" karaf.name "$name"
    set_prop "$etc/org.ops4j.pax.web.cfg" org.osgi.service.http.port "$http"
    set_prop "$etc/org.apache.karaf.shell.cfg" sshPort "$ssh"
    set_prop "$etc/org.apache.karaf.shell.cfg" sshHost 127.0.0.1
    set_prop "$etc/org.apache.karaf.management.cfg" rmiRegistryPort "$rmi_registry"
    set_prop "$etc/org.apache.karaf.management.cfg" rmiServerPort "$rmi_server"

    # the shared database
    cat >"$etc/org.ops4j.datasource-aiverse.cfg" <<EOF
# Node $name: the shared PostgreSQL database (scripts/node.sh).
osgi.jdbc.driver.class=org.postgresql.Driver
url=$db
user=$db_user
password=$db_password
dataSourceName=aiverse
osgi.jndi.service.name=aiverse
pool=hikari
xa=false
hikari.maximumPoolSize=$db_pool
hikari.minimumIdle=2
hikari.connectionTimeout=10000
EOF

    # the shared broker
    local url=$broker
    if [[ "$url" != *reconnectAttempts* ]]; then
        url="$url$([[ "$url" == *\?* ]] && echo '&' || echo '?')reconnectAttempts=-1&retryInterval=500&retryIntervalMultiplier=1.5&maxRetryInterval=5000"
    fi
    cat >"$etc/org.aiverse.bus.cfg" <<EOF
# Node $name: the standalone broker shared by every node (scripts/artemis.sh, scripts/node.sh).
url=$url
user=$broker_user
password=$broker_password
EOF

    # where clients reach this node's sessions
    cat >"$etc/org.aiverse.session.cfg" <<EOF
# Node $name: the URLs clients are given for its sessions, and the one other nodes forward to (scripts/node.sh).
wsBase=ws://127.0.0.1:$http/ws/sessions/
nodeUrl=http://127.0.0.1:$http
EOF

    # the policy gate's rate and cooldown counters in the shared database, so that they hold across nodes
    set_prop "$etc/org.aiverse.policy.cfg" counters database

    # what every node must share: the memories' key store and the media store
    ensure_shared "$shared"
    shared=$(cd "$shared" && pwd)
    cat >"$etc/org.aiverse.snapshot.cfg" <<EOF
# Node $name: the key store every node shares (scripts/node.sh --shared).
keystorePath = $shared/aiverse-memories.p12
keystorePassword = $(cat "$shared/aiverse-memories.p12.password")
EOF
    chmod 600 "$etc/org.aiverse.snapshot.cfg"
    cat >"$etc/org.aiverse.recorder.media.cfg" <<EOF
# Node $name: the media store every node shares (scripts/node.sh --shared).
directory = $shared/media
EOF

    if [ -n "$operator" ]; then
        local user=${operator%%:*} password=${operator#*:}
        [ "$user" != "$operator" ] && [ -n "$user" ] || die "--operator USER:PASSWORD"
        set_prop "$etc/users.properties" "$user" "$password,aiverse-operator,_g_:admingroup"
    fi

    cat >>"$DIR/bin/setenv" <<EOF

# node $name (scripts/node.sh)
JAVA_MAX_MEM=\${JAVA_MAX_MEM:-$memory}
export JAVA_MAX_MEM
EOF
    printf 'http=%s\nssh=%s\nrmiRegistry=%s\nrmiServer=%s\n' "$http" "$ssh" "$rmi_registry" "$rmi_server" \
        >"$DIR/node.properties"
    log "node $name in $DIR: http://127.0.0.1:$http, ssh $ssh, database $db, broker $broker"
}

# the shared key store and media store, made once (under a lock: nodes may be created concurrently)
ensure_shared() {
    local dir=$1
    mkdir -p "$dir/media"
    (
        flock 9
        if [ ! -s "$dir/aiverse-memories.p12" ]; then
            local password
            password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
            (umask 077 && printf '%s' "$password" >"$dir/aiverse-memories.p12.password")
            # the alias MemoryCipher reads (org.aiverse.snapshot)
            keytool -genseckey -alias aiverse-memories -keyalg AES -keysize 256 -storetype PKCS12 \
                -keystore "$dir/aiverse-memories.p12" -storepass "$password" -keypass "$password" >/dev/null 2>&1 \
                || die "keytool could not create $dir/aiverse-memories.p12"
            chmod 600 "$dir/aiverse-memories.p12"
        fi
        if [ ! -s "$dir/media/media.key" ]; then
            # the media store's AES-256 key (raw bytes), made here so that concurrent first starts agree on it
            (umask 077 && head -c 32 /dev/urandom >"$dir/media/media.key.tmp" \
                && mv "$dir/media/media.key.tmp" "$dir/media/media.key")
        fi
    ) 9>"$dir/.lock"
}

# --- processes ---------------------------------------------------------------------------------------------------

http_port() {
    sed -n 's/^http=//p' "$DIR/node.properties" 2>/dev/null
}

jvm_pid() {
    local file=$DIR/karaf.pid p
    [ -s "$file" ] || return 1
    p=$(tr -dc '0-9' <"$file")
    [ -n "$p" ] && kill -0 "$p" 2>/dev/null || return 1
    # the same JVM, not a recycled pid: its command line names this node's directory
    tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q -- "$DIR" || return 1
    echo "$p"
}

start() {
    [ -f "$DIR/node.properties" ] || die "no node $name in $NODES: scripts/node.sh create $name first"
    if jvm_pid >/dev/null; then
        log "node $name already runs (pid $(jvm_pid))"
        return 0
    fi
    mkdir -p "$DIR/data/log"
    rm -f "$DIR/karaf.pid"
    # `karaf daemon` execs the JVM: the background process is the JVM itself; its own session keeps the caller's
    # signals away from it
    (cd "$DIR" && setsid nohup bin/karaf daemon >>"$DIR/data/log/console.log" 2>&1 </dev/null &)
    local deadline=$((SECONDS + 60))
    until jvm_pid >/dev/null; do
        [ $SECONDS -lt $deadline ] || { tail -n 30 "$DIR/data/log/console.log" >&2; die "node $name did not start"; }
        sleep 0.2
    done
    log "node $name started (pid $(jvm_pid)): http://127.0.0.1:$(http_port), log $DIR/data/log/karaf.log"
}

stop() {
    local p
    if ! p=$(jvm_pid); then
        log "node $name is not running"
        return 0
    fi
    (cd "$DIR" && bin/stop >/dev/null 2>&1) || kill -TERM "$p" 2>/dev/null || true
    local deadline=$((SECONDS + 90))
    while kill -0 "$p" 2>/dev/null; do
        if [ $SECONDS -ge $deadline ]; then
            log "node $name did not stop in 90 s: killing pid $p"
            kill -KILL "$p" 2>/dev/null || true
            break
        fi
        sleep 0.2
    done
    log "node $name stopped"
}

kill_node() {
    local p
    if ! p=$(jvm_pid); then
        log "node $name is not running"
        return 0
    fi
    kill -KILL "$p"
    while kill -0 "$p" 2>/dev/null; do sleep 0.05; done
    log "node $name killed (pid $p)"
}

status() {
    local p
    if p=$(jvm_pid); then
        echo "node $name runs (pid $p) on http://127.0.0.1:$(http_port)"
        return 0
    fi
    echo "node $name is not running"
    return 3
}

health() {
    local wait=0
    if [ "${1:-}" = "--wait" ]; then wait=${2:?--wait SECONDS}; fi
    local url="http://127.0.0.1:$(http_port)/api/v1/health" body="" deadline=$((SECONDS + wait))
    while :; do
        body=$(curl -s --max-time 10 "$url" || true)
        if [[ "$body" == '{"status":"up"'* ]] && [[ "$body" == *'"name":"database"'* ]] \
                && [[ "$body" == *'"name":"bus"'* ]]; then
            echo "$body"
            return 0
        fi
        [ $SECONDS -lt $deadline ] || break
        sleep 0.5
    done
    echo "${body:-no answer from $url}"
    return 1
}

case "$command" in
    create) create "$@" ;;
    start) start ;;
    stop) stop ;;
    kill) kill_node ;;
    status) status ;;
    health) health "$@" ;;
    url) echo "http://127.0.0.1:$(http_port)" ;;
    *) usage ;;
esac
