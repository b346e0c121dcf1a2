# Waits until the machine is quiet: the 1-minute load average below BENCH_QUIET_LOAD (1.0), checked every 15 s, for at
# most BENCH_QUIET_WAIT seconds (1800). Benchmarks that time CPU work source this and call vw_wait_quiet; it prints the
# load it started at (and says so when the wait ran out) on stderr, and leaves it in BENCH_LOAD for the results.
vw_load1() { cut -d' ' -f1 /proc/loadavg; }
vw_wait_quiet() {
  local limit="${BENCH_QUIET_LOAD:-1.0}" wait="${BENCH_QUIET_WAIT:-1800}" waited=0
  while awk -v l="$(vw_load1)" -v m="$limit" 'BEGIN { exit !(l >= m) }'; do
    if [ "$waited" -ge "$wait" ]; then
      echo "# the machine was not quiet within ${wait} s (1-minute load $(vw_load1) >= $limit): measuring anyway" >&2
      break
    fi
    [ $((waited % 120)) -eq 0 ] && echo "# waiting for a quiet machine: 1-minute load $(vw_load1) (>= $limit), ${waited} s so far" >&2
    sleep 15
    waited=$((waited + 15))
  done
  BENCH_LOAD="$(vw_load1)"

  echo "# 1-minute load at the start: $BENCH_LOAD (waited ${waited} s)" >&2
}
