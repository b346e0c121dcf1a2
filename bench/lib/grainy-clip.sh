# The clip bench/startup.sh and bench/first-playable.sh publish: 20 s of 1080p30 testsrc2 under light grain (so every
# rung spends its bitrate, and decoding it is heavy: CRF 16, about 430 MB) with a tone. vw_grainy_clip OUT writes it.
vw_grainy_clip() {
  echo "generating a 20 s 1080p30 clip (testsrc2 under light grain, so rungs spend their bitrates) + tone..." >&2
  ffmpeg -hide_banner -loglevel error -y \
    -f lavfi -i "testsrc2=size=1920x1080:rate=30:duration=20" \
    -f lavfi -i "sine=frequency=440:beep_factor=4:sample_rate=48000:duration=20" \
    -vf "noise=alls=12:allf=t" -c:v libx264 -preset veryfast -crf 16 -pix_fmt yuv420p -c:a aac -b:a 192k -shortest \
    "$1"
}

# Builds vw-media and runs a copy of the jar just built (whatever is rebuilt in the tree while a bench runs) from
# WORK/app: sets VW_NO_BUILD and VW_JAR for bin/vw-media.
vw_bench_jar() {
  local root="$1" work="$2"
  (cd "$root" && mvn -q -B -ntp install -DskipTests >&2)
  mkdir -p "$work/app" && cp -r "$root/launcher/target/vw-media.jar" "$root/launcher/target/lib" "$work/app/"
  export VW_NO_BUILD=1 VW_JAR="$work/app/vw-media.jar"
}
