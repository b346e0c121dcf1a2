package io.vwmedia.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vwmedia.config.Settings;
import io.vwmedia.events.ChunkSpec;
import io.vwmedia.events.FailureClass;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungSpec;
import io.vwmedia.events.RungStatus;
import io.vwmedia.events.Segment;
import io.vwmedia.ffmpeg.encode.CpuEncoder;
import io.vwmedia.ffmpeg.encode.Encoder;
import io.vwmedia.ffmpeg.encode.EncoderSelection;
import io.vwmedia.ffmpeg.encode.NvencEncoder;
import io.vwmedia.ffmpeg.encode.X264Encoder;
import io.vwmedia.observability.alerts.Alert;
import io.vwmedia.storage.LocalObjectStore;
import io.vwmedia.storage.SegmentTimeline;
import io.vwmedia.worker.cmaf.CmafInspector;
import io.vwmedia.worker.cmaf.FragmentInfo;
import io.vwmedia.worker.cmaf.TrackInfo;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rung encoded in chunks against the same rung encoded whole, with real FFmpeg on sources made here: the chunks
 * must feed the encoder the whole rung's frames, cut the whole rung's segments and share its init segment.
 */
class ChunkTranscoderTest {

  @TempDir static Path dir;
  /** 14 s at 30000/1001: 420 frames. */
  static Path ntsc;
  /** 14 s of 30 fps with every 7th frame dropped and no frame from 5 s to 10 s: variable frame rate. */
  static Path vfr;
  /**
   * {@link #ntsc}'s pictures in an MPEG transport stream, with B-frames and keyframes only on frames 0, 151 and 271:
   * each chunk's first frame (150, 270) is the last of a GOP 4 to 5 s long, and a transport stream has no index to
   * seek by.
   */
  static Path transportStream;

  /**
   * The rung's segments over 14 s start at 0, 1, 2, 5, 9 and 13 s; its three chunks: segments 1 to 3 from 0 s,
   * segment 4 from 5 s, segments 5 and 6 from 9 s. At 30000/1001 the first frames at or after 5 s and 9 s are 150
   * (5.005 s) and 270 (9.009 s), and the source's 14 s are 420 frames.
   */
  static final List<ChunkSpec> CHUNKS = List.of(
      chunk(0, 1, 3, 0, 150, 0, 5), chunk(1, 4, 1, 150, 120, 5, 9), chunk(2, 5, 2, 270, 150, 9, 14));

  LocalObjectStore store;

  @BeforeAll
  static void generateSources() throws Exception {
    ntsc = generate("ntsc.mp4", "testsrc2=size=320x180:rate=30000/1001:duration=14");
    vfr = generate("vfr.mp4",
        "testsrc2=size=320x180:rate=30:duration=14,select='not(eq(mod(n\\,7)\\,3))*not(between(n\\,150\\,299))'");
    transportStream = dir.resolve("long-gops.ts");
    run("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
        "-i", "testsrc2=size=320x180:rate=30000/1001:duration=14", "-c:v", "libx264", "-preset", "veryfast", "-bf", "3",
        "-g", "600", "-sc_threshold", "0", "-force_key_frames", "expr:eq(n,0)+eq(n,151)+eq(n,271)", "-f", "mpegts",
        transportStream.toString());
  }

  private static Path generate(String name, String lavfi) throws Exception {
    Path file = dir.resolve(name);
    run("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", lavfi, "-fps_mode", "vfr",
        "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", file.toString());
    return file;
  }

  @Test
  void chunksOfA2997FpsRungFeedTheEncoderTheWholeRungsFramesInOrder() throws Exception {
    assertChunksCarryTheWholeRungsFrames(ntsc, "lossless-ntsc");
  }

  @Test
  void chunksOfAVariableFrameRateSourceFeedTheEncoderTheWholeRungsFramesInOrder() throws Exception {
    String rates = run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
        "stream=r_frame_rate,avg_frame_rate", "-of", "csv=p=0", vfr.toString()).stdout();
    assertThat(rates.trim()).as("the source's frame rate varies").isEqualTo("30/1,116/7");

    assertChunksCarryTheWholeRungsFrames(vfr, "lossless-vfr");
  }

  @Test
  void chunksOfATransportStreamWithLongGopsFeedTheEncoderTheWholeRungsFramesInOrder() throws Exception {
    assertChunksCarryTheWholeRungsFrames(transportStream, "lossless-ts");
  }

  /**
   * Encodes the rung whole and in chunks losslessly, so the decoded pictures are the ones the encoder was fed, and
   * compares them frame by frame. The quality meter, measuring each chunk against its window of the source prepared
   * the same way, must then find them identical.
   */
  private void assertChunksCarryTheWholeRungsFrames(Path source, String storeName) throws Exception {
    assertChunksCarryTheWholeRungsFrames(source, storeName, "2s");
  }

  private void assertChunksCarryTheWholeRungsFrames(Path source, String storeName, String preroll) throws Exception {
    RungTranscoder transcoder = transcoder(new LosslessX264(), storeName, true, preroll);

    RenditionResult whole = transcoder.transcode(task(source, null), ProgressListener.NONE);
    List<RenditionResult> chunks = new ArrayList<>();
    for (ChunkSpec c : CHUNKS) {
      chunks.add(transcoder.transcode(task(source, c), ProgressListener.NONE));
    }

    assertThat(whole.getStatus()).as(whole.getError()).isEqualTo(RungStatus.DONE);
    assertThat(chunks).allSatisfy(r -> assertThat(r.getStatus()).as(r.getError()).isEqualTo(RungStatus.DONE));
    List<String> wholeFrames = frameHashes(joined(storeName + "-whole", List.of(whole)));
    assertThat(wholeFrames).hasSize(420);
    assertThat(frameHashes(joined(storeName + "-chunks", chunks))).as("every frame, in order").isEqualTo(wholeFrames);
    assertThat(chunks).allSatisfy(r -> assertThat(r.getQuality().getPsnr()).as("identical to the reference").isEqualTo(100.0));
  }

  @Test
  void withoutAPreRollChunksAlsoFeedTheEncoderTheWholeRungsFramesInOrder() throws Exception {
    assertThat(WorkerSettings.CHUNK_PREROLL.defaultText()).as("the default").isEqualTo("0s");
    assertChunksCarryTheWholeRungsFrames(ntsc, "lossless-no-preroll", "0s");
  }

  @Test
  void aChunkIsPreRolledFromTheRungsLastKeyframeAtLeastThePreRollBeforeIt() {
    // the rung's keyframes: 0, 1, 2, 3, 5, 7, 9 ... s; at 30000/1001 the first frames after 3, 5 and 7 s are 90, 150, 210
    assertThat(ChunkTranscoder.prerollFrames(task(ntsc, CHUNKS.get(1)), Duration.ofSeconds(2))).as("5 s: from 3 s")
        .isEqualTo(150 - 90);
    assertThat(ChunkTranscoder.prerollFrames(task(ntsc, CHUNKS.get(2)), Duration.ofSeconds(2))).as("9 s: from 7 s")
        .isEqualTo(270 - 210);
    assertThat(ChunkTranscoder.prerollFrames(task(ntsc, CHUNKS.get(2)), Duration.ofMillis(2500))).as("9 s: from 5 s")
        .isEqualTo(270 - 150);
    assertThat(ChunkTranscoder.prerollFrames(task(ntsc, CHUNKS.get(1)), Duration.ofSeconds(30))).as("from the start")
        .isEqualTo(150);
    assertThat(ChunkTranscoder.prerollFrames(task(ntsc, CHUNKS.get(0)), Duration.ofSeconds(2))).as("the first chunk")
        .isZero();
    assertThat(ChunkTranscoder.prerollFrames(task(ntsc, CHUNKS.get(1)), Duration.ZERO)).isZero();
  }

  @Test
  void aRungInThreeChunksHasTheWholeRungsSegmentsSequenceNumbersAndInit() throws Exception {
    RungTranscoder transcoder = transcoder(new X264Encoder("superfast", 0), "x264", true);
    List<String> progress = new CopyOnWriteArrayList<>();

    RenditionResult whole = transcoder.transcode(task(ntsc, null), ProgressListener.NONE);
    List<RenditionResult> chunks = new ArrayList<>();
    for (ChunkSpec c : CHUNKS) {
      chunks.add(transcoder.transcode(task(ntsc, c), (asset, rung, fraction) -> progress.add(rung + "=" + fraction)));
    }

    assertThat(chunks).allSatisfy(r -> assertThat(r.getStatus()).as(r.getError()).isEqualTo(RungStatus.DONE));
    byte[] wholeInit = store.read(whole.getOutputPrefix() + whole.getInitSegment());
    for (int i = 0; i < CHUNKS.size(); i++) {
      RenditionResult r = chunks.get(i);
      assertThat(r.getChunk()).isEqualTo(CHUNKS.get(i));
      assertThat(r.getOutputPrefix()).as("the copy's own folder").matches("assets/a1/180p/c000" + i + "-[0-9a-f]{8}/");
      assertThat(r.getTimeline()).isEqualTo(r.getOutputPrefix() + "timeline.tsv");
      assertThat(r.getSegmentCount()).isEqualTo(CHUNKS.get(i).getSegmentCount());
      assertThat(store.read(r.getOutputPrefix() + r.getInitSegment())).as("one init per rung").isEqualTo(wholeInit);
      assertThat(r.getInitDigest()).isEqualTo(ChunkTranscoder.digest(store.pathOf(whole.getOutputPrefix() + "init.mp4")));
      assertThat(r.getCodecs()).isEqualTo(whole.getCodecs());
      assertThat(r.getPeakBitrate()).isGreaterThanOrEqualTo(r.getAverageBitrate()).isPositive();
      assertThat(r.getQuality()).as("measured against the chunk's window of the source").isNotNull();
      assertThat(r.getQuality().getPsnr()).isGreaterThan(25);
    }

    List<Fragment> wholeSegments = fragments(List.of(whole));
    List<Fragment> chunkSegments = fragments(chunks);
    assertThat(chunkSegments).extracting(Fragment::file)
        .containsExactly("seg_00001.m4s", "seg_00002.m4s", "seg_00003.m4s", "seg_00004.m4s", "seg_00005.m4s", "seg_00006.m4s");
    assertThat(chunkSegments).extracting(Fragment::decodeTime).as("the whole rung's boundaries")
        .isEqualTo(wholeSegments.stream().map(Fragment::decodeTime).toList());
    assertThat(chunkSegments).extracting(Fragment::sequenceNumber).as("numbered on from chunk to chunk")
        .isEqualTo(wholeSegments.stream().map(Fragment::sequenceNumber).toList()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(chunkSegments).allSatisfy(s -> assertThat(s.info().startsWithSyncSample()).as(s.file()).isTrue());
    for (int i = 1; i < chunkSegments.size(); i++) {
      FragmentInfo before = chunkSegments.get(i - 1).info();
      assertThat(chunkSegments.get(i).decodeTime()).as("no gap, no overlap").isEqualTo(before.baseDecodeTime() + before.duration());
    }
    assertThat(chunkSegments.stream().mapToInt(s -> s.info().sampleCount()).sum()).isEqualTo(420);
    assertThat(chunks.stream().flatMap(r -> segments(r).stream()).map(Segment::getStart).toList())
        .as("the timelines the packager reads").isEqualTo(segments(whole).stream().map(Segment::getStart).toList());

    Path joined = joined("x264-chunks", chunks);
    assertThat(run("ffmpeg", "-v", "error", "-i", joined.toString(), "-f", "null", "-").stderr()).as("decodes cleanly").isEmpty();
    assertThat(frameHashes(joined)).hasSize(420);
    assertThat(progress).contains("180p c0/3=1.0", "180p c1/3=1.0", "180p c2/3=1.0");
  }

  @Test
  void refusesAChunkPlannedOneFrameShortOfTheNextChunkBeforeEncodingIt() throws Exception {
    assertRefused(ChunkSpec.newBuilder(CHUNKS.get(1)).setFrameCount(119).build(),
        "chunk 1 of 180p names 119 frames; from frame 150 to the next chunk's first (270, at 9.0 s) there are 120");
  }

  @Test
  void refusesALastChunkWhoseEncodeHasOneFrameLessThanPlanned() throws Exception {
    assertRefused(ChunkSpec.newBuilder(CHUNKS.get(2)).setFrameCount(151).build(),
        "chunk 2 (frames 270 to 420) has 150 frames, planned 151");
  }

  /** The chunk's result is FAILED with class ENCODER and this error, and nothing was stored. */
  private void assertRefused(ChunkSpec chunk, String error) throws Exception {
    RenditionResult result = transcoder(new X264Encoder("superfast", 0), "refused-" + chunk.getIndex(), false)
        .transcode(task(ntsc, chunk), ProgressListener.NONE);

    assertThat(result.getStatus()).isEqualTo(RungStatus.FAILED);
    assertThat(result.getFailureClass()).isEqualTo(FailureClass.ENCODER);
    assertThat(result.getChunk()).isEqualTo(chunk);
    assertThat(result.getError()).isEqualTo(error);
    assertThat(store.list("assets/")).as("nothing stored").isEmpty();
  }

  @Test
  void twoCopiesOfAChunkNeverWriteTheSameObject() throws Exception {
    RungTranscoder transcoder = transcoder(new X264Encoder("superfast", 0), "copies", false);
    RenditionTask task = task(ntsc, CHUNKS.get(1));

    RenditionResult first = transcoder.transcode(task, ProgressListener.NONE);
    RenditionResult second = transcoder.transcode(RenditionTask.newBuilder(task)
        .setChunk(ChunkSpec.newBuilder(task.getChunk()).setCopy(1).build()).build(), ProgressListener.NONE);

    assertThat(first.getOutputPrefix()).isNotEqualTo(second.getOutputPrefix());
    assertThat(store.list(first.getOutputPrefix())).extracting(k -> k.substring(first.getOutputPrefix().length()))
        .containsExactlyInAnyOrder("init.mp4", "seg_00004.m4s", "timeline.tsv");
    assertThat(store.list(second.getOutputPrefix())).hasSize(3);
  }

  @Test
  void aChunkWhoseGpuEncodeFailsIsEncodedOnTheCpu() throws Exception {
    WorkerConfig config = WorkerConfig.from(Settings.of(Map.of(
        "vw.worker.work-dir", dir.resolve("work").toString(), "vw.source.file-roots", dir.toString())));
    EncoderSelection gpuThatFails = EncoderSelection.gpuWithFallback(
        List.of(new NvencEncoder("h264", "p99")), List.of(new X264Encoder("superfast", 0)), "test");
    store = new LocalObjectStore(dir.resolve("store-fallback"));
    RungTranscoder transcoder = new RungTranscoder(config, gpuThatFails, store, Clock.systemUTC());
    List<Alert> alerts = new CopyOnWriteArrayList<>();
    transcoder.reportFallbacksTo(new FallbackAlerts(new WorkerMeters(new SimpleMeterRegistry()), alerts::add, "w-1",
        Clock.systemUTC()));

    RenditionResult result = transcoder.transcode(task(ntsc, CHUNKS.get(1)), ProgressListener.NONE);

    assertThat(result.getStatus()).as(result.getError()).isEqualTo(RungStatus.DONE);
    assertThat(result.getFfmpegEncoder()).isEqualTo("libx264");
    assertThat(alerts).singleElement().satisfies(a -> assertThat(a.context()).containsEntry("to", "libx264"));
  }

  @Test
  void eachChunkIsAnEncodeOfItsOwnNeverSharedWithOtherRungs() {
    RungTranscoder transcoder = transcoder(new X264Encoder("superfast", 0), "groups", false);
    RenditionTask whole360 = RenditionTask.newBuilder(task(ntsc, null))
        .setRung(RungSpec.newBuilder(rung()).setName("360p").setWidth(640).setHeight(360).build()).build();
    RenditionTask chunk0 = task(ntsc, CHUNKS.get(0));
    RenditionTask chunk1 = task(ntsc, CHUNKS.get(1));
    RenditionTask audio = RenditionTask.newBuilder(task(ntsc, null)).setRung(RungSpec.newBuilder(rung())
        .setName("audio").setKind(RungKind.AUDIO).setCodec("aac").build()).build();

    assertThat(transcoder.encodes(List.of(chunk0, whole360, chunk1, audio)))
        .containsExactly(List.of(chunk0), List.of(whole360, audio), List.of(chunk1));
  }

  // --- the rung, its tasks and what they stored

  static RungSpec rung() {
    return RungSpec.newBuilder()
        .setName("180p").setKind(RungKind.VIDEO).setCodec("h264").setProfile("high").setLevel("3.0")
        .setWidth(320).setHeight(180).setFrameRate(30000.0 / 1001)
        .setBitrateKbps(300).setMaxBitrateKbps(450).setBufferKbits(600)
        .setGopSeconds(2).setSegmentSeconds(4).setFirstSegmentSeconds(1)
        .build();
  }

  static ChunkSpec chunk(int index, int firstSegment, int segments, long firstFrame, long frames, double start, double end) {
    return ChunkSpec.newBuilder().setIndex(index).setCount(3).setFirstSegment(firstSegment).setSegmentCount(segments)
        .setFirstFrame(firstFrame).setFrameCount(frames).setStartSeconds(start).setEndSeconds(end).build();
  }

  private static RenditionTask task(Path source, ChunkSpec chunk) {
    return RenditionTask.newBuilder()
        .setAssetId("a1").setCorrelationId("c1").setSourceUri(source.toUri().toString()).setSourceDurationSeconds(14)
        .setRung(rung()).setOutputPrefix("assets/a1/180p/").setChunk(chunk).setIssuedAt(Instant.now())
        .build();
  }

  private RungTranscoder transcoder(Encoder encoder, String storeName, boolean measureQuality) {
    // with a pre-roll: its fragments must be left out and every other segment be the whole rung's
    return transcoder(encoder, storeName, measureQuality, "2s");
  }

  private RungTranscoder transcoder(Encoder encoder, String storeName, boolean measureQuality, String preroll) {
    WorkerConfig config = WorkerConfig.from(Settings.of(Map.of(
        "vw.worker.chunk-preroll", preroll,
        "vw.worker.measure-quality", Boolean.toString(measureQuality),
        "vw.worker.work-dir", dir.resolve("work").toString(),
        "vw.source.file-roots", dir.toString())));
    store = new LocalObjectStore(dir.resolve("store-" + storeName));
    return new RungTranscoder(config, encoder, store, Clock.systemUTC());
  }

  private List<Segment> segments(RenditionResult result) {
    return SegmentTimeline.read(store, result.getTimeline()).segments();
  }

  /** The results' segments in order behind the first one's init segment: one file, as a player would fetch them. */
  private Path joined(String name, List<RenditionResult> results) throws Exception {
    return joined(store, dir.resolve(name + ".mp4"), results);
  }

  static Path joined(LocalObjectStore store, Path file, List<RenditionResult> results) throws Exception {
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(store.read(results.get(0).getOutputPrefix() + results.get(0).getInitSegment()));
      for (RenditionResult r : results) {
        for (Segment s : SegmentTimeline.read(store, r.getTimeline()).segments()) {
          out.write(store.read(r.getOutputPrefix() + s.getFile()));
        }
      }
    }
    return file;
  }

  /** MD5 of every decoded picture, in order. */
  private static List<String> frameHashes(Path file) throws Exception {
    String md5 = run("ffmpeg", "-v", "error", "-i", file.toString(), "-map", "0:v:0", "-f", "framemd5", "-").stdout();
    return md5.lines().filter(l -> !l.startsWith("#")).map(l -> l.substring(l.lastIndexOf(',') + 1).trim()).toList();
  }

  record Fragment(String file, int sequenceNumber, long decodeTime, FragmentInfo info) {}

  /** Every stored segment of the results, read back from storage with its fragment sequence number. */
  private List<Fragment> fragments(List<RenditionResult> results) throws Exception {
    List<Fragment> out = new ArrayList<>();
    for (RenditionResult r : results) {
      TrackInfo track = CmafInspector.readInit(store.pathOf(r.getOutputPrefix() + r.getInitSegment()));
      for (Segment s : segments(r)) {
        Path file = store.pathOf(r.getOutputPrefix() + s.getFile());
        FragmentInfo info = CmafInspector.readSegment(file, track);
        out.add(new Fragment(s.getFile(), sequenceNumber(Files.readAllBytes(file)), info.baseDecodeTime(), info));
      }
    }
    return out;
  }

  /** The {@code mfhd} sequence number: the 4 bytes after its version and flags. */
  private static int sequenceNumber(byte[] segment) {
    byte[] mfhd = "mfhd".getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i + 12 <= segment.length; i++) {
      if (Arrays.equals(segment, i, i + 4, mfhd, 0, 4)) {
        return ByteBuffer.wrap(segment, i + 8, 4).getInt();
      }
    }
    throw new AssertionError("no mfhd box");
  }

  /** What a command printed. */
  record Output(String stdout, String stderr) {}

  /** Runs a command to its end, failing on a non-zero exit with what it printed on stderr. */
  static Output run(String... command) throws Exception {
    Path stderr = Files.createTempFile("vw-stderr", ".txt");
    Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = p.waitFor();
    String errors = Files.readString(stderr);
    Files.delete(stderr);
    if (code != 0) {
      throw new AssertionError(String.join(" ", command) + " exited with " + code + ": " + errors);
    }
    return new Output(stdout, errors);
  }

  /**
   * x264 without loss (quantiser 0): what the decoder gives back is what the encoder was fed, so comparing decoded
   * pictures compares the frames each command prepared.
   */
  static final class LosslessX264 extends CpuEncoder {
    @Override
    public String name() {
      return "libx264";
    }

    @Override
    public String codec() {
      return "h264";
    }

    @Override
    public List<String> codecArgs(RungSpec rung) {
      return List.of("-c:v", "libx264", "-preset", "ultrafast", "-qp", "0");
    }
  }
}
