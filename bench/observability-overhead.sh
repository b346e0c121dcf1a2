#!/usr/bin/env bash
# Benchmark: what observability costs. `vw-media run` on one clip with the build of a baseline revision (before
# meters, observer, analytics and alerts existed) against this tree's build, as it ships (Prometheus registry,
# observer, lag gauge) and with every collector on (Datadog, Segment and Slack pointed at a local sink that answers
# 200). Runs alternate, so load on the machine falls on all three alike. Prints the median wall time of each and
# its ratio to the baseline.
#
#   bench/observability-overhead.sh [BASELINE_REV] [RUNS]      (defaults: 6ea2269 3)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/bin/lib/ensure-tools.sh"
vw_ensure_tools
command -v python3 >/dev/null 2>&1 || vw_apt_install python3
BASE="${1:-6ea2269}"
RUNS="${2:-3}"
WORK="$(mktemp -d /tmp/vw-obs-bench.XXXXXX)"
cleanup() { kill "${SINK_PID:-0}" 2>/dev/null || true; git -C "$ROOT" worktree remove --force "$WORK/base" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

echo "building the baseline $BASE and this tree (mvn package, nothing installed)..." >&2
git -C "$ROOT" worktree add -q --detach "$WORK/base" "$BASE"
(cd "$WORK/base" && mvn -q -B -ntp package -DskipTests >&2)
(cd "$ROOT" && mvn -q -B -ntp package -DskipTests >&2)
mkdir -p "$WORK/jar-base" "$WORK/jar-new"
cp -r "$WORK/base/launcher/target/vw-media.jar" "$WORK/base/launcher/target/lib" "$WORK/jar-base/"
cp -r "$ROOT/launcher/target/vw-media.jar" "$ROOT/launcher/target/lib" "$WORK/jar-new/"

echo "generating a 30 s 1080p30 clip..." >&2
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=1920x1080:rate=30:duration=30" \
  -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=30" -c:v libx264 -preset veryfast -crf 18 \
  -pix_fmt yuv420p -c:a aac -shortest "$WORK/clip.mp4"

# a sink answering 200 to anything, standing in for Datadog, Segment and Slack
python3 - "$WORK/port" <<'PY' &
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200); self.send_header("Content-Length", "2"); self.end_headers(); self.wfile.write(b"{}")
    def log_message(self, *a): pass
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
open(sys.argv[1], "w").write(str(s.server_port))
s.serve_forever()
PY
SINK_PID=$!
while [ ! -s "$WORK/port" ]; do sleep 0.1; done
SINK="http://127.0.0.1:$(cat "$WORK/port")"

run() { # variant, index
  local jar="$WORK/jar-new/vw-media.jar" extra=()
  [ "$1" = baseline ] && jar="$WORK/jar-base/vw-media.jar"
  [ "$1" = collectors ] && extra=(-s "vw.metrics.datadog.api-key=bench" -s "vw.metrics.datadog.uri=$SINK"
    -s "vw.metrics.datadog.step=10s" -s "vw.analytics.segment.write-key=bench" -s "vw.analytics.segment.endpoint=$SINK"
    -s "vw.alerts.slack.webhook-url=$SINK/services/x")
  local t0 t1
  t0=$(date +%s.%N)
  java -Xmx2g -jar "$jar" run --json --data-dir "$WORK/data-$1-$2" "${extra[@]}" "$WORK/clip.mp4" >/dev/null 2>"$WORK/log-$1-$2"
  t1=$(date +%s.%N)
  echo "$1 $(echo "$t1 - $t0" | bc)" >> "$WORK/times"
  echo "$1 run $2: $(echo "$t1 - $t0" | bc) s" >&2
}
for i in $(seq 1 "$RUNS"); do
  for v in baseline shipped collectors; do run "$v" "$i"; done
done
python3 - "$WORK/times" "$BASE" <<'PY'
import statistics, sys
times = {}
for line in open(sys.argv[1]):
    v, t = line.split(); times.setdefault(v, []).append(float(t))
base = statistics.median(times["baseline"])
print(f"| build | runs | median wall time | ratio to {sys.argv[2]} |")
print("|---|---:|---:|---:|")
for v in ("baseline", "shipped", "collectors"):
    m = statistics.median(times[v])
    print(f"| {v} | {len(times[v])} | {m:.1f} s | {m / base:.3f} |")
PY
