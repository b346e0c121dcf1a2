package io.vwmedia.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.config.Settings;
import io.vwmedia.topics.KafkaSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The Streams settings the topology runs with, read as Kafka Streams would get them. */
class TopologyRunnerTest {

  static Properties streamsConfig(Map<String, String> settings) {
    return TopologyRunner.streamsConfig(new KafkaSettings("broker:9092", "mem:", (short) 3),
        TopologyRunner.Config.from(Settings.of(settings), Path.of("/state")));
  }

  @Test
  void runsExactlyOnceWithKafkasDefaultTransactionTimeoutSinceNoStreamThreadWaitsOnFfmpeg() {
    Properties props = streamsConfig(Map.of());

    assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(props).doesNotContainKeys(
        StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
    assertThat(props.keySet()).noneMatch(key -> key.toString().contains("transaction"));
  }

  @Test
  void aStableInstanceIdMakesTheMainConsumerAStaticMember() {
    Properties props = streamsConfig(Map.of("vw.topology.instance-id", "vw-media-topology-0"));

    assertThat(props.get(StreamsConfig.mainConsumerPrefix("group.instance.id")))
        .isEqualTo("vw-media-topology-vw-media-topology-0");
    assertThat(props.get(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(3);
    assertThat(props.get(StreamsConfig.STATE_DIR_CONFIG)).isEqualTo("/state");
  }

  @Test
  void commitsEveryTwentyMillisecondsAndNeverPollsLongerThanACommitIntervalSoACommitDueIsNotHeldBack() {
    Properties byDefault = streamsConfig(Map.of());
    Properties slower = streamsConfig(Map.of("vw.topology.commit-interval", "500ms"));

    assertThat(byDefault.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(20L);
    assertThat(byDefault.get(StreamsConfig.POLL_MS_CONFIG)).isEqualTo(20L);
    assertThat(slower.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(500L);
    assertThat(slower.get(StreamsConfig.POLL_MS_CONFIG)).isEqualTo(100L); // Kafka's own default, never longer
  }

  @Test
  void theMainConsumersIdleFetchWaitsKafkasHalfSecondUnlessSetShorter() {
    String fetchWait = StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG);

    assertThat(streamsConfig(Map.of()).get(fetchWait)).isEqualTo(500);
    assertThat(streamsConfig(Map.of("vw.topology.fetch-max-wait", "100ms")).get(fetchWait)).isEqualTo(100);
  }

  @Test
  void itsClientsRetryAnUnreachableBrokerAtMostASecondApartUnlessSetShorter() {
    assertThat(streamsConfig(Map.of()).get("reconnect.backoff.max.ms")).isEqualTo(1000L);
    assertThat(streamsConfig(Map.of("vw.topology.reconnect-backoff-max", "100ms")).get("reconnect.backoff.max.ms"))
        .isEqualTo(100L);
  }
}
