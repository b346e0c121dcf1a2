package io.vwmedia.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.config.Settings;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungSpec;
import io.vwmedia.events.RungStatus;
import io.vwmedia.events.Segment;
import io.vwmedia.ffmpeg.encode.X264Encoder;
import io.vwmedia.storage.LocalObjectStore;
import io.vwmedia.storage.SegmentTimeline;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live segments with real FFmpeg: a 720p rung and the audio encoded together (x264 {@code medium}, so the encode lasts
 * some seconds), their segments stored and reported while FFmpeg runs. Each report describes only whole segments
 * already in the store, each report's segments are the finished rung's first ones, and the finished rung is the same
 * files in the same folder.
 */
class LiveSegmentsTest {

  @TempDir static Path dir;
  static Path source;

  @BeforeAll
  static void generateSource() throws Exception {
    source = dir.resolve("source.mp4");
    Process p = new ProcessBuilder(
            "ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25:duration=21",
            "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000:duration=21",
            "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", source.toString())
        .inheritIO()
        .start();
    assertThat(p.waitFor()).isZero();
  }

  /** One report as the store held it when it came: each segment's file name and digest, the init's digest. */
  record Seen(RenditionResult report, Map<String, String> segments, String init) {}

  @Test
  void storesAndReportsEachSegmentWhileFfmpegRunsThenFinishesTheRungInTheSameFolder() throws Exception {
    LocalObjectStore store = new LocalObjectStore(dir.resolve("store"));
    RungTranscoder transcoder = transcoder(store, true);
    List<Seen> seen = new CopyOnWriteArrayList<>();
    List<RenditionTask> tasks = List.of(task(video()), task(audio()));

    List<RenditionResult> results = transcoder.transcodeGroup(tasks, ProgressListener.NONE,
        report -> seen.add(asStored(store, report)));

    for (RenditionResult done : results) {
      String rung = done.getRung().getName();
      List<Seen> reports = seen.stream().filter(s -> s.report().getRung().getName().equals(rung)).toList();
      Map<String, String> finished = digests(store, done);
      assertThat(done.getStatus()).isEqualTo(RungStatus.DONE);
      assertThat(reports).as("%s reported while FFmpeg ran, more than once", rung).hasSizeGreaterThan(1);
      int before = 0;
      for (Seen s : reports) {
        assertThat(s.report().getStatus()).isEqualTo(RungStatus.ENCODING);
        assertThat(s.report().getOutputPrefix()).as("the folder the rung is finished in").isEqualTo(done.getOutputPrefix());
        assertThat(s.segments().size()).as("each report has more segments than the one before").isGreaterThan(before);
        assertThat(s.report().getSegmentCount()).isEqualTo(s.segments().size());
        assertThat(s.segments()).as("whole segments: the finished rung's first ones, byte for byte")
            .containsExactlyEntriesOf(firstOf(finished, s.segments().size()));
        assertThat(s.init()).isEqualTo(digest(store, done.getOutputPrefix() + done.getInitSegment()));
        before = s.segments().size();
      }
    }
  }

  @Test
  void reportsNothingWithLiveSegmentsOff() throws Exception {
    LocalObjectStore store = new LocalObjectStore(dir.resolve("store-off"));
    List<RenditionResult> reports = new CopyOnWriteArrayList<>();

    List<RenditionResult> results = transcoder(store, false)
        .transcodeGroup(List.of(task(video()), task(audio())), ProgressListener.NONE, reports::add);

    assertThat(results).extracting(RenditionResult::getStatus).containsOnly(RungStatus.DONE);
    assertThat(reports).isEmpty();
  }

  /** The report as the store holds it now: the segments it counts, by name and digest, and its init's digest. */
  private static Seen asStored(LocalObjectStore store, RenditionResult report) {
    return new Seen(report, firstOf(digests(store, report), report.getSegmentCount()),
        digest(store, report.getOutputPrefix() + report.getInitSegment()));
  }

  /** Every segment the result's timeline file lists, by name, with the digest of the file stored beside it. */
  private static Map<String, String> digests(LocalObjectStore store, RenditionResult result) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Segment s : SegmentTimeline.read(store, result.getTimeline()).segments()) {
      out.put(s.getFile(), digest(store, result.getOutputPrefix() + s.getFile()));
    }
    return out;
  }

  private static Map<String, String> firstOf(Map<String, String> all, int n) {
    Map<String, String> out = new LinkedHashMap<>();
    all.entrySet().stream().limit(n).forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** SHA-256 of a stored file; a file missing from the store fails the test where it is read. */
  private static String digest(LocalObjectStore store, String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(store.read(key)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private RungTranscoder transcoder(LocalObjectStore store, boolean live) {
    WorkerConfig config = WorkerConfig.from(Settings.of(Map.of(
        "vw.worker.live-segments", Boolean.toString(live),
        "vw.worker.first-rung-first", "false",
        "vw.worker.work-dir", dir.resolve("work").toString(),
        "vw.source.file-roots", dir.toString())));
    return new RungTranscoder(config, new X264Encoder("medium", 0), store, Clock.systemUTC());
  }

  private static RenditionTask task(RungSpec rung) {
    return RenditionTask.newBuilder()
        .setAssetId("live1")
        .setCorrelationId("c1")
        .setSourceUri(source.toUri().toString())
        .setSourceDurationSeconds(21)
        .setRung(rung)
        .setOutputPrefix("assets/live1/" + rung.getName() + "/")
        .setIssuedAt(Instant.now())
        .build();
  }

  private static RungSpec video() {
    return RungSpec.newBuilder()
        .setName("720p").setKind(RungKind.VIDEO).setCodec("h264").setProfile("high").setLevel("3.1")
        .setWidth(1280).setHeight(720).setFrameRate(25)
        .setBitrateKbps(2500).setMaxBitrateKbps(3500).setBufferKbits(5000)
        .setGopSeconds(2).setSegmentSeconds(4).setFirstSegmentSeconds(1)
        .build();
  }

  private static RungSpec audio() {
    return RungSpec.newBuilder()
        .setName("audio").setKind(RungKind.AUDIO).setCodec("aac").setProfile("aac_low")
        .setBitrateKbps(128).setMaxBitrateKbps(128).setBufferKbits(0)
        .setGopSeconds(2).setSegmentSeconds(4).setFirstSegmentSeconds(1)
        .setAudioChannels(2).setAudioSampleRate(48000)
        .build();
  }
}
