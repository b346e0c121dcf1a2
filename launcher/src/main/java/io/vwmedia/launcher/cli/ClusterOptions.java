package io.vwmedia.launcher.cli;

import io.vwmedia.config.Settings;
import io.vwmedia.topics.ClusterSettings;
import io.vwmedia.topics.KafkaSettings;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the external Kafka cluster and schema registry are, for the commands that run one part of the pipeline. */
public final class ClusterOptions {

  @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT,...",
      description = "Kafka bootstrap servers (vw.kafka.bootstrap-servers; default localhost:9092).")
  String bootstrapServers;

  @Option(names = "--schema-registry", paramLabel = "URL|DIR",
      description = "Confluent-compatible schema registry URL, e.g. http://registry:8080/apis/ccompat/v7 for Apicurio,"
          + " or the folder of a local registry such as the one 'vw-media serve' prints (vw.schema-registry.url).")
  String schemaRegistry;

  @Option(names = "--replication-factor", description = "Replication of the topics created at start-up (vw.kafka.replication-factor; default 3).")
  Integer replicationFactor;

  Map<String, String> asSettings() {
    Map<String, String> m = new HashMap<>();
    if (bootstrapServers != null) m.put(ClusterSettings.BOOTSTRAP_SERVERS.key(), bootstrapServers);
    if (schemaRegistry != null) m.put(ClusterSettings.SCHEMA_REGISTRY_URL.key(), schemaRegistry);
    if (replicationFactor != null) m.put(ClusterSettings.REPLICATION_FACTOR.key(), replicationFactor.toString());
    return m;
  }

  KafkaSettings kafka(Settings settings) {
    return KafkaSettings.from(settings.with(asSettings()));
  }
}
