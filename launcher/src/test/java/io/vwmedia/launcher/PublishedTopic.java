package io.vwmedia.launcher;

import io.vwmedia.events.AssetPublished;
import io.vwmedia.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the whole published topic, committed records only, as a consumer checking for duplicates would. */
public final class PublishedTopic {

  private PublishedTopic() {}

  public static List<AssetPublished> readAll(String bootstrapServers, Serde<AssetPublished> serde) {
    try (KafkaConsumer<String, AssetPublished> consumer = new KafkaConsumer<>(
        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new StringDeserializer(), serde.deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topic.ASSET_PUBLISHED.topicName()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<AssetPublished> all = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> all.add(r.value()));
      }
      return all;
    }
  }
}
