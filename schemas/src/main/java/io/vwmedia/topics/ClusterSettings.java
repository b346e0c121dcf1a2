package io.vwmedia.topics;

import io.vwmedia.config.Setting;
import io.vwmedia.config.SettingsGroup;
import java.util.List;

/** Where the external Kafka cluster and schema registry are, and how to authenticate to the cluster ({@link KafkaSettings}). */
public final class ClusterSettings extends SettingsGroup.Declared {

  public static final Setting<String> BOOTSTRAP_SERVERS = Setting.string("vw.kafka.bootstrap-servers",
      "localhost:9092", "Kafka bootstrap servers (`-b`, `--bootstrap-servers`)");
  public static final Setting<String> SECURITY_PROTOCOL = Setting.choice("vw.kafka.security-protocol", "PLAINTEXT",
      List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"),
      "how the Kafka clients talk to the brokers; Amazon MSK with IAM auth is `SASL_SSL` (port 9098)");
  public static final Setting<String> SASL_MECHANISM = Setting.choice("vw.kafka.sasl-mechanism", "NONE",
      List.of("NONE", "AWS_MSK_IAM", "SCRAM-SHA-256", "SCRAM-SHA-512", "PLAIN"),
      "SASL authentication: `AWS_MSK_IAM` authenticates as the process's AWS identity (IRSA on EKS), the SCRAM and PLAIN"
          + " mechanisms with `vw.kafka.sasl-jaas-config`; needs a `SASL_*` protocol");
  public static final Setting<String> SASL_JAAS_CONFIG = Setting.optionalString("vw.kafka.sasl-jaas-config",
      "the JAAS login for SCRAM or PLAIN, e.g. `org.apache.kafka.common.security.scram.ScramLoginModule required"
          + " username=\"vw\" password=\"...\";` (a secret: give it by environment variable from a secret store)");
  public static final Setting<String> SCHEMA_REGISTRY_URL = Setting.string("vw.schema-registry.url",
      "http://localhost:8080/apis/ccompat/v7", "a Confluent-compatible registry URL (Apicurio's is under"
          + " `/apis/ccompat/v7`), or a local registry folder (`--schema-registry`)");
  public static final Setting<Integer> REPLICATION_FACTOR = Setting.integer("vw.kafka.replication-factor", 3, 1, 16,
      "replication of the topics created at start-up (`--replication-factor`)");

  public ClusterSettings() {
    super("cluster", "Cluster", List.of("submit", "topology", "worker"),
        BOOTSTRAP_SERVERS, SECURITY_PROTOCOL, SASL_MECHANISM, SASL_JAAS_CONFIG, SCHEMA_REGISTRY_URL, REPLICATION_FACTOR);
  }
}
