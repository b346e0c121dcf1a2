package io.vwmedia.topics;

import io.vwmedia.config.Settings;

/**
 * Where the Kafka cluster and the schema registry are, for the parts run against an external cluster.
 *
 * @param bootstrapServers {@code vw.kafka.bootstrap-servers}
 * @param schemaRegistryUrl {@code vw.schema-registry.url}: an http(s) URL of a Confluent-compatible registry
 *     (Apicurio's is under {@code /apis/ccompat/v7}), or a folder for the local registry
 * @param replicationFactor replication of the topics vw-media creates ({@code vw.kafka.replication-factor})
 */
public record KafkaSettings(String bootstrapServers, String schemaRegistryUrl, short replicationFactor) {

  public static KafkaSettings from(Settings s) {
    return new KafkaSettings(
        s.get(ClusterSettings.BOOTSTRAP_SERVERS),
        s.get(ClusterSettings.SCHEMA_REGISTRY_URL),
        s.get(ClusterSettings.REPLICATION_FACTOR).shortValue());
  }
}
