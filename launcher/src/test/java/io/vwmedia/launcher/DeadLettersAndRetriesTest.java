package io.vwmedia.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.Rendition;
import io.vwmedia.events.RungStatus;
import io.vwmedia.launcher.stack.EmbeddedStack;
import io.vwmedia.serde.SchemaRegistries;
import io.vwmedia.serde.SchemaRegistryClient;
import io.vwmedia.topics.DeadLetters;
import io.vwmedia.topics.RetryPolicy;
import io.vwmedia.topics.Topic;
import io.vwmedia.worker.ProgressListener;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the real embedded broker: records nobody can read and rungs that fail are never lost and never block what
 * comes after them. Unreadable records go to their topic's dead-letter topic; failed rungs are retried through the
 * retry topics when the failure may pass, dead-lettered at once when it would only repeat, and either way reported
 * so the asset ends.
 */
class DeadLettersAndRetriesTest {

  @RegisterExtension final TestBrokers broker = new TestBrokers();

  @TempDir static Path media;
  static Path clip;

  @BeforeAll
  static void generateClip() throws Exception {
    // 1280x720: 360p and 720p rungs and audio
    clip = Media.generate(media.resolve("clip.mp4"), "testsrc2=size=1280x720:rate=25", 2, true);
  }

  @Test
  void unreadableRecordsGoToTheDeadLetterTopicWithTheReasonAndTheNextUploadStillPublishes(@TempDir Path data) throws Exception {
    try (EmbeddedStack stack = EmbeddedStack.start(data, broker.forStack(EmbeddedPipelineTest.fastEncodes(Map.of())), ProgressListener.NONE, false)) {
      String bootstrap = stack.bootstrapServers();
      byte[] json = "{\"assetId\": \"json-instead-of-avro\"}".getBytes(StandardCharsets.UTF_8);
      byte[] unknownSchema = {0, 0, 0, 0x7f, (byte) 0xff, 2, 0x61, 0x62};
      byte[] missingField = missingRequiredFields(data.resolve("registry"));
      RawTopic.write(bootstrap, Topic.UPLOAD_REQUESTED.topicName(), "json", json);
      RawTopic.write(bootstrap, Topic.UPLOAD_REQUESTED.topicName(), "unknown-schema", unknownSchema);
      RawTopic.write(bootstrap, Topic.UPLOAD_REQUESTED.topicName(), "missing-field", missingField);
      RawTopic.write(bootstrap, Topic.RENDITION_TASKS.topicName(), "bad/360p", json);

      AssetPublished after = EmbeddedPipelineTest.publish(stack, "after-bad-records", clip);
      assertThat(after.getStatus()).as("the pipeline carried on").isEqualTo(AssetStatus.PUBLISHED);

      List<ConsumerRecord<byte[], byte[]>> uploads = RawTopic.read(bootstrap, "media.upload.requested-dlt", 3, Duration.ofSeconds(30));
      assertThat(uploads).extracting(RawTopic::key).containsExactlyInAnyOrder("json", "unknown-schema", "missing-field");
      for (ConsumerRecord<byte[], byte[]> r : uploads) {
        assertThat(RawTopic.header(r, DeadLetters.TOPIC)).isEqualTo("media.upload.requested");
        assertThat(RawTopic.header(r, DeadLetters.STAGE)).isEqualTo("VALUE_CONVERTER");
        assertThat(RawTopic.header(r, DeadLetters.OFFSET)).matches("\\d+");
        assertThat(RawTopic.header(r, DeadLetters.CONNECTOR)).isEqualTo("vw-media-topology");
        assertThat(RawTopic.header(r, DeadLetters.EXCEPTION_STACKTRACE)).isNotBlank();
      }
      assertThat(byKey(uploads, "json").value()).as("the bytes as they were sent").isEqualTo(json);
      assertThat(RawTopic.header(byKey(uploads, "json"), DeadLetters.EXCEPTION_MESSAGE)).containsIgnoringCase("magic");
      assertThat(RawTopic.header(byKey(uploads, "unknown-schema"), DeadLetters.EXCEPTION_MESSAGE)).contains("32767");
      assertThat(RawTopic.header(byKey(uploads, "missing-field"), DeadLetters.EXCEPTION_MESSAGE)).contains("missing required field");

      List<ConsumerRecord<byte[], byte[]>> tasks = RawTopic.read(bootstrap, "media.rendition.tasks-dlt", 1, Duration.ofSeconds(30));
      assertThat(tasks).singleElement().satisfies(r -> {
        assertThat(RawTopic.key(r)).isEqualTo("bad/360p");
        assertThat(r.value()).isEqualTo(json);
        assertThat(RawTopic.header(r, DeadLetters.TOPIC)).isEqualTo("media.rendition.tasks");
        assertThat(RawTopic.header(r, DeadLetters.CONNECTOR)).isEqualTo("vw-media-worker");
      });
    }
  }

  @Test
  void failedRungsAreRetriedWithBackoffWhenTheFailureMayPassAndDeadLetteredWhenItWouldRepeat(@TempDir Path data) throws Exception {
    // an FFmpeg killed (SIGKILL, as by the OOM killer) the first time it encodes 720p of "killed-once"; every time
    // for "always-killed"; crashing (SIGSEGV, as on input it cannot handle) on 720p of "crashing"; and hanging on
    // 720p of "hanging", until the worker's timeout (the source's duration times vw.worker.timeout-factor, at
    // least vw.worker.min-timeout) kills it
    Path marker = data.resolve("killed-once.marker");
    Path ffmpeg = data.resolve("ffmpeg-faults");
    Files.writeString(ffmpeg, """
        #!/bin/sh
        case "$*" in
          *killed-once-720p*) if [ ! -e '%1$s' ]; then touch '%1$s'; kill -9 $$; fi;;
          *always-killed-720p*) kill -9 $$;;
          *crashing-720p*) echo "simulated encoder crash" >&2; exit 139;;
          *hanging-720p*) sleep 600;;
        esac
        exec ffmpeg "$@"
        """.formatted(marker));
    Files.setPosixFilePermissions(ffmpeg, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> settings = Map.of("vw.worker.ffmpeg", ffmpeg.toString(), "vw.worker.rungs-per-encode", "1",
        "vw.retry.attempts", "3", "vw.retry.delay", "1s", "vw.retry.multiplier", "2",
        "vw.worker.timeout-factor", "1", "vw.worker.min-timeout", "8s");

    try (EmbeddedStack stack = EmbeddedStack.start(data, broker.forStack(EmbeddedPipelineTest.fastEncodes(settings)), ProgressListener.NONE, false)) {
      String bootstrap = stack.bootstrapServers();
      AssetPublished killedOnce = EmbeddedPipelineTest.publish(stack, "killed-once", clip);
      AssetPublished alwaysKilled = EmbeddedPipelineTest.publish(stack, "always-killed", clip);
      AssetPublished crashing = EmbeddedPipelineTest.publish(stack, "crashing", clip);
      AssetPublished hanging = EmbeddedPipelineTest.publish(stack, "hanging", clip);

      assertThat(killedOnce.getStatus()).as("the retry succeeded").isEqualTo(AssetStatus.PUBLISHED);
      assertThat(alwaysKilled.getStatus()).isEqualTo(AssetStatus.DEGRADED);
      assertThat(crashing.getStatus()).isEqualTo(AssetStatus.DEGRADED);
      assertThat(rendition(alwaysKilled, "720p").getStatus()).isEqualTo(RungStatus.FAILED);
      assertThat(rendition(alwaysKilled, "720p").getError()).contains("FFmpeg exited with code 137");
      assertThat(hanging.getStatus()).isEqualTo(AssetStatus.DEGRADED);
      assertThat(rendition(hanging, "720p").getError()).contains("FFmpeg did not finish within 8 s and was stopped");

      // killed-once: one trip through retry-0; always-killed: retry-0, then retry-1, then the dead-letter topic
      List<ConsumerRecord<byte[], byte[]>> retry0 = RawTopic.read(bootstrap, RetryPolicy.retryTopic(Topic.RENDITION_TASKS, 0), 3, Duration.ofSeconds(10));
      List<ConsumerRecord<byte[], byte[]>> retry1 = RawTopic.read(bootstrap, RetryPolicy.retryTopic(Topic.RENDITION_TASKS, 1), 2, Duration.ofSeconds(10));
      assertThat(retry0).extracting(RawTopic::key).containsExactlyInAnyOrder("killed-once/720p", "always-killed/720p", "hanging/720p");
      assertThat(retry1).extracting(RawTopic::key).containsExactlyInAnyOrder("always-killed/720p", "hanging/720p");
      assertThat(retry0).allSatisfy(r -> {
        assertThat(RawTopic.header(r, RetryPolicy.ATTEMPTS_HEADER)).isEqualTo("2");
        assertThat(Long.parseLong(RawTopic.header(r, RetryPolicy.BACKOFF_TIMESTAMP_HEADER)))
            .as("due one delay (1 s) after it was sent").isBetween(r.timestamp() + 900, r.timestamp() + 1500);
        assertThat(RawTopic.header(r, RetryPolicy.ORIGINAL_TIMESTAMP_HEADER)).matches("\\d+");
      });
      assertThat(retry1).allSatisfy(r -> {
        assertThat(RawTopic.header(r, RetryPolicy.ATTEMPTS_HEADER)).isEqualTo("3");
        assertThat(Long.parseLong(RawTopic.header(r, RetryPolicy.BACKOFF_TIMESTAMP_HEADER)))
            .as("the second delay is twice the first").isBetween(r.timestamp() + 1900, r.timestamp() + 2500);
      });

      List<ConsumerRecord<byte[], byte[]>> dead = RawTopic.read(bootstrap, "media.rendition.tasks-dlt", 3, Duration.ofSeconds(10));
      assertThat(dead).extracting(RawTopic::key).as("crashing went straight there: no retry could help")
          .containsExactlyInAnyOrder("always-killed/720p", "hanging/720p", "crashing/720p");
      ConsumerRecord<byte[], byte[]> exhausted = byKey(dead, "always-killed/720p");
      assertThat(RawTopic.header(exhausted, DeadLetters.EXCEPTION_MESSAGE)).contains("code 137", "after 3 attempts");
      assertThat(RawTopic.header(exhausted, DeadLetters.TOPIC)).isEqualTo(RetryPolicy.retryTopic(Topic.RENDITION_TASKS, 1));
      assertThat(RawTopic.header(exhausted, DeadLetters.STAGE)).isEqualTo("TASK_PUT");
      assertThat(RawTopic.header(byKey(dead, "crashing/720p"), DeadLetters.EXCEPTION_MESSAGE))
          .contains("simulated encoder crash").doesNotContain("attempts");
      assertThat(RawTopic.header(byKey(dead, "crashing/720p"), DeadLetters.TOPIC)).isEqualTo("media.rendition.tasks");
      try (var scratch = Files.list(data.resolve("work"))) {
        assertThat(scratch).as("no scratch folder left by killed, crashed or timed-out encodes").isEmpty();
      }
    }
  }

  private static Rendition rendition(AssetPublished published, String name) {
    return published.getRenditions().stream().filter(r -> r.getName().equals(name)).findFirst().orElseThrow();
  }

  private static ConsumerRecord<byte[], byte[]> byKey(List<ConsumerRecord<byte[], byte[]>> records, String key) {
    return records.stream().filter(r -> key.equals(RawTopic.key(r))).findFirst().orElseThrow();
  }

  /** An upload event written by a producer whose schema lacks the fields vw-media requires, in the registry's framing. */
  private static byte[] missingRequiredFields(Path registry) throws Exception {
    Schema partial = new Schema.Parser().parse("""
        {"type": "record", "name": "UploadRequested", "namespace": "io.vwmedia.events",
         "fields": [{"name": "assetId", "type": "string"}]}""");
    int id;
    try (SchemaRegistryClient client = SchemaRegistries.fromUrl(registry.toString())) {
      id = client.register("someone-elses-upload-value", partial);
    }
    GenericRecord record = new GenericData.Record(partial);
    record.put("assetId", "missing-field");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(partial).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
