# Shared by the benchmarks that time or weigh `vw-media run` on a generated clip (overhead.sh, memory.sh).
#   vw_bench_jar ROOT WORK          sets VW_JAR: VW_JAR if given, else this tree's build, copied into WORK/app
#   vw_bench_clip WORK SECONDS      writes WORK/clip.mp4: testsrc2 1080p30 + a beeping tone, SECONDS long
vw_bench_jar() {
  local root="$1" work="$2"
  if [ -z "${VW_JAR:-}" ]; then
    (cd "$root" && { mvn -o -q -B -pl launcher -am install -DskipTests >&2 || mvn -q -B -ntp -pl launcher -am install -DskipTests >&2; })
    mkdir -p "$work/app" && cp -r "$root/launcher/target/vw-media.jar" "$root/launcher/target/lib" "$work/app/"
    VW_JAR="$work/app/vw-media.jar"
  fi
}
vw_bench_clip() {
  local work="$1" seconds="$2"
  ffmpeg -v error -y -f lavfi -i "testsrc2=size=1920x1080:rate=30:duration=$seconds" \
    -f lavfi -i "sine=frequency=440:beep_factor=4:sample_rate=48000:duration=$seconds" \
    -c:v libx264 -preset veryfast -crf 18 -pix_fmt yuv420p -c:a aac -b:a 192k -shortest "$work/clip.mp4"
}
