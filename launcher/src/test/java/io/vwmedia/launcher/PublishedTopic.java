package io.vwmedia.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.launcher.client.PublishedWatcher;
import io.vwmedia.launcher.stack.EmbeddedStack;
import io.vwmedia.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the whole published topic, committed records only, as a consumer checking for duplicates would. */
public final class PublishedTopic {

  private PublishedTopic() {}

  /**
   * Waits until every one of {@code assets} has its terminal event, checks each was PUBLISHED and that the topic holds
   * exactly one terminal event per asset (progressive PLAYABLE events aside); returns every record of the topic.
   */
  public static List<AssetPublished> assertEachPublishedOnce(EmbeddedStack stack, List<String> assets) {
    Map<String, AssetPublished> terminal;
    try (PublishedWatcher watcher = new PublishedWatcher(stack.connection(), stack.serdes().assetPublished(), true)) {
      terminal = watcher.await(Set.copyOf(assets), Instant.now().plus(Duration.ofMinutes(4)), e -> {});
    }
    assertThat(terminal.keySet()).containsExactlyInAnyOrderElementsOf(assets);
    assertThat(terminal.values()).extracting(AssetPublished::getStatus).containsOnly(AssetStatus.PUBLISHED);
    List<AssetPublished> all = readAll(stack.bootstrapServers(), stack.serdes().assetPublished());
    assertThat(all.stream().filter(e -> e.getStatus() != AssetStatus.PLAYABLE)
        .collect(Collectors.groupingBy(AssetPublished::getAssetId, Collectors.counting())))
        .as("exactly one terminal event per asset on the published topic")
        .containsOnlyKeys(assets).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
    return all;
  }

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
