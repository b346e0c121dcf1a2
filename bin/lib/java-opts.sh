# The JVM options bin/vw-media starts a command with, for it and for the benchmarks that report them.
#
# `run` is a one-shot process of a minute or so whose Java side orchestrates FFmpeg: the C1 compiler alone
# (-XX:TieredStopAtLevel=1) starts it sooner and leaves the cores to FFmpeg, where C2 spends ~12 % of a core compiling
# code a short process barely reuses (docs/benchmarks.md, "Start-up, per-asset overhead and memory"). Its heap is capped
# at 256 MB: with 2 GB allowed, G1 grows the heap to ~570 MB for a live set that fits in 256 (the whole process then
# peaks at 483-612 MB, against 415-457 MB at 256 MB, a 40 s 2160p upload included), and the encode throughput is the
# same (docs/benchmarks.md, "Where the memory goes"). The long-lived commands (serve, topology, worker) keep the
# JVM's tiered compilation and a 2 GB heap. VW_JAVA_OPTS replaces both defaults.
#
#   vw_java_opts COMMAND     prints the options, space-separated
vw_java_opts() {
  if [ -n "${VW_JAVA_OPTS:-}" ]; then
    echo "$VW_JAVA_OPTS"
  elif [ "${1:-}" = run ]; then
    echo "-Xmx256m -XX:TieredStopAtLevel=1"
  else
    echo "-Xmx2g"
  fi
}
