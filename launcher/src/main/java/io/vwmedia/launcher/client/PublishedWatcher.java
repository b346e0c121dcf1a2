package io.vwmedia.launcher.client;

import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.topics.KafkaConnection;
import io.vwmedia.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Waits for the published events of given assets, as a consumer of the published-manifest topic would. It
 * reads without a consumer group (nothing to commit, nothing to clean up) from the position it had when it was
 * created, so create it before submitting.
 */
public final class PublishedWatcher implements AutoCloseable {

  private final KafkaConsumer<String, AssetPublished> consumer;

  public PublishedWatcher(KafkaConnection kafka, Serde<AssetPublished> serde, boolean fromBeginning) {
    Map<String, Object> c = kafka.clientConfig();
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, "vw-media-watch");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), serde.deserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(Topic.ASSET_PUBLISHED.topicName()).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition()))
        .toList();
    consumer.assign(partitions);
    if (fromBeginning) {
      consumer.seekToBeginning(partitions);
    } else {
      consumer.seekToEnd(partitions);
    }
    partitions.forEach(consumer::position); // fix the position now, before anything is submitted
  }

  /**
   * Returns the terminal published event (PUBLISHED, DEGRADED or FAILED) of each asset in {@code assetIds}, in the
   * order they arrive, calling {@code onEach} as each arrives; PLAYABLE events of progressive publishing are passed
   * over. Stops at the deadline with those it has.
   */
  public Map<String, AssetPublished> await(Set<String> assetIds, Instant deadline, Consumer<AssetPublished> onEach) {
    return await(assetIds, deadline, onEach, playable -> {});
  }

  /** As above, also calling {@code onPlayable} with each PLAYABLE event of those assets as it arrives. */
  public Map<String, AssetPublished> await(
      Set<String> assetIds, Instant deadline, Consumer<AssetPublished> onEach, Consumer<AssetPublished> onPlayable) {
    Map<String, AssetPublished> seen = new LinkedHashMap<>();
    while (seen.size() < assetIds.size() && Instant.now().isBefore(deadline)) {
      for (ConsumerRecord<String, AssetPublished> r : consumer.poll(Duration.ofMillis(200))) {
        AssetPublished event = r.value();
        if (event != null && event.getStatus() == AssetStatus.PLAYABLE && assetIds.contains(event.getAssetId())) {
          onPlayable.accept(event);
        }
        if (event != null && event.getStatus() != AssetStatus.PLAYABLE
            && assetIds.contains(event.getAssetId()) && !seen.containsKey(event.getAssetId())) {
          seen.put(event.getAssetId(), event);
          onEach.accept(event);
        }
      }
    }
    return seen;
  }

  /**
   * Closes at once. A consumer's close otherwise waits for its fetch session to be closed at the broker, which queues
   * behind the fetch the broker is holding open for {@code fetch.max.wait.ms} (500 ms: KAFKA-19884), time a finished
   * {@code run} spent doing nothing; without a group there is nothing to commit or leave, and the broker drops the
   * session when the connection goes.
   */
  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(Duration.ZERO));
  }
}
