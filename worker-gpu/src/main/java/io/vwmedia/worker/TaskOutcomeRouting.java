package io.vwmedia.worker;

import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RungStatus;
import io.vwmedia.topics.DeadLetters;
import io.vwmedia.topics.RetryPolicy;
import io.vwmedia.topics.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the outcome of one rung task goes, as records for the worker to send before it commits the task: DONE and
 * SKIPPED results to {@code media.rendition.done}; a failure that may pass, with attempts left, back to the next
 * retry topic (no result yet); any other failure to the dead-letter topic and its FAILED result to
 * {@code media.rendition.done}, so the asset still ends. A task whose bytes cannot be read goes to the dead-letter
 * topic as it is.
 */
final class TaskOutcomeRouting {

  private static final Logger log = LoggerFactory.getLogger(TaskOutcomeRouting.class);

  private final RetryPolicy retries;
  private final Serializer<RenditionResult> results;
  private final String groupId;
  private final String clientId;
  private final WorkerMeters meters;

  TaskOutcomeRouting(RetryPolicy retries, Serializer<RenditionResult> results, String clientId, WorkerMeters meters) {
    this(retries, results, RenditionWorker.GROUP_ID, clientId, meters);
  }

  /** As above, for a worker of the group {@code groupId}, named in the dead-letter headers. */
  TaskOutcomeRouting(RetryPolicy retries, Serializer<RenditionResult> results, String groupId, String clientId,
      WorkerMeters meters) {
    this.retries = retries;
    this.results = results;
    this.groupId = groupId;
    this.clientId = clientId;
    this.meters = meters;
  }

  /** The records that report {@code result} of {@code task}, delivered as attempt {@link #attemptOf}, at {@code now}. */
  List<ProducerRecord<byte[], byte[]>> route(RenditionResult result, ConsumerRecord<String, byte[]> task, long now) {
    int attempt = attemptOf(task);
    result.setAttempts(attempt);
    boolean retry = result.getStatus() == RungStatus.FAILED && result.getRetryable() && attempt < retries.attempts();
    meters.attempt(result, retry);
    if (result.getStatus() != RungStatus.FAILED) {
      return List.of(resultRecord(result));
    }
    if (retry) {
      Duration delay = retries.delay(attempt - 1);
      String topic = RetryPolicy.retryTopic(Topic.RENDITION_TASKS, attempt - 1);
      meters.retried(result, topic);
      log.warn("{}/{}: attempt {} of {} failed, again in {} ms from {}: {}", result.getAssetId(),
          result.getRung().getName(), attempt, retries.attempts(), delay.toMillis(), topic, result.getError());
      RecordHeaders headers = new RecordHeaders(task.headers().toArray());
      set(headers, RetryPolicy.ATTEMPTS_HEADER, Integer.toString(attempt + 1));
      set(headers, RetryPolicy.BACKOFF_TIMESTAMP_HEADER, Long.toString(now + delay.toMillis()));
      if (headers.lastHeader(RetryPolicy.ORIGINAL_TIMESTAMP_HEADER) == null) {
        set(headers, RetryPolicy.ORIGINAL_TIMESTAMP_HEADER, Long.toString(task.timestamp()));
      }
      return List.of(new ProducerRecord<>(topic, null, utf8(task.key()), task.value(), headers));
    }
    log.warn("{}/{} {}, sent to the dead-letter topic: {}", result.getAssetId(), result.getRung().getName(),
        result.getRetryable() ? "failed " + attempt + " times" : "failed for good", result.getError());
    meters.deadLettered(result.getRung().getName(), DeadLetters.Stage.TASK_PUT);
    return List.of(deadLetter(task, DeadLetters.Stage.TASK_PUT, new RungFailedException(result.getError(), attempt)),
        resultRecord(result));
  }

  /** A task whose value could not be read: to the dead-letter topic, bytes untouched. */
  ProducerRecord<byte[], byte[]> unreadable(ConsumerRecord<String, byte[]> task, Exception error) {
    meters.deadLettered("unknown", DeadLetters.Stage.VALUE_CONVERTER);
    return deadLetter(task, DeadLetters.Stage.VALUE_CONVERTER, error);
  }

  /** The attempt this delivery of a task is: 1 on the main topic, as the retry header says on a retry topic. */
  static int attemptOf(ConsumerRecord<?, ?> task) {
    String attempts = DeadLetters.header(task.headers(), RetryPolicy.ATTEMPTS_HEADER);
    try {
      return attempts == null ? 1 : Math.max(1, Integer.parseInt(attempts.strip()));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /** When a retry-topic record may be run (epoch ms); 0 for a record of the main topic. */
  static long dueAt(ConsumerRecord<?, ?> task) {
    if (task.topic().equals(Topic.RENDITION_TASKS.topicName())) {
      return 0;
    }
    String due = DeadLetters.header(task.headers(), RetryPolicy.BACKOFF_TIMESTAMP_HEADER);
    try {
      return due == null ? 0 : Long.parseLong(due.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** An ENCODING result (live publishing: the segments stored so far), to the result topic keyed by asset. */
  ProducerRecord<byte[], byte[]> progress(RenditionResult encoding) {
    return resultRecord(encoding);
  }

  private ProducerRecord<byte[], byte[]> resultRecord(RenditionResult result) {
    String topic = Topic.RENDITION_DONE.topicName();
    return new ProducerRecord<>(topic, utf8(result.getAssetId()), results.serialize(topic, result));
  }

  private ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<String, byte[]> r, DeadLetters.Stage stage, Throwable error) {
    ConsumerRecord<byte[], byte[]> bytes = new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(),
        r.timestampType(), r.serializedKeySize(), r.serializedValueSize(), utf8(r.key()), r.value(), r.headers(),
        Optional.empty());
    return DeadLetters.of(bytes, stage, error, groupId, clientId);
  }

  private static void set(RecordHeaders headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] utf8(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  /** A rung that failed for good, as the dead-letter headers name it. */
  static final class RungFailedException extends Exception {
    RungFailedException(String error, int attempts) {
      super(error + (attempts > 1 ? " (after " + attempts + " attempts)" : ""));
    }
  }
}
