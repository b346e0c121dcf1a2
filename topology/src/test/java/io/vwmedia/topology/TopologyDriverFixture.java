package io.vwmedia.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.events.AssetPackaged;
import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.ProbeKind;
import io.vwmedia.events.ProbeResult;
import io.vwmedia.events.ProbeTask;
import io.vwmedia.events.RatePoints;
import io.vwmedia.events.Rendition;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungStatus;
import io.vwmedia.events.Segment;
import io.vwmedia.events.SourceDescription;
import io.vwmedia.events.TemplateOverrides;
import io.vwmedia.events.UploadRequested;
import io.vwmedia.serde.SchemaRegistries;
import io.vwmedia.storage.AssetLayout;
import io.vwmedia.storage.LocalObjectStore;
import io.vwmedia.storage.SegmentTimeline;
import io.vwmedia.ffmpeg.source.SourcePolicy;
import io.vwmedia.topics.Topic;
import io.vwmedia.topics.TopicSerdes;
import io.vwmedia.topology.packaging.ChunkJoiner;
import io.vwmedia.topology.packaging.RepeatedCopies;
import io.vwmedia.topology.packaging.ManifestPackager;
import io.vwmedia.topology.plan.RungPlanner;
import io.vwmedia.topology.publish.Publisher;
import io.vwmedia.topology.template.TemplateCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology on TopologyTestDriver, for the tests of its behaviours: the driver, its topics, and events built as a
 * worker would make them. No FFmpeg: the tests answer the probe tasks themselves.
 */
abstract class TopologyDriverFixture {


  /** A 3 s 1280x720 25 fps clip with audio, as a worker's ffprobe describes it. */
  static final SourceDescription CLIP_720P = SourceDescription.newBuilder()
      .setWidth(1280).setHeight(720).setFrameRate(25).setDurationSeconds(3.0).setHasAudio(true).setVideoCodec("h264")
      .build();
  static final String SOURCE = "file:///uploads/clip-720p.mp4";

  @TempDir Path storage;
  LocalObjectStore store;
  TopicSerdes serdes;
  TopologyTestDriver driver;
  TestInputTopic<String, UploadRequested> requested;
  TestInputTopic<String, ProbeResult> probed;
  TestInputTopic<String, RenditionResult> done;
  TestOutputTopic<String, ProbeTask> probes;
  TaskTopics tasks;
  TestOutputTopic<String, io.vwmedia.events.ManagedEncodeTask> managed;
  /** Which leg new assets go to: our workers only, unless a test says otherwise before it starts the driver. */
  io.vwmedia.topology.routing.EncoderRouting routing = io.vwmedia.topology.routing.EncoderRouting.WORKERS_ONLY;
  io.vwmedia.topology.plan.ChunkingSettings.Config chunking = io.vwmedia.topology.plan.ChunkingSettings.Config.TEMPLATES;
  TestOutputTopic<String, AssetPackaged> packaged;
  TestOutputTopic<String, AssetPublished> published;
  final List<List<String>> invalidations = new CopyOnWriteArrayList<>();
  final Clock clock = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);

  @BeforeEach
  void startDriver() {
    startDriver(false);
  }

  void startDriver(boolean progressive) {
    startDriver(progressive, true);
  }

  void startDriver(boolean progressive, boolean live) {
    serdes = new TopicSerdes(SchemaRegistries.fromUrl("mem:"));
    store = new LocalObjectStore(storage);
    MediaTopology.Parts parts = new MediaTopology.Parts(
        serdes,
        TemplateCatalog.builtIn(),
        new RungPlanner(),
        new ManifestPackager(store, clock),
        new Publisher(store, (publishId, keys) -> invalidations.add(keys), clock, Optional.of("https://cdn.example.test/media")),
        routing,
        chunking,
        new ChunkJoiner(store, clock),
        new RepeatedCopies(store),
        clock,
        progressive,
        live);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "media-topology-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, storage.resolve("state").toString());
    driver = new TopologyTestDriver(MediaTopology.build(parts), props, clock.instant());
    var s = Serdes.String();
    requested = driver.createInputTopic(Topic.UPLOAD_REQUESTED.topicName(), s.serializer(), serdes.uploadRequested().serializer());
    probed = driver.createInputTopic(Topic.PROBE_DONE.topicName(), s.serializer(), serdes.probeResult().serializer());
    done = driver.createInputTopic(Topic.RENDITION_DONE.topicName(), s.serializer(), serdes.renditionResult().serializer());
    probes = driver.createOutputTopic(Topic.PROBE_TASKS.topicName(), s.deserializer(), serdes.probeTask().deserializer());
    tasks = new TaskTopics(
        driver.createOutputTopic(Topic.RENDITION_TASKS.topicName(), s.deserializer(), serdes.renditionTask().deserializer()),
        driver.createOutputTopic(Topic.CHUNK_TASKS.topicName(), s.deserializer(), serdes.renditionTask().deserializer()));
    managed = driver.createOutputTopic(Topic.MANAGED_TASKS.topicName(), s.deserializer(), serdes.managedEncodeTask().deserializer());
    packaged = driver.createOutputTopic(Topic.ASSET_PACKAGED.topicName(), s.deserializer(), serdes.assetPackaged().deserializer());
    published = driver.createOutputTopic(Topic.ASSET_PUBLISHED.topicName(), s.deserializer(), serdes.assetPublished().deserializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  static UploadRequested upload(String assetId) {
    return UploadRequested.newBuilder()
        .setAssetId(assetId)
        .setSourceUri(SOURCE)
        .setCorrelationId("corr-" + assetId)
        .setRequestedAt(Instant.parse("2026-11-24T09:59:00Z"))
        .build();
  }

  /** Uploads an asset and answers its source probe with this description, as a worker would. */
  void uploadProbedAs(UploadRequested upload, SourceDescription source) {
    requested.pipeInput(upload.getAssetId(), upload);
    ProbeTask task = probes.readValue();
    assertThat(task.getKind()).isEqualTo(ProbeKind.SOURCE);
    probed.pipeInput(task.getAssetId(), answer(task).setSource(source).build());
  }

  void uploadProbedAs(String assetId, SourceDescription source) {
    uploadProbedAs(upload(assetId), source);
  }

  static ProbeResult.Builder answer(ProbeTask task) {
    return ProbeResult.newBuilder()
        .setAssetId(task.getAssetId())
        .setCorrelationId(task.getCorrelationId())
        .setKind(task.getKind())
        .setWorker("test-worker")
        .setFinishedAt(Instant.parse("2026-11-24T10:00:00Z"));
  }

  /** What a worker reports for a rung it encoded into two segments, having stored their timeline beside them. */
  RenditionResult doneResult(RenditionTask task) {
    boolean video = task.getRung().getKind() == io.vwmedia.events.RungKind.VIDEO;
    int timescale = video ? 12800 : 48000;
    return doneResult(task, new SegmentTimeline(timescale, List.of(
        new Segment("seg_00001.m4s", 0L, 2L * timescale, 100_000L, 30_000L),
        new Segment("seg_00002.m4s", 2L * timescale, (long) timescale, 40_000L, 20_000L))));
  }

  /** As a worker stores an encode: in a folder of its own under the rung's, its files and timeline there. */
  RenditionResult doneResult(RenditionTask task, SegmentTimeline timeline) {
    String folder = AssetLayout.encodeFolder(task.getOutputPrefix());
    store.put(folder + "init.mp4", new byte[] {1}, "video/mp4");
    timeline.segments().forEach(s -> store.put(folder + s.getFile(), new byte[] {2}, "video/iso.segment"));
    return doneResult(task, timeline, folder);
  }

  RenditionResult doneResult(RenditionTask task, SegmentTimeline timeline, String folder) {
    boolean video = task.getRung().getKind() == io.vwmedia.events.RungKind.VIDEO;
    return RenditionResult.newBuilder()
        .setAssetId(task.getAssetId())
        .setCorrelationId(task.getCorrelationId())
        .setRung(task.getRung())
        .setStatus(RungStatus.DONE)
        .setOutputPrefix(folder)
        .setInitSegment("init.mp4")
        .setTimescale(timeline.timescale())
        .setTimeline(timeline.store(store, folder))
        .setSegmentCount(timeline.segments().size())
        .setDurationTicks(timeline.durationTicks())
        .setSegmentBytes(timeline.bytes())
        .setCodecs(video ? "avc1.64001f" : "mp4a.40.2")
        .setWidth(task.getRung().getWidth())
        .setHeight(task.getRung().getHeight())
        .setFrameRate(task.getRung().getFrameRate())
        .setAverageBitrate(380_000)
        .setPeakBitrate(400_000)
        .setEncodeDurationMs(1234)
        .setFfmpegEncoder(video ? "libx264" : "aac")
        .setFinishedAt(Instant.parse("2026-11-24T10:00:00Z"))
        .build();
  }

  RenditionResult failedResult(RenditionTask task, String error) {
    return RenditionResult.newBuilder(doneResult(task))
        .setStatus(RungStatus.FAILED)
        .setTimeline(null)
        .setSegmentCount(0)
        .setOutputPrefix(null)
        .setInitSegment(null)
        .setError(error)
        .build();
  }

  TestOutputTopic<String, byte[]> rawOutput(String topic) {
    return driver.createOutputTopic(topic, Serdes.String().deserializer(), new ByteArrayDeserializer());
  }

  /** 12 h: a 1 s segment, then 4 s ones, the last 3 s. */
  /** How many segments one SegmentTimeline lists: each {@code S} element stands for 1 + its {@code r}. */
  static int segmentsIn(String timeline) {
    java.util.regex.Matcher s = java.util.regex.Pattern.compile("<S [^>]*?(?: r=\"(\\d+)\")?/>").matcher(timeline);
    int count = 0;
    while (s.find()) {
      count += 1 + (s.group(1) == null ? 0 : Integer.parseInt(s.group(1)));
    }
    return count;
  }

  /** What the topology writes for the workers: rung tasks and chunk tasks, each topic in its order, read together. */
  record TaskTopics(TestOutputTopic<String, RenditionTask> rungs, TestOutputTopic<String, RenditionTask> chunks) {
    boolean isEmpty() {
      return rungs.isEmpty() && chunks.isEmpty();
    }

    /** The chunk tasks, then the rung tasks. */
    List<TestRecord<String, RenditionTask>> readRecordsToList() {
      List<TestRecord<String, RenditionTask>> all = new ArrayList<>(chunks.readRecordsToList());
      all.addAll(rungs.readRecordsToList());
      return all;
    }

    List<RenditionTask> readValuesToList() {
      return readRecordsToList().stream().map(TestRecord::value).toList();
    }
  }
}
