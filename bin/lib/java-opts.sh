# The JVM options bin/vw-media starts a command with, for it and for the benchmarks that report them.
#
# `run` is a one-shot process of a minute or so whose Java side orchestrates FFmpeg: the C1 compiler alone
# (-XX:TieredStopAtLevel=1) starts it sooner and leaves the cores to FFmpeg, where C2 spends ~12 % of a core compiling
# code a short process barely reuses (docs/benchmarks.md, "Start-up, per-asset overhead and memory"). The long-lived
# commands (serve, topology, worker) keep the JVM's tiered compilation. VW_JAVA_OPTS replaces both defaults.
#
#   vw_java_opts COMMAND     prints the options, space-separated
vw_java_opts() {
  if [ -n "${VW_JAVA_OPTS:-}" ]; then
    echo "$VW_JAVA_OPTS"
  elif [ "${1:-}" = run ]; then
    echo "-Xmx2g -XX:TieredStopAtLevel=1"
  else
    echo "-Xmx2g"
  fi
}
