#!/usr/bin/env bash
# The cluster simulation in one command (docs/scaling.md): a discrete-event model of uploads planned into rung or chunk
# tasks on Kafka and KEDA-scaled CPU (x264, speeds measured here: bench/data/encode-speed.tsv) and GPU (NVENC, published
# figures: bench/data/nvenc-speed.tsv) worker pools. Builds the simulation module on first use (offline when it can).
#
#   bench/simulate.sh run  [OPTIONS]      one run: time to first playable and to published (p50/p95/p99), utilisation,
#                                         worker-hours per asset-hour (--json for one JSON object, --queue-csv FILE)
#   bench/simulate.sh size [OPTIONS]      the fewest pods of one pool that meet --target-p95-s
#   bench/simulate.sh run --help          every parameter, with its default
#
# e.g. bench/simulate.sh run --source-hours-per-day 1000 --cpu-pods 200 --dispatch share-group --chunking
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/simulation/target/vw-media-simulation.jar"
if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/simulation/src/main" "$ROOT/simulation/pom.xml" -newer "$JAR" -print -quit)" ]; then
  echo "simulate: building the simulation module..." >&2
  (cd "$ROOT" && { mvn -o -q -B -pl simulation -am package -DskipTests >&2 || mvn -q -B -ntp -pl simulation -am package -DskipTests >&2; })
fi
if [ $# -eq 0 ]; then
  set -- --help
elif [ "${1#-}" != "$1" ] && [ "$1" != "--help" ] && [ "$1" != "-h" ] && [ "$1" != "--version" ]; then
  set -- run "$@"
fi
exec java -Dvw.simulation.root="$ROOT" -jar "$JAR" "$@"
