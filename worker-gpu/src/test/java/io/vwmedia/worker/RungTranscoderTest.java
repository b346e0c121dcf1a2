package io.vwmedia.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vwmedia.config.Settings;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungSpec;
import io.vwmedia.events.RungStatus;
import io.vwmedia.events.Segment;
import io.vwmedia.ffmpeg.encode.EncoderSelection;
import io.vwmedia.ffmpeg.encode.NvencEncoder;
import io.vwmedia.ffmpeg.encode.X264Encoder;
import io.vwmedia.observability.alerts.Alert;
import io.vwmedia.observability.alerts.AlertKind;
import io.vwmedia.storage.LocalObjectStore;
import io.vwmedia.storage.SegmentTimeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RungTranscoderTest {

  @TempDir static Path dir;
  static Path source;
  /** Where the last transcoder made by this test stores, to read the timelines of its results from. */
  LocalObjectStore store;

  @BeforeAll
  static void generateSource() throws Exception {
    // 9 s of 640x360 at 25 fps with a 1 kHz tone: three 4 s segments expected (4 + 4 + 1)
    source = dir.resolve("source.mp4");
    Process p = new ProcessBuilder(
            "ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=9",
            "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000:duration=9",
            "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", source.toString())
        .inheritIO()
        .start();
    assertThat(p.waitFor()).isZero();
  }

  private RungTranscoder transcoder(Path storage, String ffmpeg) {
    return transcoder(storage, ffmpeg, Map.of());
  }

  private RungTranscoder transcoder(Path storage, String ffmpeg, Map<String, String> more) {
    WorkerConfig config = WorkerConfig.from(Settings.of(Map.of(
        "vw.worker.ffmpeg", ffmpeg,
        "vw.worker.x264-preset", "superfast",
        "vw.worker.measure-quality", "true",
        "vw.worker.work-dir", dir.resolve("work").toString(),
        "vw.source.file-roots", dir.toString())).with(more));
    store = new LocalObjectStore(storage);
    return new RungTranscoder(config, new X264Encoder("superfast", 0), store, Clock.systemUTC());
  }

  /** The segments of a DONE result, from the timeline the worker stored beside them. */
  private List<Segment> segments(RenditionResult result) {
    return SegmentTimeline.read(store, result.getTimeline()).segments();
  }

  private static RenditionTask task(RungSpec rung) {
    return RenditionTask.newBuilder()
        .setAssetId("a1")
        .setCorrelationId("c1")
        .setSourceUri(source.toUri().toString())
        .setSourceDurationSeconds(9)
        .setRung(rung)
        .setOutputPrefix("assets/a1/" + rung.getName() + "/")
        .setIssuedAt(Instant.now())
        .build();
  }

  static RungSpec video(String name, int width, int height) {
    return RungSpec.newBuilder()
        .setName(name).setKind(RungKind.VIDEO).setCodec("h264").setProfile("high").setLevel("3.1")
        .setWidth(width).setHeight(height).setFrameRate(25)
        .setBitrateKbps(600).setMaxBitrateKbps(900).setBufferKbits(1200)
        .setGopSeconds(2).setSegmentSeconds(4)
        .build();
  }

  @Test
  void encodesAVideoRungIntoAlignedCmafSegmentsAndStoresThem() throws Exception {
    Path storage = dir.resolve("store-video");
    List<Double> progress = new CopyOnWriteArrayList<>();

    RenditionResult result = transcoder(storage, "ffmpeg").transcode(task(video("360p", 640, 360)), (a, r, f) -> progress.add(f));

    assertThat(result.getStatus()).isEqualTo(RungStatus.DONE);
    assertThat(result.getCodecs()).isEqualTo("avc1.64001f");
    assertThat(result.getWidth()).isEqualTo(640);
    assertThat(result.getHeight()).isEqualTo(360);
    assertThat(segments(result)).extracting(Segment::getFile)
        .containsExactly("seg_00001.m4s", "seg_00002.m4s", "seg_00003.m4s");
    assertThat(result.getOutputPrefix()).as("this encode's own folder").matches("assets/a1/360p/w-[0-9a-f]{8}/");
    assertThat(result.getTimeline()).isEqualTo(result.getOutputPrefix() + "timeline.tsv");
    assertThat(result.getSegments()).as("the list is in the timeline, not in the record").isEmpty();
    assertThat(result.getSegmentCount()).isEqualTo(3);
    assertThat(result.getDurationTicks()).isEqualTo(segments(result).stream().mapToLong(Segment::getDuration).sum());
    assertThat(result.getSegmentBytes()).isEqualTo(segments(result).stream().mapToLong(Segment::getBytes).sum());
    long ts = result.getTimescale();
    assertThat(segments(result)).extracting(s -> (double) s.getDuration() / ts).containsExactly(4.0, 4.0, 1.0);
    assertThat(segments(result).get(1).getStart() - segments(result).get(0).getStart()).isEqualTo(4 * ts);
    assertThat(result.getAverageBitrate()).isBetween(50_000L, 1_500_000L);
    assertThat(result.getPeakBitrate()).isGreaterThanOrEqualTo(result.getAverageBitrate());
    assertThat(result.getFfmpegEncoder()).isEqualTo("libx264");
    assertThat(result.getQuality()).as("measured against the source").isNotNull();
    assertThat(result.getQuality().getPsnr()).isGreaterThan(25);
    assertThat(result.getQuality().getSsim()).isGreaterThan(0.8);
    Path folder = storage.resolve(result.getOutputPrefix());
    assertThat(folder.resolve("init.mp4")).isRegularFile();
    assertThat(folder.resolve("seg_00003.m4s")).isRegularFile();
    assertThat(progress).last().isEqualTo(1.0);
    // each segment's keyframe byte range, after the init segment, is a decodable picture: what I-frame playlists name
    for (Segment s : segments(result)) {
      assertThat(s.getKeyframeBytes()).isBetween(1L, s.getBytes() - 1);
    }
    Segment second = segments(result).get(1);
    Path iframe = dir.resolve("iframe.mp4");
    Files.write(iframe, Files.readAllBytes(folder.resolve("init.mp4")));
    Files.write(iframe, java.util.Arrays.copyOf(Files.readAllBytes(folder.resolve(second.getFile())),
        (int) second.getKeyframeBytes()), java.nio.file.StandardOpenOption.APPEND);
    Process decode = new ProcessBuilder("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
        "-show_entries", "stream=nb_read_frames,width", "-of", "csv=p=0", iframe.toString()).start();
    assertThat(new String(decode.getInputStream().readAllBytes()).trim()).isEqualTo("640,1");
    try (var scratch = Files.list(dir.resolve("work"))) {
      assertThat(scratch).as("scratch folders are removed").isEmpty();
    }
  }

  /**
   * A task encoded twice (redelivered, or its partition moved mid-encode): the second encode writes a folder of its
   * own and leaves every file of the first, which its result already describes, as it was.
   */
  @Test
  void aRungEncodedTwiceWritesTwoFoldersAndLeavesTheFirstEncodesFilesAsTheyWere() throws Exception {
    Path storage = dir.resolve("store-twice");
    RungTranscoder transcoder = transcoder(storage, "ffmpeg");
    RenditionResult first = transcoder.transcode(task(audio()), (a, r, f) -> {});
    Map<String, byte[]> firstFiles = new java.util.TreeMap<>();
    for (String key : store.list(first.getOutputPrefix())) {
      firstFiles.put(key, store.read(key));
    }

    RenditionResult second = transcoder.transcode(task(audio()), (a, r, f) -> {});

    assertThat(second.getOutputPrefix()).startsWith("assets/a1/audio/w-").isNotEqualTo(first.getOutputPrefix());
    assertThat(store.list(first.getOutputPrefix())).containsExactlyInAnyOrderElementsOf(firstFiles.keySet());
    firstFiles.forEach((key, bytes) -> assertThat(store.read(key)).as(key).isEqualTo(bytes));
    assertThat(firstFiles.keySet()).contains(first.getTimeline(), first.getOutputPrefix() + "seg_00003.m4s");
  }

  @Test
  void encodesTheAudioRungAsAacLc() throws Exception {
    RenditionResult result = transcoder(dir.resolve("store-audio"), "ffmpeg").transcode(task(audio()), (a, r, f) -> {});

    assertThat(result.getStatus()).isEqualTo(RungStatus.DONE);
    assertThat(result.getCodecs()).isEqualTo("mp4a.40.2");
    assertThat(result.getTimescale()).isEqualTo(48000);
    assertThat(segments(result)).hasSize(3);
  }

  @Test
  void retriesAFailedGpuEncodeOnTheCpuSaysWhichEncoderRanAndRaisesAFallbackAlert() throws Exception {
    WorkerConfig config = WorkerConfig.from(Settings.of(Map.of("vw.worker.work-dir", dir.resolve("work").toString(), "vw.source.file-roots", dir.toString())));
    // a GPU encoder FFmpeg refuses on any machine (no such preset): the encode must fall back to x264
    EncoderSelection gpuThatFails = EncoderSelection.gpuWithFallback(
        List.of(new NvencEncoder("h264", "p99")), List.of(new X264Encoder("superfast", 0)), "test");
    store = new LocalObjectStore(dir.resolve("store-fallback"));
    RungTranscoder transcoder = new RungTranscoder(config, gpuThatFails, store, Clock.systemUTC());
    List<Alert> alerts = new java.util.concurrent.CopyOnWriteArrayList<>();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    transcoder.reportFallbacksTo(new FallbackAlerts(new WorkerMeters(meters), alerts::add, "w-1", Clock.systemUTC()));

    RenditionResult result = transcoder.transcode(task(video("360p", 640, 360)), (a, r, f) -> {});

    assertThat(result.getStatus()).isEqualTo(RungStatus.DONE);
    assertThat(result.getFfmpegEncoder()).isEqualTo("libx264");
    assertThat(segments(result)).hasSize(3);
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(AlertKind.ENCODER_FALLBACK);
      assertThat(a.rung()).isEqualTo("360p");
      assertThat(a.context()).containsEntry("from", "h264_nvenc").containsEntry("to", "libx264");
    });
    assertThat(meters.get("media.transcode.encoder.fallbacks").tags("from", "nvenc", "to", "x264").counter().count()).isOne();
  }

  @Test
  void encodesAnHevcRungAlignedWithTheH264Rungs() throws Exception {
    Path storage = dir.resolve("store-hevc");
    RungTranscoder transcoder = transcoder(storage, "ffmpeg");
    RungSpec hevc = RungSpec.newBuilder(video("360p-hevc", 640, 360)).setCodec("hevc").setProfile("main").setLevel("3.1").build();

    RenditionResult h265 = transcoder.transcode(task(hevc), (a, r, f) -> {});
    RenditionResult h264 = transcoder.transcode(task(video("360p", 640, 360)), (a, r, f) -> {});

    assertThat(h265.getStatus()).as(h265.getError()).isEqualTo(RungStatus.DONE);
    assertThat(h265.getFfmpegEncoder()).isEqualTo("libx265");
    assertThat(h265.getCodecs()).startsWith("hvc1.1.");
    assertThat(segments(h265)).hasSize(3);
    Path folder = storage.resolve(h265.getOutputPrefix());
    var track = io.vwmedia.worker.cmaf.CmafInspector.readInit(folder.resolve("init.mp4"));
    for (Segment s : segments(h265)) {
      assertThat(io.vwmedia.worker.cmaf.CmafInspector.readSegment(folder.resolve(s.getFile()), track).startsWithSyncSample())
          .as("%s starts on a keyframe", s.getFile()).isTrue();
    }
    assertThat(boundaries(h265)).isEqualTo(boundaries(h264));
  }

  private List<Double> boundaries(RenditionResult r) {
    long origin = segments(r).get(0).getStart();
    return segments(r).stream().map(s -> (double) (s.getStart() - origin) / r.getTimescale()).toList();
  }

  @Test
  void reportsAFailedEncodeAsAFailedResultWithFfmpegsReason() throws Exception {
    RenditionResult result = transcoder(dir.resolve("store-fail"), "ffmpeg")
        .transcode(task(video("odd", 641, 360)), (a, r, f) -> {});

    assertThat(result.getStatus()).isEqualTo(RungStatus.FAILED);
    assertThat(result.getError()).contains("FFmpeg exited with code");
    assertThat(result.getTimeline()).isNull();
    assertThat(result.getSegmentCount()).isZero();
  }

  @Test
  void encodesSeveralRungsOfOneSourceInOneFfmpegRunThatDecodesItOnce() throws Exception {
    Path runs = dir.resolve("together-runs.log");
    RungTranscoder transcoder = transcoder(dir.resolve("store-together"), countingFfmpeg(runs),
        Map.of("vw.worker.first-rung-first", "false"));
    List<RenditionTask> tasks = List.of(task(video("360p", 640, 360)), task(video("180p", 320, 180)), task(audio()));

    List<RenditionResult> results = transcoder.transcodeAll(tasks, (a, r, f) -> {});

    assertThat(results).extracting(r -> r.getRung().getName()).containsExactly("360p", "180p", "audio");
    assertThat(results).allSatisfy(r -> assertThat(r.getStatus()).as(r.getError()).isEqualTo(RungStatus.DONE));
    assertThat(results.get(1).getWidth()).isEqualTo(320);
    assertThat(boundaries(results.get(0))).isEqualTo(boundaries(results.get(1))).containsExactly(0.0, 4.0, 8.0);
    assertThat(segments(results.get(2))).as("audio cut on AAC frames near the same boundaries").hasSize(3);
    assertThat(Files.readAllLines(runs)).as("one encode for the three rungs").filteredOn(l -> l.contains("-f hls")).hasSize(1);
  }

  @Test
  void withFirstRungFirstEncodesTheLowestVideoRungAndTheAudioFirstSoTheFirstVersionComesEarly() {
    RungTranscoder transcoder = transcoder(dir.resolve("store-order"), "ffmpeg", Map.of("vw.worker.first-rung-first", "true"));
    RenditionTask r360 = task(video("360p", 640, 360));
    RenditionTask r180 = task(video("180p", 320, 180));
    RenditionTask r270 = task(video("270p", 480, 270));
    RenditionTask sound = task(audio());

    assertThat(transcoder.encodes(List.of(r360, sound, r180, r270))).containsExactly(List.of(r180, sound), List.of(r360, r270));
  }

  @Test
  void whenRungsEncodedTogetherFailEachIsEncodedOnItsOwnSoOnlyTheBadRungFails() throws Exception {
    RungTranscoder transcoder = transcoder(dir.resolve("store-together-fail"), "ffmpeg");

    List<RenditionResult> results = transcoder.transcodeAll(
        List.of(task(video("360p", 640, 360)), task(video("odd", 641, 360))), (a, r, f) -> {});

    assertThat(results.get(0).getStatus()).isEqualTo(RungStatus.DONE);
    assertThat(results.get(1).getStatus()).isEqualTo(RungStatus.FAILED);
    assertThat(results.get(1).getError()).contains("FFmpeg exited with code");
  }

  /** A script in front of the real FFmpeg that writes each command line it is given to a log. */
  @Test
  void aShortFirstSegmentCutsVideoAndAudioOnTheSameBoundariesWithAKeyframeAtEachCut() throws Exception {
    RungTranscoder transcoder = transcoder(dir.resolve("store-short-first"), "ffmpeg",
        Map.of("vw.worker.first-rung-first", "false"));
    RungSpec video = RungSpec.newBuilder(video("360p", 640, 360)).setFirstSegmentSeconds(1).build();
    RungSpec audio = RungSpec.newBuilder(audio()).setFirstSegmentSeconds(1).build();

    List<RenditionResult> results = transcoder.transcodeAll(List.of(task(video), task(audio)), (a, r, f) -> {});

    assertThat(results).allSatisfy(r -> assertThat(r.getStatus()).as(r.getError()).isEqualTo(RungStatus.DONE));
    RenditionResult v = results.get(0);
    long ts = v.getTimescale();
    assertThat(segments(v)).extracting(s -> (double) s.getDuration() / ts)
        .as("1 s, 1 s, then the muxer settles on 4 s from the first cut").containsExactly(1.0, 1.0, 3.0, 4.0);
    assertThat(segments(v)).allSatisfy(s -> assertThat(s.getKeyframeBytes()).isPositive());
    List<Double> audioCuts = boundaries(results.get(1));
    assertThat(audioCuts.subList(0, 4)).zipSatisfy(boundaries(v),
        (a, b) -> assertThat(a).as("audio cut within one AAC frame of the video's").isCloseTo(b, within(0.025)));
  }

  private static String countingFfmpeg(Path log) throws Exception {
    Path script = dir.resolve("counting-ffmpeg.sh");
    Files.writeString(script, "#!/bin/sh\necho \"$*\" >> '" + log + "'\nexec ffmpeg \"$@\"\n");
    script.toFile().setExecutable(true);
    return script.toString();
  }

  private static RungSpec audio() {
    return RungSpec.newBuilder()
        .setName("audio").setKind(RungKind.AUDIO).setCodec("aac").setProfile("aac_low")
        .setBitrateKbps(128).setMaxBitrateKbps(128).setBufferKbits(256)
        .setGopSeconds(2).setSegmentSeconds(4).setAudioChannels(2).setAudioSampleRate(48000)
        .build();
  }
}
