#!/usr/bin/env bash
# A real OpenXR runtime for the headset tests, with no headset and no GPU (../shared/XR.md): Monado 25 with its
# simulated HMD, running headless in a Debian trixie root made with mmdebstrap under a cache folder outside the
# repository (built once, about 60 s and 740 MB, reused afterwards).
#
#   scripts/xr-runtime.sh build    make the trixie root (installs mmdebstrap from Debian's packages if absent)
#   scripts/xr-runtime.sh start    build if needed, mount, start monado-service; writes the JVM wrapper
#   scripts/xr-runtime.sh stop     kill the service's process group, unmount lazily
#   scripts/xr-runtime.sh status   running|stopped, and where the root and the wrapper are
#   scripts/xr-runtime.sh java     prints the path of the java wrapper that runs a JVM inside the root
#   scripts/xr-runtime.sh service-stop | service-start
#                                  stop or start only monado-service (the runtime lost and back), also from a
#                                  process inside the root (the tests run there)
#
# When the root cannot be built or the runtime does not start, `start` exits 1 and still writes the wrapper: it
# then runs the host's JVM with AIVERSE_XR_UNAVAILABLE set to the reason, so that the runtime tests fail saying why.
#
# Every command is idempotent. The mirror is the one this machine's apt already uses. Environment:
#   AIVERSE_XR_CACHE  the cache folder (default /var/cache/aiverse-xr)
#   AIVERSE_XR_CONTROLLERS  the simulated controllers in both hands: simple (default), wmr, ml2, or none
#   AIVERSE_XR_BINDS  extra host folders (colon separated) bind-mounted at the same path inside the root; the
#                     repository, ~/.m2, the JDK and /tmp always are
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cache=${AIVERSE_XR_CACHE:-/var/cache/aiverse-xr}
root=$cache/trixie
run=$cache/run
pidfile=$run/monado.pgid
log=$run/monado.log
wrapper_home=$cache/jvm
runtime_json=/usr/share/openxr/1/openxr_monado.json
marker=/etc/aiverse-xr-root
in_root=false
[ -f "$marker" ] && in_root=true
packages=monado-service,libopenxr1-monado,mesa-vulkan-drivers

java_home() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    (cd "$JAVA_HOME" && pwd -P)
  else
    dirname "$(dirname "$(readlink -f "$(command -v java)")")"
  fi
}

fail() {
  echo "xr-runtime: $*" >&2
  exit 1
}

mirror() {
  local src=/etc/apt/sources.list.d/debian.sources uri=""
  if [ -f "$src" ]; then
    # the first URIs line that is not the security archive
    uri=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' "$src")
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit } }' \
      /etc/apt/sources.list)
  fi
  [ -n "$uri" ] || fail "no Debian mirror found in $src or /etc/apt/sources.list"
  echo "$uri"
}

build() {
  [ -f "$root/.complete" ] && return 0
  [ "$(id -u)" = 0 ] || fail "building the trixie root needs root"
  mkdir -p "$cache"
  exec 9>"$cache/.build.lock"
  flock 9
  [ -f "$root/.complete" ] && return 0
  if ! command -v mmdebstrap >/dev/null 2>&1; then
    echo "xr-runtime: installing mmdebstrap from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq mmdebstrap >/dev/null 2>&1 || {
      apt-get update -qq && apt-get install -y -qq mmdebstrap >/dev/null
    } || fail "cannot install mmdebstrap"
  fi
  local m
  m=$(mirror)
  # never delete through a mount (proc, dev, the repository, ~/.m2): unmount first, and refuse if any is left
  unmount_under "$root.partial"
  unmount_under "$root"
  echo "xr-runtime: building the Debian trixie root in $root from $m (first time only, a few minutes)"
  rm -rf "$root.partial"
  if ! mmdebstrap --quiet --variant=apt --include="$packages" trixie "$root.partial" "$m" >"$cache/build.log" 2>&1; then
    tail -20 "$cache/build.log" >&2
    rm -rf "$root.partial"
    fail "mmdebstrap could not build the trixie root from $m (log: $cache/build.log)"
  fi
  [ -f "$root.partial$runtime_json" ] || fail "the root has no $runtime_json"
  rm -rf "$root"
  mv "$root.partial" "$root"
  touch "$root/.complete"
  echo "xr-runtime: root ready ($(du -sh "$root" | cut -f1))"
}

unmount_under() { # DIR: lazily unmount everything below DIR; fail if something stays mounted
  local dir=$1
  awk -v p="$dir/" 'index($2, p) == 1 { print $2 }' /proc/self/mounts | sort -r | while read -r m; do
    umount -l "$m" 2>/dev/null || true
  done
  if awk -v p="$dir/" 'index($2, p) == 1 { found = 1 } END { exit !found }' /proc/self/mounts; then
    fail "something is still mounted below $dir: not deleting it"
  fi
}

mounted() {
  awk -v p="$1" '$2 == p { found = 1 } END { exit !found }' /proc/self/mounts
}

bind() { # bind HOST-PATH at the same path in the root
  local src=$1 dst=$root$1
  [ -e "$src" ] || return 0
  if [ -d "$src" ]; then mkdir -p "$dst"; else
    mkdir -p "$(dirname "$dst")"
    [ -e "$dst" ] || touch "$dst"
  fi
  mounted "$dst" || mount --bind "$src" "$dst"
}

mount_all() {
  mkdir -p "$root/proc" "$root/dev" "$root/sys" "$root/run/xr"
  mounted "$root/proc" || mount -t proc proc "$root/proc"
  mounted "$root/dev" || { mount --rbind /dev "$root/dev" && mount --make-rslave "$root/dev"; }
  mounted "$root/sys" || { mount --rbind /sys "$root/sys" && mount --make-rslave "$root/sys"; }
  local jh
  jh=$(java_home)
  bind "$jh"
  bind /etc/java-17-openjdk
  bind "$here"
  bind "${HOME:-/root}/.m2"
  bind /tmp
  bind /etc/resolv.conf
  bind /etc/hosts
  mkdir -p "$run"
  bind "$run"
  touch "$root$marker"
  local IFS=:
  for extra in ${AIVERSE_XR_BINDS:-}; do
    [ -n "$extra" ] && bind "$extra"
  done
}

unmount_all() {
  [ -d "$root" ] || return 0
  # deepest first; lazily, so that a straggler cannot keep them busy
  awk -v p="$root/" 'index($2, p) == 1 { print $2 }' /proc/self/mounts | sort -r | while read -r m; do
    umount -l "$m" 2>/dev/null || true
  done
}

write_unavailable_wrapper() { # REASON: the host JVM, telling the tests why there is no runtime
  local jh reason
  jh=$(java_home)
  reason=$(printf '%s' "$1" | tr -d "'" | tr '\n' ' ')
  reason=${reason//\\/}
  mkdir -p "$wrapper_home/bin"
  [ -f "$jh/release" ] && cp "$jh/release" "$wrapper_home/release"
  cat >"$wrapper_home/bin/java.tmp" <<WRAPPER
#!/bin/sh
# The OpenXR runtime could not be made ready (scripts/xr-runtime.sh): the host JVM, and the reason for the tests.
AIVERSE_XR_UNAVAILABLE='$reason' exec "$jh/bin/java" "\$@"
WRAPPER
  chmod +x "$wrapper_home/bin/java.tmp"
  mv "$wrapper_home/bin/java.tmp" "$wrapper_home/bin/java"
}

write_wrapper() {
  local jh
  jh=$(java_home)
  mkdir -p "$wrapper_home/bin"
  [ -f "$jh/release" ] && cp "$jh/release" "$wrapper_home/release"
  cat >"$wrapper_home/bin/java.tmp" <<EOF
#!/bin/sh
# Runs the JDK's java inside the trixie root, where the OpenXR runtime is (scripts/xr-runtime.sh).
dir=\$(pwd -P)
exec chroot "$root" /usr/bin/env XDG_RUNTIME_DIR=/run/xr XR_RUNTIME_JSON=$runtime_json \\
  /bin/sh -c 'cd "\$0" 2>/dev/null || cd /; exec "\$@"' "\$dir" "$jh/bin/java" "\$@"
EOF
  chmod +x "$wrapper_home/bin/java.tmp"
  mv "$wrapper_home/bin/java.tmp" "$wrapper_home/bin/java"
}

running() {
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

service_start() { # monado-service in the root (or here, when already inside it)
  local base="" controllers=""
  $in_root || base=$root
  mkdir -p "$run" "$base/run/xr"
  rm -rf "$base/run/xr"/*
  case "${AIVERSE_XR_CONTROLLERS:-simple}" in
    none) ;;
    *) controllers="SIMULATED_LEFT=${AIVERSE_XR_CONTROLLERS:-simple} SIMULATED_RIGHT=${AIVERSE_XR_CONTROLLERS:-simple}" ;;
  esac
  : >"$log"
  # stdin must be a pipe: with /dev/null monado-service exits at once (epoll_ctl(stdin) failed)
  if $in_root; then
    setsid /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
      XRT_COMPOSITOR_NULL=1 SIMULATED_ENABLE=1 XDG_RUNTIME_DIR=/run/xr $controllers \
      /bin/sh -c 'sleep infinity | exec monado-service' >"$log" 2>&1 </dev/null &
  else
    setsid chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
      XRT_COMPOSITOR_NULL=1 SIMULATED_ENABLE=1 XDG_RUNTIME_DIR=/run/xr $controllers \
      /bin/sh -c 'sleep infinity | exec monado-service' >"$log" 2>&1 </dev/null &
  fi
  echo $! >"$pidfile"
  for _ in $(seq 1 100); do
    if grep -q "The Monado service has started" "$log"; then
      echo "xr-runtime: Monado is running (process group $(cat "$pidfile"), log $log)"
      return 0
    fi
    running || break
    sleep 0.2
  done
  tail -20 "$log" >&2 || true
  service_stop
  echo "xr-runtime: monado-service did not start (log: $log)" >&2
  return 1
}

service_stop() { # kill the service's process group by the id saved at its start
  [ -f "$pidfile" ] || return 0
  local pg
  pg=$(cat "$pidfile")
  kill -TERM -- "-$pg" 2>/dev/null || true
  for _ in $(seq 1 25); do
    kill -0 -- "-$pg" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL -- "-$pg" 2>/dev/null || true
  rm -f "$pidfile"
}

start() {
  if running && grep -q "The Monado service has started" "$log" 2>/dev/null; then
    write_wrapper
    echo "xr-runtime: running (process group $(cat "$pidfile"))"
    return 0
  fi
  stop >/dev/null
  local out
  if ! out=$(build 2>&1); then
    echo "$out" >&2
    write_unavailable_wrapper "$(echo "$out" | tail -1)"
    exit 1
  fi
  [ -n "$out" ] && echo "$out"
  mount_all
  write_wrapper
  if ! service_start; then
    unmount_all
    write_unavailable_wrapper "monado-service did not start in $root (log: $log)"
    exit 1
  fi
}

stop() {
  service_stop
  unmount_all
  echo "xr-runtime: stopped"
}

status() {
  if running; then echo "running (process group $(cat "$pidfile"))"; else echo "stopped"; fi
  if [ -f "$root/.complete" ]; then echo "root: $root"; else echo "root: not built"; fi
  [ -x "$wrapper_home/bin/java" ] && echo "java wrapper: $wrapper_home/bin/java"
  return 0
}

case "${1:-status}" in
  build) build ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  java) echo "$wrapper_home/bin/java" ;;
  service-start) running || service_start ;;
  service-stop) service_stop && echo "xr-runtime: monado-service stopped" ;;
  *) fail "usage: $0 build|start|stop|status|java|service-start|service-stop" ;;
esac
