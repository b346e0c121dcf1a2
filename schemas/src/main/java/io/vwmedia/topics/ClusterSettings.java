package io.vwmedia.topics;

import io.vwmedia.config.Setting;
import io.vwmedia.config.SettingsGroup;
import java.util.List;

/** Where the external Kafka cluster and schema registry are ({@link KafkaSettings}). */
public final class ClusterSettings extends SettingsGroup.Declared {

  public static final Setting<String> BOOTSTRAP_SERVERS = Setting.string("vw.kafka.bootstrap-servers",
      "localhost:9092", "Kafka bootstrap servers (`-b`, `--bootstrap-servers`)");
  public static final Setting<String> SCHEMA_REGISTRY_URL = Setting.string("vw.schema-registry.url",
      "http://localhost:8080/apis/ccompat/v7", "a Confluent-compatible registry URL (Apicurio's is under"
          + " `/apis/ccompat/v7`), or a local registry folder (`--schema-registry`)");
  public static final Setting<Integer> REPLICATION_FACTOR = Setting.integer("vw.kafka.replication-factor", 3, 1, 16,
      "replication of the topics created at start-up (`--replication-factor`)");

  public ClusterSettings() {
    super("cluster", "Cluster", List.of("submit", "topology", "worker"),
        BOOTSTRAP_SERVERS, SCHEMA_REGISTRY_URL, REPLICATION_FACTOR);
  }
}
