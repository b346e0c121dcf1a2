package io.vwmedia.topics;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How every Kafka client of a process reaches the cluster: the bootstrap servers and the security configs (TLS, SASL)
 * that go with them. Every producer, consumer, admin client and Streams instance starts from {@link #clientConfig()},
 * so a process talks to Amazon MSK over TLS with IAM auth, or to a local broker in plain text, the same way everywhere.
 *
 * @param bootstrapServers {@code host:port,...}
 * @param security Kafka client configs such as {@code security.protocol}, {@code sasl.mechanism},
 *     {@code sasl.jaas.config}: empty for plain text
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> security) {

  /** The client configs a connection may carry; nothing else (a typo here would be ignored by Kafka). */
  static final Set<String> SECURITY_KEYS = Set.of("security.protocol", "sasl.mechanism", "sasl.jaas.config",
      "sasl.client.callback.handler.class", "ssl.endpoint.identification.algorithm");

  public KafkaConnection {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("no Kafka bootstrap servers");
    }
    security = Map.copyOf(new TreeMap<>(security));
    for (String key : security.keySet()) {
      if (!SECURITY_KEYS.contains(key)) {
        throw new IllegalArgumentException("not a connection security config: " + key);
      }
    }
  }

  /** A cluster reached in plain text, without authentication (the embedded broker, a local cluster). */
  public static KafkaConnection plaintext(String bootstrapServers) {
    return new KafkaConnection(bootstrapServers, Map.of());
  }

  /** A fresh, mutable client config with the bootstrap servers and the security configs, for a client to add to. */
  public Map<String, Object> clientConfig() {
    Map<String, Object> config = new HashMap<>(security);
    config.put("bootstrap.servers", bootstrapServers);
    return config;
  }

  /** {@link #clientConfig()} with a client's own configs on top. */
  public Map<String, Object> clientConfig(Map<String, ?> own) {
    Map<String, Object> config = clientConfig();
    config.putAll(own);
    return config;
  }

  /** Only the bootstrap servers and the protocol: a JAAS config may carry a password. */
  @Override
  public String toString() {
    return bootstrapServers + (security.isEmpty() ? "" : " (" + security.get("security.protocol") + ")");
  }
}
