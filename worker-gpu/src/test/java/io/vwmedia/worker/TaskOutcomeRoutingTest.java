package io.vwmedia.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vwmedia.events.FailureClass;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungSpec;
import io.vwmedia.events.RungStatus;
import io.vwmedia.topics.DeadLetters;
import io.vwmedia.topics.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class TaskOutcomeRoutingTest {

  static final long NOW = 1_000_000;
  final RetryPolicy retries = new RetryPolicy(3, Duration.ofSeconds(10), 3, Duration.ofSeconds(20));
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final TaskOutcomeRouting routing =
      new TaskOutcomeRouting(retries, (topic, r) -> r.getStatus().name().getBytes(), "w-1", new WorkerMeters(meters));

  @Test
  void aDoneRungIsReportedAndNothingElse() {
    List<ProducerRecord<byte[], byte[]>> out = routing.route(result(RungStatus.DONE, false), task("media.rendition.tasks"), NOW);

    assertThat(out).extracting(ProducerRecord::topic).containsExactly("media.rendition.done");
  }

  @Test
  void aFailureThatMayPassGoesToTheNextRetryTopicDueAfterItsDelayWithNoResultYet() {
    RenditionResult first = result(RungStatus.FAILED, true);
    List<ProducerRecord<byte[], byte[]>> out = routing.route(first, task("media.rendition.tasks"), NOW);

    assertThat(out).singleElement().satisfies(r -> {
      assertThat(r.topic()).isEqualTo("media.rendition.tasks-retry-0");
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("a/720p");
      assertThat(DeadLetters.header(r.headers(), RetryPolicy.ATTEMPTS_HEADER)).isEqualTo("2");
      assertThat(DeadLetters.header(r.headers(), RetryPolicy.BACKOFF_TIMESTAMP_HEADER)).isEqualTo(Long.toString(NOW + 10_000));
      assertThat(DeadLetters.header(r.headers(), RetryPolicy.ORIGINAL_TIMESTAMP_HEADER)).isEqualTo("42");
    });
    assertThat(first.getAttempts()).isEqualTo(1);

    ConsumerRecord<String, byte[]> second = task("media.rendition.tasks-retry-0", RetryPolicy.ATTEMPTS_HEADER, "2");
    assertThat(TaskOutcomeRouting.attemptOf(second)).isEqualTo(2);
    assertThat(routing.route(result(RungStatus.FAILED, true), second, NOW)).singleElement().satisfies(r -> {
      assertThat(r.topic()).isEqualTo("media.rendition.tasks-retry-1");
      assertThat(DeadLetters.header(r.headers(), RetryPolicy.BACKOFF_TIMESTAMP_HEADER))
          .as("30 s by the multiplier, capped at the 20 s maximum").isEqualTo(Long.toString(NOW + 20_000));
    });
  }

  @Test
  void theLastAttemptGoesToTheDeadLetterTopicAndItsFailureIsReported() {
    RenditionResult last = result(RungStatus.FAILED, true);
    List<ProducerRecord<byte[], byte[]>> out =
        routing.route(last, task("media.rendition.tasks-retry-1", RetryPolicy.ATTEMPTS_HEADER, "3"), NOW);

    assertThat(out).extracting(ProducerRecord::topic).containsExactly("media.rendition.tasks-dlt", "media.rendition.done");
    assertThat(DeadLetters.header(out.get(0).headers(), DeadLetters.EXCEPTION_MESSAGE))
        .isEqualTo("FFmpeg exited with code 137 (after 3 attempts)");
    assertThat(DeadLetters.header(out.get(0).headers(), DeadLetters.TOPIC)).isEqualTo("media.rendition.tasks-retry-1");
    assertThat(last.getAttempts()).isEqualTo(3);
  }

  @Test
  void aFailureThatWouldRepeatSkipsTheRetries() {
    List<ProducerRecord<byte[], byte[]>> out = routing.route(result(RungStatus.FAILED, false), task("media.rendition.tasks"), NOW);

    assertThat(out).extracting(ProducerRecord::topic).containsExactly("media.rendition.tasks-dlt", "media.rendition.done");
    assertThat(DeadLetters.header(out.get(0).headers(), DeadLetters.STAGE)).isEqualTo("TASK_PUT");
    assertThat(out.get(0).value()).isEqualTo("task bytes".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void everyAttemptIsTimedByOutcomeAndEveryFailureCountedByClassRetryAndDeadLetter() {
    RenditionResult killed = result(RungStatus.FAILED, true);
    killed.setFailureClass(FailureClass.RETRYABLE);
    killed.setFfmpegEncoder("h264_nvenc");
    killed.setEncodeDurationMs(1500);
    routing.route(killed, task("media.rendition.tasks"), NOW);
    RenditionResult bad = result(RungStatus.FAILED, false);
    bad.setFailureClass(FailureClass.INVALID_SOURCE);
    bad.setFfmpegEncoder("libx264");
    routing.route(bad, task("media.rendition.tasks"), NOW);
    RenditionResult done = result(RungStatus.DONE, false);
    done.setFfmpegEncoder("libx264");
    done.setSegmentBytes(123_456);
    routing.route(done, task("media.rendition.tasks"), NOW);

    assertThat(meters.get("media.transcode.duration").tags("rung", "720p", "encoder", "nvenc", "outcome", "retried").timer()
        .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(1500);
    assertThat(meters.get("media.transcode.duration").tags("encoder", "x264", "outcome", "failed").timer().count()).isOne();
    assertThat(meters.get("media.transcode.duration").tags("encoder", "x264", "outcome", "done").timer().count()).isOne();
    assertThat(meters.get("media.transcode.errors").tags("rung", "720p", "reason", "retryable").counter().count()).isOne();
    assertThat(meters.get("media.transcode.errors").tags("rung", "720p", "reason", "invalid-source").counter().count()).isOne();
    assertThat(meters.get("media.transcode.retries").tags("topic", "media.rendition.tasks-retry-0").counter().count()).isOne();
    assertThat(meters.get("media.transcode.dead.letters").tags("rung", "720p", "stage", "task-put").counter().count()).isOne();
    assertThat(meters.get("media.transcode.output").tags("rung", "720p").summary().totalAmount()).isEqualTo(123_456);
  }

  @Test
  void aMainTopicTaskIsDueAtOnceAndARetryTaskWhenItsHeaderSays() {
    assertThat(TaskOutcomeRouting.dueAt(task("media.rendition.tasks", RetryPolicy.BACKOFF_TIMESTAMP_HEADER, "99"))).isZero();
    assertThat(TaskOutcomeRouting.dueAt(task("media.rendition.tasks-retry-0", RetryPolicy.BACKOFF_TIMESTAMP_HEADER, "99"))).isEqualTo(99);
  }

  private static ConsumerRecord<String, byte[]> task(String topic, String... header) {
    RecordHeaders headers = new RecordHeaders();
    for (int i = 0; i < header.length; i += 2) {
      headers.add(header[i], header[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return new ConsumerRecord<>(topic, 0, 7, 42L, TimestampType.CREATE_TIME, 6, 10, "a/720p",
        "task bytes".getBytes(StandardCharsets.UTF_8), headers, java.util.Optional.empty());
  }

  private static RenditionResult result(RungStatus status, boolean retryable) {
    return RenditionResult.newBuilder()
        .setAssetId("a").setCorrelationId("c").setStatus(status).setRetryable(retryable)
        .setRung(RungSpec.newBuilder().setName("720p").setKind(RungKind.VIDEO).setCodec("h264").setProfile("high")
            .setBitrateKbps(3000).setMaxBitrateKbps(4500).setBufferKbits(6000).setGopSeconds(2).setSegmentSeconds(4).build())
        .setError(status == RungStatus.FAILED ? "FFmpeg exited with code 137" : null)
        .setFinishedAt(Instant.EPOCH)
        .build();
  }
}
