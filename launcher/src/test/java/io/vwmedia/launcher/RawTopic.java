package io.vwmedia.launcher;

import io.vwmedia.topics.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** A topic's records as bytes, as someone inspecting it in Kafka UI sees them, and bytes written as any producer could. */
public final class RawTopic {

  private RawTopic() {}

  /** Every committed record of {@code topic}, waiting up to {@code timeout} for at least {@code atLeast} of them. */
  public static List<ConsumerRecord<byte[], byte[]>> read(String bootstrap, String topic, int atLeast, Duration timeout) {
    return read(bootstrap, topic, r -> true, atLeast, timeout);
  }

  /**
   * The committed records of {@code topic} that {@code which} picks, waiting up to {@code timeout} for at least
   * {@code atLeast} of them.
   */
  public static List<ConsumerRecord<byte[], byte[]>> read(String bootstrap, String topic,
      java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> which, int atLeast, Duration timeout) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      do {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (which.test(r)) {
            all.add(r);
          }
        });
      } while (all.size() < atLeast && System.nanoTime() < deadline);
      // and anything already there beyond that
      consumer.poll(Duration.ofMillis(500)).forEach(r -> {
        if (which.test(r)) {
          all.add(r);
        }
      });
      return all;
    }
  }

  /** Writes these bytes as they are. */
  public static void write(String bootstrap, String topic, String key, byte[] value) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
    }
  }

  public static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return DeadLetters.header(record.headers(), name);
  }

  public static String key(ConsumerRecord<byte[], byte[]> record) {
    return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
  }
}
