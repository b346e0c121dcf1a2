package io.vwmedia.topics;

import io.vwmedia.config.ConfigException;
import io.vwmedia.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the Kafka cluster and the schema registry are, for the parts run against an external cluster.
 *
 * @param connection {@code vw.kafka.bootstrap-servers} with the security of {@code vw.kafka.security-protocol},
 *     {@code vw.kafka.sasl-mechanism} and {@code vw.kafka.sasl-jaas-config}
 * @param schemaRegistryUrl {@code vw.schema-registry.url}: an http(s) URL of a Confluent-compatible registry
 *     (Apicurio's is under {@code /apis/ccompat/v7}), or a folder for the local registry
 * @param replicationFactor replication of the topics vw-media creates ({@code vw.kafka.replication-factor})
 */
public record KafkaSettings(KafkaConnection connection, String schemaRegistryUrl, short replicationFactor) {

  /** Amazon MSK's IAM login: the credentials are the process's own AWS identity (IRSA, instance profile, env). */
  static final String MSK_IAM_LOGIN = "software.amazon.msk.auth.iam.IAMLoginModule required;";
  static final String MSK_IAM_CALLBACK = "software.amazon.msk.auth.iam.IAMClientCallbackHandler";

  /** A plain-text cluster (the embedded broker, a local one). */
  public KafkaSettings(String bootstrapServers, String schemaRegistryUrl, short replicationFactor) {
    this(KafkaConnection.plaintext(bootstrapServers), schemaRegistryUrl, replicationFactor);
  }

  public String bootstrapServers() {
    return connection.bootstrapServers();
  }

  public static KafkaSettings from(Settings s) {
    return new KafkaSettings(
        connection(s),
        s.get(ClusterSettings.SCHEMA_REGISTRY_URL),
        s.get(ClusterSettings.REPLICATION_FACTOR).shortValue());
  }

  private static KafkaConnection connection(Settings s) {
    String protocol = s.get(ClusterSettings.SECURITY_PROTOCOL);
    String mechanism = s.get(ClusterSettings.SASL_MECHANISM);
    String jaas = s.find(ClusterSettings.SASL_JAAS_CONFIG).orElse(null);
    boolean sasl = protocol.startsWith("SASL_");
    Map<String, String> security = new LinkedHashMap<>();
    if (!protocol.equals("PLAINTEXT")) {
      security.put("security.protocol", protocol);
    }
    if (sasl != !mechanism.equals("NONE")) {
      throw new ConfigException(sasl
          ? ClusterSettings.SECURITY_PROTOCOL.key() + "=" + protocol + " needs " + ClusterSettings.SASL_MECHANISM.key()
          : ClusterSettings.SASL_MECHANISM.key() + "=" + mechanism + " needs " + ClusterSettings.SECURITY_PROTOCOL.key()
              + "=SASL_SSL (or SASL_PLAINTEXT)");
    }
    if (mechanism.equals("AWS_MSK_IAM")) {
      security.put("sasl.mechanism", mechanism);
      security.put("sasl.jaas.config", jaas != null ? jaas : MSK_IAM_LOGIN);
      security.put("sasl.client.callback.handler.class", MSK_IAM_CALLBACK);
    } else if (sasl) {
      if (jaas == null) {
        throw new ConfigException(ClusterSettings.SASL_MECHANISM.key() + "=" + mechanism + " needs "
            + ClusterSettings.SASL_JAAS_CONFIG.key() + " (the login, e.g. from a secret)");
      }
      security.put("sasl.mechanism", mechanism);
      security.put("sasl.jaas.config", jaas);
    } else if (jaas != null) {
      throw new ConfigException(ClusterSettings.SASL_JAAS_CONFIG.key() + " is set but no SASL mechanism is");
    }
    return new KafkaConnection(s.get(ClusterSettings.BOOTSTRAP_SERVERS), security);
  }
}
