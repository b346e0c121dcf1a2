package io.vwmedia.launcher.worker;

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
import io.vwmedia.ffmpeg.encode.X264Encoder;
import io.vwmedia.launcher.Media;
import io.vwmedia.launcher.RawTopic;
import io.vwmedia.launcher.TestBrokers;
import io.vwmedia.serde.SchemaRegistries;
import io.vwmedia.storage.LocalObjectStore;
import io.vwmedia.topics.ChunkTaskGroup;
import io.vwmedia.topics.DeadLetters;
import io.vwmedia.topics.KafkaConnection;
import io.vwmedia.topics.Topic;
import io.vwmedia.topics.TopicInstaller;
import io.vwmedia.topics.TopicSerdes;
import io.vwmedia.worker.ChunkWorker;
import io.vwmedia.worker.RungTranscoder;
import io.vwmedia.worker.WorkerConfig;
import io.vwmedia.worker.WorkerMeters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chunk workers as members of the share group {@link ChunkTaskGroup#NAME} on a real broker ({@link TestBrokers}),
 * with real FFmpeg: a chunk held past its lock by renewal and accepted once, and a chunk that every worker before
 * died holding dead-lettered rather than handed on until the broker archives it.
 */
class ChunkWorkerTest {

  @RegisterExtension final TestBrokers broker = new TestBrokers();

  @TempDir Path data;

  /** The broker's shortest lock ({@code group.share.min.record.lock.duration.ms}), so renewal shows in seconds. */
  static final int LOCK_MS = 15_000;

  String bootstrap;
  TopicSerdes serdes;
  Path source;
  /** Each FFmpeg run appends its worker's name here. */
  Path encodes;

  @BeforeEach
  void topicsAndSource() throws Exception {
    bootstrap = broker.bootstrapServers();
    try (Admin admin = admin()) {
      TopicInstaller.ensureTopics(admin, (short) 1);
      ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, ChunkTaskGroup.NAME);
      admin.incrementalAlterConfigs(Map.of(group, List.of(new AlterConfigOp(
          new ConfigEntry("share.record.lock.duration.ms", Integer.toString(LOCK_MS)), AlterConfigOp.OpType.SET))))
          .all().get();
    }
    serdes = new TopicSerdes(SchemaRegistries.fromUrl(data.resolve("registry").toString()));
    source = Media.generate(data.resolve("ntsc.mp4"), "testsrc2=size=320x180:rate=30000/1001", 14, false);
    encodes = data.resolve("encodes.log");
  }

  @Test
  void aChunkEncodedForLongerThanItsLockIsRenewedKeptFromTheOtherMemberAndAcceptedOnce() throws Exception {
    ChunkWorker slow = worker("slow", 20, 4);
    ChunkWorker idle = worker("idle", 0, 4);
    try (var first = new Running(slow)) {
      awaitJoined(slow);
      produce(chunkTask());
      awaitEncodeBy("slow");
      // a second member sharing the partition, idle all along: it would take the record the moment its lock ran out
      try (var second = new Running(idle)) {
        awaitJoined(idle);
        assertAcceptedOnceBySlow();
      }
    }
  }

  @Test
  void aWorkerStoppedMidChunkReleasesItAndAnotherMemberTakesItAtOnce() throws Exception {
    ChunkWorker stopping = worker("stopping", 60, 4);
    ChunkWorker other = worker("other", 0, 4);
    try (var first = new Running(stopping)) {
      awaitJoined(stopping);
      produce(chunkTask());
      awaitEncodeBy("stopping");
      try (var second = new Running(other)) {
        awaitJoined(other);
        first.close(); // SIGTERM's path: the encode is stopped and the record released
        long stoppedAt = System.nanoTime();

        List<RenditionResult> results = readResults(1, Duration.ofSeconds(30));
        assertThat(results).singleElement().satisfies(r -> {
          assertThat(r.getStatus()).isEqualTo(RungStatus.DONE);
          assertThat(r.getWorker()).isEqualTo("other");
        });
        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt))
            .as("released, not left to its %d ms lock", LOCK_MS).isLessThan(Duration.ofMillis(LOCK_MS));
      }
    }
  }

  @Test
  void aChunkAtItsLastDeliveryIsDeadLetteredAndItsRungFailedWithoutAnEncode() throws Exception {
    produce(chunkTask());
    // three members that took it and went away without a word: deliveries 1 to 3
    releaseDeliveries(3);

    ChunkWorker last = worker("last", 0, 4);
    try (var running = new Running(last)) {
      List<RenditionResult> results = readResults(1, Duration.ofSeconds(30));
      assertThat(results).singleElement().satisfies(r -> {
        assertThat(r.getStatus()).isEqualTo(RungStatus.FAILED);
        assertThat(r.getRetryable()).isFalse();
        assertThat(r.getFailureClass()).isEqualTo(FailureClass.ENCODER);
        assertThat(r.getChunk().getIndex()).isZero();
        assertThat(r.getError()).contains("delivered 4 times");
      });
      List<ConsumerRecord<byte[], byte[]>> dead =
          RawTopic.read(bootstrap, DeadLetters.topicFor(Topic.CHUNK_TASKS.topicName()), 1, Duration.ofSeconds(10));
      assertThat(dead).singleElement().satisfies(d -> {
        assertThat(RawTopic.key(d)).isEqualTo("a1/180p/c00000");
        assertThat(RawTopic.header(d, DeadLetters.EXCEPTION_MESSAGE)).contains("delivered 4 times");
      });
      assertThat(encodes).as("not encoded a fourth time").doesNotExist();
      awaitLag(0, Duration.ofSeconds(10));
    }
  }

  private void assertAcceptedOnceBySlow() throws Exception {
    List<RenditionResult> results = readResults(1, Duration.ofSeconds(60));
    assertThat(results).singleElement().satisfies(r -> {
      assertThat(r.getStatus()).isEqualTo(RungStatus.DONE);
      assertThat(r.getEncodeDurationMs()).as("20 s of sleep before FFmpeg: past the %d ms lock", LOCK_MS)
          .isGreaterThan(LOCK_MS);
    });
    assertThat(Files.readAllLines(encodes)).as("the idle member never got the record while it was renewed")
        .containsExactly("slow");
    awaitLag(0, Duration.ofSeconds(10));
    assertThat(readResults(2, Duration.ofSeconds(3))).as("accepted: never delivered again").hasSize(1);
  }

  // --- the members, the task and what arrives

  private ChunkWorker worker(String name, int sleepSeconds, int maxDeliveries) throws Exception {
    Path ffmpeg = data.resolve("ffmpeg-" + name);
    Files.writeString(ffmpeg, "#!/bin/sh\necho " + name + " >> '" + encodes + "'\nsleep " + sleepSeconds + "\nexec ffmpeg \"$@\"\n");
    Files.setPosixFilePermissions(ffmpeg, PosixFilePermissions.fromString("rwxr-xr-x"));
    WorkerConfig config = WorkerConfig.from(Settings.of(Map.of(
        "vw.worker.ffmpeg", ffmpeg.toString(), "vw.worker.work-dir", data.resolve("work-" + name).toString(),
        "vw.source.file-roots", data.toString(), "vw.worker.id", name)));
    RungTranscoder transcoder = new RungTranscoder(config, new X264Encoder("superfast", 0),
        new LocalObjectStore(data.resolve("storage")), Clock.systemUTC());
    return new ChunkWorker(KafkaConnection.plaintext(bootstrap), serdes.renditionTask(), serdes.renditionResult(),
        transcoder, (a, r, f) -> {}, name, config.retries(), maxDeliveries, new WorkerMeters(new SimpleMeterRegistry()),
        Clock.systemUTC(), Map.of());
  }

  /** Chunk 0 of three of a 14 s 29.97 fps source: segments 1 to 3, frames 0 to 149, 0 s to 5 s. */
  private RenditionTask chunkTask() {
    RungSpec rung = RungSpec.newBuilder()
        .setName("180p").setKind(RungKind.VIDEO).setCodec("h264").setProfile("high").setLevel("3.0")
        .setWidth(320).setHeight(180).setFrameRate(30000.0 / 1001)
        .setBitrateKbps(300).setMaxBitrateKbps(450).setBufferKbits(600)
        .setGopSeconds(2).setSegmentSeconds(4).setFirstSegmentSeconds(1).build();
    ChunkSpec chunk = ChunkSpec.newBuilder().setIndex(0).setCount(3).setFirstSegment(1).setSegmentCount(3)
        .setFirstFrame(0).setFrameCount(150).setStartSeconds(0).setEndSeconds(5).build();
    return RenditionTask.newBuilder()
        .setAssetId("a1").setCorrelationId("c1").setSourceUri(source.toUri().toString()).setSourceDurationSeconds(14)
        .setRung(rung).setOutputPrefix("assets/a1/180p/").setChunk(chunk).setIssuedAt(Instant.now()).build();
  }

  private void produce(RenditionTask task) throws Exception {
    try (KafkaProducer<String, RenditionTask> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), serdes.renditionTask().serializer())) {
      producer.send(new ProducerRecord<>(Topic.CHUNK_TASKS.topicName(), "a1/180p/c00000", task)).get();
    }
  }

  /** A bare member of the group takes the record and releases it, {@code times} times over. */
  private void releaseDeliveries(int times) {
    try (KafkaShareConsumer<byte[], byte[]> member = new KafkaShareConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, ChunkTaskGroup.NAME,
        ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      member.subscribe(List.of(Topic.CHUNK_TASKS.topicName()));
      int delivered = 0;
      for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); delivered < times && System.nanoTime() < deadline; ) {
        for (ConsumerRecord<byte[], byte[]> r : member.poll(Duration.ofMillis(200))) {
          delivered++;
          assertThat(r.deliveryCount()).contains((short) delivered);
          member.acknowledge(r, AcknowledgeType.RELEASE);
        }
        member.commitSync();
      }
      assertThat(delivered).isEqualTo(times);
    }
  }

  private List<RenditionResult> readResults(int atLeast, Duration wait) {
    List<RenditionResult> results = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : RawTopic.read(bootstrap, Topic.RENDITION_DONE.topicName(), atLeast, wait)) {
      results.add(serdes.renditionResult().deserializer().deserialize(Topic.RENDITION_DONE.topicName(), r.value()));
    }
    return results;
  }

  private void awaitLag(long expected, Duration wait) throws Exception {
    try (Admin admin = admin()) {
      long lag = -1;
      for (long deadline = System.nanoTime() + wait.toNanos(); System.nanoTime() < deadline; Thread.sleep(200)) {
        lag = admin.listShareGroupOffsets(Map.of(ChunkTaskGroup.NAME, new ListShareGroupOffsetsSpec()))
            .partitionsToOffsetInfo(ChunkTaskGroup.NAME).get().values().stream()
            .mapToLong(o -> o == null ? 0 : o.lag().orElse(0L)).sum();
        if (lag == expected) {
          return;
        }
      }
      assertThat(lag).as("the share group's lag").isEqualTo(expected);
    }
  }

  private void awaitEncodeBy(String name) throws Exception {
    for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); System.nanoTime() < deadline; Thread.sleep(100)) {
      if (Files.exists(encodes) && Files.readAllLines(encodes).contains(name)) {
        return;
      }
    }
    throw new AssertionError(name + " did not start encoding within 30 s");
  }

  private static void awaitJoined(ChunkWorker... workers) throws InterruptedException {
    for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); System.nanoTime() < deadline; Thread.sleep(100)) {
      if (java.util.Arrays.stream(workers).allMatch(ChunkWorker::joined)) {
        return;
      }
    }
    throw new AssertionError("the chunk workers did not join their share group within 30 s");
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }

  /** Workers on their own threads, stopped (and their threads awaited) on close. */
  private static final class Running implements AutoCloseable {
    private final List<ChunkWorker> workers;
    private final List<Thread> threads = new ArrayList<>();

    Running(ChunkWorker... workers) {
      this.workers = List.of(workers);
      for (ChunkWorker w : workers) {
        Thread t = new Thread(w);
        t.start();
        threads.add(t);
      }
    }

    @Override
    public void close() throws InterruptedException {
      workers.forEach(ChunkWorker::close);
      for (Thread t : threads) {
        t.join(30_000);
      }
    }
  }
}
