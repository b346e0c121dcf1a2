package io.vwmedia.launcher.stack;

import io.vwmedia.config.Setting;
import io.vwmedia.config.SettingsGroup;
import java.util.List;

/** The embedded default ({@link EmbeddedStack}): which parts run in this process, and on which ports. */
public final class EmbeddedSettings extends SettingsGroup.Declared {

  public static final Setting<Integer> KAFKA_PORT = Setting.integer("vw.embedded.kafka-port", 0, 0, 65535,
      "client port of the in-JVM broker; 0 picks a free one the first time and keeps it in the data folder");
  public static final Setting<String> KAFKA_BOOTSTRAP_SERVERS = Setting.optionalString(
      "vw.embedded.kafka-bootstrap-servers",
      "an existing Kafka (host:port,...) for the stack instead of the in-JVM broker, e.g. a broker in a container;"
          + " the topics are created there with replication factor 1. Unset: the in-JVM broker on `vw.embedded.kafka-port`");
  public static final Setting<Integer> ORIGIN_PORT = Setting.integer("vw.embedded.origin-port", 8787, 0, 65535,
      "port of the HTTP origin `serve` runs over the storage");
  public static final Setting<Boolean> WORKERS = Setting.bool("vw.embedded.workers", true,
      "run workers in this process; false leaves the encodes to `vw-media worker` processes against the embedded"
          + " broker");
  public static final Setting<Boolean> TOPOLOGY = Setting.bool("vw.embedded.topology", true,
      "run the topology in this process; false leaves it to a `vw-media topology` process");

  public EmbeddedSettings() {
    super("embedded", "Embedded default", List.of("run", "serve"),
        KAFKA_PORT, KAFKA_BOOTSTRAP_SERVERS, ORIGIN_PORT, WORKERS, TOPOLOGY);
  }
}
