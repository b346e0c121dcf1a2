#!/usr/bin/env bash
# Benchmark: task dispatch for the rendition workers, today's consumer group (partitions paused while a task runs, one
# task in hand per worker) against a Kafka share group (KIP-932: any idle worker takes the next record, explicit
# ACCEPT, acquisition-lock renewal), on the embedded KRaft broker with the real Kafka clients, one JVM per worker.
# Scenarios: stragglers (makespan against the ideal, p95 wait), crash (a worker SIGKILLed mid-task), freeze (a worker
# SIGSTOPped mid-task: a hung node), scale-out (a worker joining mid-run). Each run plays every scenario in both
# modes on the same seeded workload, alternating which goes first; prints per-run figures on stderr, then the
# medians and share/consumer-group ratios as a Markdown table for docs/benchmarks.md on stdout.
# The code: launcher/src/test/java/io/vwmedia/launcher/trial/ (ShareGroupTrial, TrialWorker).
#
#   bench/share-groups.sh [--runs 3] [--tasks 32] [--workers 4] [--partitions 12] [--share-partitions 1] [--stragglers 3]
#                         [--session-ms 45000] [--lock-ms 15000] [--scenarios stragglers,crash,freeze,scale-out]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/bin/lib/ensure-tools.sh"
vw_ensure_tools
WORK="$(mktemp -d /tmp/vw-share-groups.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

echo "compiling the launcher's tests and listing their class path (nothing installed)..." >&2
# -am builds the sibling modules in this reactor, so their target/classes are on the class path; the launcher,
# built last, writes the file last
(cd "$ROOT" && mvn -q -B -ntp -pl launcher -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" >&2)
CP="$ROOT/launcher/target/test-classes:$ROOT/launcher/target/classes:$(cat "$WORK/cp.txt")"
java -Xmx1g -cp "$CP" io.vwmedia.launcher.trial.ShareGroupTrial "$@"
