package io.vwmedia.topics;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Dead-letter records: the original key and value bytes untouched, on {@code <topic>-dlt}, with where they came
 * from and why they could not be processed in headers named as Kafka Connect names them ({@code
 * __connect.errors.*}, UTF-8 strings), so the tools that read Connect's dead-letter queues read these too.
 */
public final class DeadLetters {

  public static final String PREFIX = "__connect.errors.";
  public static final String TOPIC = PREFIX + "topic";
  public static final String PARTITION = PREFIX + "partition";
  public static final String OFFSET = PREFIX + "offset";
  public static final String CONNECTOR = PREFIX + "connector.name";
  public static final String TASK = PREFIX + "task.id";
  public static final String STAGE = PREFIX + "stage";
  public static final String CLASS = PREFIX + "class.name";
  public static final String EXCEPTION_CLASS = PREFIX + "exception.class.name";
  public static final String EXCEPTION_MESSAGE = PREFIX + "exception.message";
  public static final String EXCEPTION_STACKTRACE = PREFIX + "exception.stacktrace";

  /** What was being done when the record failed, as the {@link #STAGE} header says it. */
  public enum Stage {
    /** The value's bytes could not be read: not Avro, an unknown schema id, a missing required field. */
    VALUE_CONVERTER,
    /** The record was read but could not be processed: e.g. a rung FFmpeg could not make after every attempt. */
    TASK_PUT
  }

  private DeadLetters() {}

  /** The dead-letter topic of a catalog topic, or of one of its retry topics' main topic. */
  public static String topicFor(String topic) {
    int retry = topic.lastIndexOf("-retry-");
    return (retry > 0 ? topic.substring(0, retry) : topic) + "-dlt";
  }

  /**
   * A dead-letter record of {@code failed}, keyed and valued as it was, its headers kept, plus the error headers.
   *
   * @param component who gave up on it, e.g. {@code vw-media-worker}
   * @param clientId which instance
   */
  public static ProducerRecord<byte[], byte[]> of(ConsumerRecord<byte[], byte[]> failed, Stage stage, Throwable error,
      String component, String clientId) {
    Headers headers = new RecordHeaders(failed.headers().toArray());
    for (String name : new String[] {TOPIC, PARTITION, OFFSET, CONNECTOR, TASK, STAGE, CLASS, EXCEPTION_CLASS,
        EXCEPTION_MESSAGE, EXCEPTION_STACKTRACE}) {
      headers.remove(name);
    }
    put(headers, TOPIC, failed.topic());
    put(headers, PARTITION, Integer.toString(failed.partition()));
    put(headers, OFFSET, Long.toString(failed.offset()));
    put(headers, CONNECTOR, component);
    put(headers, TASK, clientId);
    put(headers, STAGE, stage.name());
    put(headers, CLASS, component);
    put(headers, EXCEPTION_CLASS, error.getClass().getName());
    put(headers, EXCEPTION_MESSAGE, String.valueOf(error.getMessage()));
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    put(headers, EXCEPTION_STACKTRACE, trace.toString());
    return new ProducerRecord<>(topicFor(failed.topic()), null, failed.key(), failed.value(), headers);
  }

  /** A header's value as the UTF-8 string it was written as, or null. */
  public static String header(Headers headers, String name) {
    var h = headers.lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static void put(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
