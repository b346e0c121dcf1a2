package io.vwmedia.launcher.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.vwmedia.config.Settings;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungSpec;
import io.vwmedia.events.RungStatus;
import io.vwmedia.events.Segment;
import io.vwmedia.ffmpeg.encode.X264Encoder;
import io.vwmedia.ffmpeg.probe.SourceInfo;
import io.vwmedia.ffmpeg.probe.SourceProber;
import io.vwmedia.ffmpeg.source.SourcePolicy;
import io.vwmedia.launcher.Media;
import io.vwmedia.storage.LocalObjectStore;
import io.vwmedia.storage.SegmentTimeline;
import io.vwmedia.topology.plan.RenditionTasks;
import io.vwmedia.topology.plan.RungPlan;
import io.vwmedia.topology.plan.RungPlanner;
import io.vwmedia.topology.template.LadderTemplate.AudioRung;
import io.vwmedia.topology.template.LadderTemplate.VideoRung;
import io.vwmedia.topology.template.LadderTemplate;
import io.vwmedia.worker.RungTranscoder;
import io.vwmedia.worker.WorkerConfig;
import io.vwmedia.worker.cmaf.CmafInspector;
import io.vwmedia.worker.cmaf.FragmentInfo;
import io.vwmedia.worker.cmaf.TrackInfo;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real-world source kinds, each generated with FFmpeg in the test, probed, planned and encoded for real; the
 * output is checked for rung set, even dimensions, display aspect, frame rate, 8-bit SDR BT.709 progressive
 * pictures, and keyframe-aligned segments across rungs. A small ladder (144p/240p/360p, 2-second segments)
 * keeps it quick while still aligning three rungs; its 144p rung is capped at 30 fps, so 50 and 60 fps sources
 * also show rungs at different frame rates lining up.
 */
class SourceKindsTest {

  static final LadderTemplate SMALL = new LadderTemplate("test-small", 1, "three small rungs for source tests", 2, 2, 60,
      List.of(
          new VideoRung("144p", 144, "h264", "high", "3.0", 200, 300, 400, 30.0),
          new VideoRung("240p", 240, "h264", "high", "3.0", 400, 600, 800),
          new VideoRung("360p", 360, "h264", "high", "3.0", 700, 1050, 1400)),
      new AudioRung("audio", "aac", "aac_low", 96, 2, 48000));

  @TempDir static Path dir;

  /** What a source kind must come out as. */
  record Expect(List<String> rungs, double displayAspect, double fps, boolean audio) {}

  static final List<String> ALL = List.of("144p", "240p", "360p");
  static final String T = "testsrc2=size=640x360:rate=25:duration=3";
  static final String TONE = "sine=frequency=440:sample_rate=48000:duration=3";

  static Stream<Arguments> kinds() {
    return Stream.of(
        kind("portrait 360x640 H.264", new Expect(ALL, 360.0 / 640, 25, false),
            "-f", "lavfi", "-i", "testsrc2=size=360x640:rate=25:duration=3", "-c:v", "libx264", "-pix_fmt", "yuv420p", "portrait.mp4"),
        kind("rotated 90 degrees by the display matrix", new Expect(ALL, 360.0 / 640, 25, false),
            "ROTATE", "landscape.mp4", "rotated.mov"),
        kind("odd dimensions 641x361 MJPEG in MOV", new Expect(ALL, 641.0 / 361, 25, false),
            "-f", "lavfi", "-i", "testsrc2=size=641x361:rate=25:duration=3", "-c:v", "mjpeg", "-pix_fmt", "yuvj444p", "odd.mov"),
        kind("non-square pixels 720x576 SAR 64:45", new Expect(ALL, 1024.0 / 576, 25, false),
            "-f", "lavfi", "-i", "testsrc2=size=720x576:rate=25:duration=3", "-vf", "setsar=64/45", "-c:v", "libx264", "-pix_fmt", "yuv420p", "sar.mkv"),
        kind("interlaced 720x576i in MPEG-TS", new Expect(ALL, 720.0 / 576, 25, false),
            "-f", "lavfi", "-i", "testsrc2=size=720x576:rate=25:duration=3", "-vf", "setfield=tff", "-c:v", "libx264",
            "-flags", "+ildct+ilme", "-x264-params", "tff=1", "-pix_fmt", "yuv420p", "interlaced.ts"),
        kind("variable frame rate", new Expect(ALL, 16.0 / 9, 30, false),
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30:duration=3", "-vf", "select='lt(mod(n\\,7)\\,4)'",
            "-fps_mode", "vfr", "-c:v", "libx264", "-pix_fmt", "yuv420p", "vfr.mkv"),
        kind("50 fps", new Expect(ALL, 16.0 / 9, 50, false),
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=50:duration=3", "-c:v", "libx264", "-pix_fmt", "yuv420p", "fps50.mp4"),
        kind("59.94 fps", new Expect(ALL, 16.0 / 9, 60000.0 / 1001, false),
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=60000/1001:duration=3", "-c:v", "libx264", "-pix_fmt", "yuv420p", "fps5994.mp4"),
        kind("60 fps", new Expect(ALL, 16.0 / 9, 60, false),
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=60:duration=3", "-c:v", "libx264", "-pix_fmt", "yuv420p", "fps60.mp4"),
        kind("10-bit H.264", new Expect(ALL, 16.0 / 9, 25, false),
            "-f", "lavfi", "-i", T, "-c:v", "libx264", "-pix_fmt", "yuv420p10le", "tenbit.mp4"),
        kind("HDR10 (PQ) 10-bit HEVC in MKV", new Expect(ALL, 16.0 / 9, 25, false),
            "-f", "lavfi", "-i", T, "-c:v", "libx265", "-pix_fmt", "yuv420p10le", "-color_primaries", "bt2020",
            "-color_trc", "smpte2084", "-colorspace", "bt2020nc", "-x265-params", "log-level=error", "hdr10.mkv"),
        kind("HLG 10-bit HEVC in MP4", new Expect(ALL, 16.0 / 9, 25, false),
            "-f", "lavfi", "-i", T, "-c:v", "libx265", "-pix_fmt", "yuv420p10le", "-color_primaries", "bt2020",
            "-color_trc", "arib-std-b67", "-colorspace", "bt2020nc", "-tag:v", "hvc1", "-x265-params", "log-level=error", "hlg.mp4"),
        kind("VP9 and Opus in WebM", new Expect(ALL, 16.0 / 9, 25, true),
            "-f", "lavfi", "-i", T, "-f", "lavfi", "-i", TONE, "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8",
            "-c:a", "libopus", "vp9.webm"),
        kind("AV1 in MP4", new Expect(ALL, 16.0 / 9, 25, false),
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=2", "-c:v", "libaom-av1", "-cpu-used", "8", "-usage", "realtime", "av1.mp4"),
        kind("ProRes in MOV", new Expect(ALL, 16.0 / 9, 25, false),
            "-f", "lavfi", "-i", T, "-c:v", "prores_ks", "-profile:v", "0", "prores.mov"),
        kind("MJPEG in AVI", new Expect(ALL, 16.0 / 9, 25, false),
            "-f", "lavfi", "-i", T, "-c:v", "mjpeg", "mjpeg.avi"),
        kind("H.264 and AAC in MPEG-TS", new Expect(ALL, 16.0 / 9, 25, true),
            "-f", "lavfi", "-i", T, "-f", "lavfi", "-i", TONE, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "h264.ts"),
        kind("two audio tracks, the first is published", new Expect(ALL, 16.0 / 9, 25, true),
            "-f", "lavfi", "-i", T, "-f", "lavfi", "-i", TONE, "-f", "lavfi", "-i", "sine=frequency=880:sample_rate=44100:duration=3",
            "-map", "0", "-map", "1", "-map", "2", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "twoaudio.mkv"),
        kind("very short clip, 0.4 s", new Expect(ALL, 16.0 / 9, 25, false),
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=0.4", "-c:v", "libx264", "-pix_fmt", "yuv420p", "short.mp4"),
        kind("smaller than every rung, 320x180", new Expect(List.of("144p"), 16.0 / 9, 25, false),
            "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=3", "-c:v", "libx264", "-pix_fmt", "yuv420p", "small.mp4"));
  }

  static Arguments kind(String name, Expect expect, String... ffmpegArgs) {
    return Arguments.of(name, expect, List.of(ffmpegArgs));
  }

  @BeforeAll
  static void landscapeForRotation() throws Exception {
    Media.generate(dir.resolve("landscape.mp4"), "testsrc2=size=640x360:rate=25", 3, false);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void publishesEverySourceKindAsAnAlignedSdrLadder(String name, Expect expect, List<String> ffmpegArgs) throws Exception {
    Path source = generate(ffmpegArgs);
    SourceInfo info = new SourceProber("ffprobe", Duration.ofSeconds(30), SourcePolicy.filesUnder(dir)).probe(source.toUri().toString());
    RungPlan plan = new RungPlanner().plan(SMALL, info);

    List<String> expectedRungs = new ArrayList<>(expect.rungs());
    if (expect.audio()) expectedRungs.add("audio");
    assertThat(plan.encode()).extracting(RungSpec::getName).containsExactlyElementsOf(expectedRungs);

    Path storage = dir.resolve("storage-" + source.getFileName());
    RungTranscoder transcoder = new RungTranscoder(
        WorkerConfig.from(Settings.of(Map.of("vw.worker.work-dir", dir.resolve("work").toString(), "vw.source.file-roots", dir.toString()))),
        new X264Encoder("superfast", 0), new LocalObjectStore(storage), Clock.systemUTC());
    List<RenditionResult> video = new ArrayList<>();
    for (RungSpec rung : plan.encode()) {
      RenditionResult result = transcoder.transcode(
          RenditionTasks.forRung("a", "c", source.toUri().toString(), info, rung, Instant.now()), (a, r, f) -> {});
      assertThat(result.getStatus()).as("%s %s: %s", name, rung.getName(), result.getError()).isEqualTo(RungStatus.DONE);
      if (rung.getKind() == RungKind.VIDEO) {
        video.add(result);
        checkPicture(storage, result, expect);
      } else {
        checkAudio(storage, result);
      }
    }
    checkAligned(storage, video);
  }

  private static void checkPicture(Path storage, RenditionResult r, Expect expect) throws Exception {
    String rung = r.getRung().getName();
    int shortSide = Integer.parseInt(rung.replace("p", ""));
    assertThat(r.getWidth() % 2).as("%s even width", rung).isZero();
    assertThat(r.getHeight() % 2).as("%s even height", rung).isZero();
    assertThat(Math.min(r.getWidth(), r.getHeight())).as("%s short side", rung).isEqualTo(shortSide);
    assertThat((double) r.getWidth() / r.getHeight()).as("%s display aspect", rung).isCloseTo(expect.displayAspect(), within(0.02));

    Path folder = storage.resolve(r.getOutputPrefix());
    TrackInfo track = CmafInspector.readInit(folder.resolve("init.mp4"));
    FragmentInfo first = CmafInspector.readSegment(folder.resolve(segments(storage, r).get(0).getFile()), track);
    double fps = first.sampleCount() * (double) track.timescale() / first.duration();
    double expected = rung.equals("144p") && expect.fps() > 30.001 ? expect.fps() / Math.ceil(expect.fps() / 30 - 1e-6) : expect.fps();
    assertThat(fps).as("%s frame rate", rung).isCloseTo(expected, within(0.05));

    Path joined = folder.resolve("joined.mp4");
    try (OutputStream out = Files.newOutputStream(joined)) {
      Files.copy(folder.resolve("init.mp4"), out);
      Files.copy(folder.resolve(segments(storage, r).get(0).getFile()), out);
    }
    JsonNode stream = Media.ffprobe("-select_streams", "v:0", "-show_streams", joined.toString()).path("streams").get(0);
    assertThat(stream.path("pix_fmt").asText()).as("%s 8-bit 4:2:0", rung).isEqualTo("yuv420p");
    assertThat(stream.path("color_transfer").asText()).as("%s SDR", rung).isEqualTo("bt709");
    assertThat(stream.path("color_primaries").asText()).isEqualTo("bt709");
    assertThat(stream.path("sample_aspect_ratio").asText("1:1")).isIn("1:1", "N/A");
    assertThat(stream.path("field_order").asText("progressive")).isIn("progressive", "unknown");
    assertThat(stream.path("side_data_list").toString()).as("%s no rotation left", rung).doesNotContain("rotation");
    assertThat(stream.path("width").asInt()).isEqualTo(r.getWidth());
  }

  /** The segments of a DONE rung, from the timeline the worker stored beside them. */
  private static List<Segment> segments(Path storage, RenditionResult r) {
    return SegmentTimeline.read(new LocalObjectStore(storage), r.getTimeline()).segments();
  }

  private static void checkAudio(Path storage, RenditionResult r) throws Exception {
    assertThat(r.getCodecs()).isEqualTo("mp4a.40.2");
    TrackInfo track = CmafInspector.readInit(storage.resolve(r.getOutputPrefix()).resolve("init.mp4"));
    assertThat(track.channels()).isEqualTo(2);
    assertThat(track.sampleRate()).isEqualTo(48000);
    assertThat((double) r.getDurationTicks() / r.getTimescale()).isCloseTo(3.0, within(0.1));
  }

  /**
   * Every rung has the same segment boundaries on its own presentation timeline, each segment starting on a
   * keyframe. Boundaries are measured from the rung's first presentation time: B-frame reordering delays a rung by
   * two frames, 80 ms at 25 fps but 40 ms at 50 fps, and the edit list (HLS) and presentationTimeOffset (DASH)
   * take that out. The last segment's length is a tail, not a boundary.
   */
  private static void checkAligned(Path storage, List<RenditionResult> video) throws Exception {
    List<String> reference = null;
    for (RenditionResult r : video) {
      List<String> boundaries = new ArrayList<>();
      Path folder = storage.resolve(r.getOutputPrefix());
      TrackInfo track = CmafInspector.readInit(folder.resolve("init.mp4"));
      long origin = segments(storage, r).get(0).getStart();
      for (Segment s : segments(storage, r)) {
        boundaries.add(String.format("%.3f", (double) (s.getStart() - origin) / r.getTimescale()));
        assertThat(CmafInspector.readSegment(folder.resolve(s.getFile()), track).startsWithSyncSample())
            .as("%s %s starts with a keyframe", r.getRung().getName(), s.getFile()).isTrue();
      }
      if (reference == null) {
        reference = boundaries;
      } else {
        assertThat(boundaries).as("%s segment boundaries line up with the first rung", r.getRung().getName()).isEqualTo(reference);
      }
    }
  }

  private static Path generate(List<String> args) throws Exception {
    if (args.get(0).equals("ROTATE")) {
      Path out = dir.resolve(args.get(2));
      run(List.of("-i", dir.resolve(args.get(1)).toString(), "-c", "copy", "-metadata:s:v:0", "rotate=90", out.toString()));
      return out;
    }
    List<String> withOut = new ArrayList<>(args.subList(0, args.size() - 1));
    Path out = dir.resolve(args.get(args.size() - 1));
    withOut.add(out.toString());
    run(withOut);
    return out;
  }

  private static void run(List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y"));
    cmd.addAll(args);
    assertThat(new ProcessBuilder(cmd).inheritIO().start().waitFor()).as("ffmpeg %s", args).isZero();
  }
}
