package io.vwmedia.launcher.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vwmedia.config.Settings;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungSpec;
import io.vwmedia.events.RungStatus;
import io.vwmedia.ffmpeg.encode.X264Encoder;
import io.vwmedia.launcher.Media;
import io.vwmedia.launcher.TestBrokers;
import io.vwmedia.serde.SchemaRegistries;
import io.vwmedia.storage.LocalObjectStore;
import io.vwmedia.topics.KafkaConnection;
import io.vwmedia.topics.Topic;
import io.vwmedia.topics.TopicInstaller;
import io.vwmedia.topics.TopicSerdes;
import io.vwmedia.worker.RenditionWorker;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The worker on a real broker ({@link TestBrokers}: in-JVM, or Apache Kafka in a container), with a real (slowed-down) FFmpeg. */
class RenditionWorkerTest {

  @RegisterExtension final TestBrokers broker = new TestBrokers();

  @TempDir Path data;

  @Test
  void staysInItsGroupThroughAnEncodeLongerThanTheMaxPollIntervalAndCommitsOnce() throws Exception {
    Path clip = Media.generate(data.resolve("clip.mp4"), "testsrc2=size=320x180:rate=25", 2, false);
    // real FFmpeg that first sleeps 10 s: far longer than the 3 s max.poll.interval.ms below
    Path slowFfmpeg = data.resolve("slow-ffmpeg");
    Files.writeString(slowFfmpeg, "#!/bin/sh\nsleep 10\nexec ffmpeg \"$@\"\n");
    Files.setPosixFilePermissions(slowFfmpeg, PosixFilePermissions.fromString("rwxr-xr-x"));

    String bootstrap = broker.bootstrapServers();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      TopicInstaller.ensureTopics(admin, (short) 1);
    }
    TopicSerdes serdes = new TopicSerdes(SchemaRegistries.fromUrl(data.resolve("registry").toString()));
    WorkerConfig config = WorkerConfig.from(Settings.of(Map.of(
        "vw.worker.ffmpeg", slowFfmpeg.toString(), "vw.worker.work-dir", data.resolve("work").toString(),
        "vw.source.file-roots", System.getProperty("java.io.tmpdir"))));
    RungTranscoder transcoder = new RungTranscoder(config, new X264Encoder("superfast", 0),
        new LocalObjectStore(data.resolve("storage")), Clock.systemUTC());
    RenditionWorker worker = new RenditionWorker(KafkaConnection.plaintext(bootstrap), serdes.renditionTask(), serdes.renditionResult(),
        transcoder, (a, r, f) -> {}, "slow-worker", config.retries(),
        Map.of(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 3000, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000),
        new WorkerMeters(new SimpleMeterRegistry()));
    Thread thread = new Thread(worker, "slow-worker");
    thread.start();
    try {
      RenditionTask task = task("slow", clip, 180);
      TopicPartition taskPartition;
      try (KafkaProducer<String, RenditionTask> producer = new KafkaProducer<>(
          Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), serdes.renditionTask().serializer())) {
        var meta = producer.send(new ProducerRecord<>(Topic.RENDITION_TASKS.topicName(), "slow/180p", task)).get();
        taskPartition = new TopicPartition(meta.topic(), meta.partition());
      }

      List<RenditionResult> results = readResults(bootstrap, serdes, Duration.ofSeconds(40), 1);

      assertThat(results).hasSize(1);
      assertThat(results.get(0).getStatus()).isEqualTo(RungStatus.DONE);
      assertThat(results.get(0).getEncodeDurationMs()).isGreaterThan(10_000);
      // a worker that had dropped out of its group could not commit: the task would stay uncommitted
      assertThat(committedOffset(bootstrap, taskPartition, Duration.ofSeconds(5))).isEqualTo(1L);
      assertThat(readResults(bootstrap, serdes, Duration.ofSeconds(2), 2)).as("encoded once").hasSize(1);
    } finally {
      worker.close();
      thread.join(30_000);
    }
  }

  /**
   * With first-rung-first, a source's lowest rung is encoded on its own so that the asset's first version comes
   * early; its other rungs start at the same moment, ten steps lower in CPU priority, on the cores that encode leaves
   * idle. The lowest rung's result still comes first.
   */
  @Test
  void aSourcesOtherRungsEncodeAlongsideItsFirstRungTenStepsLowerInPriorityAndTheirResultComesAfterIts() throws Exception {
    List<String[]> encodes = encodeTwoRungs(true);
    String[] first = encodeOf(encodes, 180);
    String[] rest = encodeOf(encodes, 360);
    assertThat(Integer.parseInt(rest[1])).as("niceness").isEqualTo(Math.min(19, Integer.parseInt(first[1]) + 10));
    assertThat(Long.parseLong(rest[0])).as("started before the first rung's encode ended")
        .isLessThan(Long.parseLong(first[2]));
  }

  @Test
  void withoutOverlapASourcesOtherRungsStartWhenItsFirstRungIsDoneAtTheWorkersOwnPriority() throws Exception {
    List<String[]> encodes = encodeTwoRungs(false);
    String[] first = encodeOf(encodes, 180);
    String[] rest = encodeOf(encodes, 360);
    assertThat(rest[1]).as("niceness").isEqualTo(first[1]);
    assertThat(Long.parseLong(rest[0])).isGreaterThanOrEqualTo(Long.parseLong(first[2]));
  }

  /**
   * A 180p and a 360p task of one source through a worker whose FFmpeg logs its niceness, start and end (each
   * encode takes at least 3 s): one line per encode, {start ns, niceness, end ns, arguments}, after both results
   * came, the 180p one first.
   */
  private List<String[]> encodeTwoRungs(boolean overlap) throws Exception {
    Path clip = Media.generate(data.resolve("clip.mp4"), "testsrc2=size=640x360:rate=25", 2, false);
    Path log = data.resolve("encodes.log");
    Path ffmpeg = data.resolve("logging-ffmpeg");
    Files.writeString(ffmpeg, "#!/bin/sh\ncase \"$*\" in *-progress*) ;; *) exec ffmpeg \"$@\" ;; esac\n"
        + "start=$(date +%s%N); sleep 3; ffmpeg \"$@\"; rc=$?\n"
        + "echo \"$start $(nice) $(date +%s%N) $*\" >> " + log + "\nexit $rc\n");
    Files.setPosixFilePermissions(ffmpeg, PosixFilePermissions.fromString("rwxr-xr-x"));
    String bootstrap = broker.bootstrapServers();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      TopicInstaller.ensureTopics(admin, (short) 1);
    }
    TopicSerdes serdes = new TopicSerdes(SchemaRegistries.fromUrl(data.resolve("registry").toString()));
    try (KafkaProducer<String, RenditionTask> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), serdes.renditionTask().serializer())) {
      for (int height : new int[] {360, 180}) {
        producer.send(new ProducerRecord<>(Topic.RENDITION_TASKS.topicName(), "two/" + height + "p", task("two", clip, height))).get();
      }
    }
    WorkerConfig config = WorkerConfig.from(Settings.of(Map.of(
        "vw.worker.ffmpeg", ffmpeg.toString(), "vw.worker.work-dir", data.resolve("work").toString(),
        "vw.worker.overlap-encodes", Boolean.toString(overlap),
        "vw.source.file-roots", System.getProperty("java.io.tmpdir"))));
    RungTranscoder transcoder = new RungTranscoder(config, new X264Encoder("ultrafast", 0),
        new LocalObjectStore(data.resolve("storage")), Clock.systemUTC());
    RenditionWorker worker = new RenditionWorker(KafkaConnection.plaintext(bootstrap), serdes.renditionTask(),
        serdes.renditionResult(), transcoder, (a, r, f) -> {}, "two-rungs", config.retries());
    Thread thread = new Thread(worker, "two-rungs");
    thread.start();
    try {
      List<RenditionResult> results = readResults(bootstrap, serdes, Duration.ofSeconds(60), 2);
      assertThat(results).extracting(r -> r.getRung().getName()).containsExactly("180p", "360p");
      assertThat(results).extracting(RenditionResult::getStatus).containsOnly(RungStatus.DONE);
    } finally {
      worker.close();
      thread.join(30_000);
    }
    return Files.readAllLines(log).stream().map(line -> line.split(" ", 4)).toList();
  }

  /** The logged encode that scaled to this height (16:9). */
  private static String[] encodeOf(List<String[]> encodes, int height) {
    String scale = "scale=" + height * 16 / 9 + ":" + height;
    return encodes.stream().filter(e -> e[3].contains(scale)).findFirst().orElseThrow();
  }

  /** A 16:9 H.264 rung of this height (bitrates in proportion, 2 s GOPs and segments) for a 2 s source. */
  private static RenditionTask task(String assetId, Path clip, int height) {
    return RenditionTask.newBuilder()
        .setAssetId(assetId).setCorrelationId("c").setSourceUri(clip.toUri().toString()).setSourceDurationSeconds(2)
        .setRung(RungSpec.newBuilder()
            .setName(height + "p").setKind(RungKind.VIDEO).setCodec("h264").setProfile("high").setLevel("3.0")
            .setWidth(height * 16 / 9).setHeight(height).setFrameRate(25).setBitrateKbps(height * 2)
            .setMaxBitrateKbps(height * 3).setBufferKbits(height * 4).setGopSeconds(2).setSegmentSeconds(2).build())
        .setOutputPrefix("assets/" + assetId + "/" + height + "p/").setIssuedAt(Instant.now()).build();
  }

  private static Long committedOffset(String bootstrap, TopicPartition partition, Duration wait) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      long deadline = System.nanoTime() + wait.toNanos();
      while (true) {
        OffsetAndMetadata committed = admin.listConsumerGroupOffsets(RenditionWorker.GROUP_ID)
            .partitionsToOffsetAndMetadata().get().get(partition);
        if ((committed != null && committed.offset() > 0) || System.nanoTime() > deadline) {
          return committed == null ? null : committed.offset();
        }
        Thread.sleep(100);
      }
    }
  }

  private static List<RenditionResult> readResults(String bootstrap, TopicSerdes serdes, Duration wait, int atMost) {
    try (KafkaConsumer<String, RenditionResult> consumer = new KafkaConsumer<>(
        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringDeserializer(), serdes.renditionResult().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topic.RENDITION_DONE.topicName()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<RenditionResult> results = new ArrayList<>();
      long deadline = System.nanoTime() + wait.toNanos();
      while (results.size() < atMost && System.nanoTime() < deadline) {
        // the rung's results, not the reports of segments stored while it encodes (live publishing)
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (r.value().getStatus() != RungStatus.ENCODING) {
            results.add(r.value());
          }
        });
      }
      return results;
    }
  }
}
