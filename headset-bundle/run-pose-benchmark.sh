#!/usr/bin/env bash
# Runs the head-pose benchmark (PoseBenchmark) against the real runtime, inside the trixie root:
#   headset-bundle/run-pose-benchmark.sh [SECONDS=20] [HZ=0 (follow xrWaitFrame unpaced)]
set -euo pipefail
cd "$(dirname "$0")/.."
# leave the runtime as it was found: stop it afterwards only if this run started it
if ! scripts/xr-runtime.sh status | grep -q '^running'; then
  trap 'scripts/xr-runtime.sh stop >/dev/null' EXIT
fi
scripts/xr-runtime.sh start
mvn -o -q test-compile -pl headset-bundle/org.aiverse.headset -am -Dcheckstyle.skip -Dspotless.check.skip=true
m2=${HOME:-/root}/.m2/repository
cp=headset-bundle/org.aiverse.headset/target/test-classes:headset-bundle/org.aiverse.headset/target/classes
cp=$cp:bundles/org.aiverse.contracts/target/classes:adapter-bundles/org.aiverse.adapter.sdk/target/classes
cp=$cp:$m2/org/slf4j/slf4j-api/1.7.36/slf4j-api-1.7.36.jar:$m2/org/slf4j/slf4j-simple/1.7.36/slf4j-simple-1.7.36.jar
cp=$cp:$m2/com/fasterxml/jackson/core/jackson-annotations/2.17.3/jackson-annotations-2.17.3.jar
"$(scripts/xr-runtime.sh java)" -cp "$cp" org.aiverse.headset.internal.PoseBenchmark "${1:-20}" "${2:-0}" 2>&1 |
  sed -n '/OpenXR pose benchmark/,$p'
