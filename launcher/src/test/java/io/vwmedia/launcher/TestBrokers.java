package io.vwmedia.launcher;

import io.vwmedia.config.Settings;
import io.vwmedia.launcher.embedded.EmbeddedKafkaBroker;
import io.vwmedia.launcher.stack.EmbeddedSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The broker a broker-level test runs against, one fresh broker per test: the in-JVM KRaft broker ({@code embedded},
 * the default) or Apache Kafka in a container ({@code testcontainers}, where Docker answers: the CI workflow), chosen
 * with {@code -Dvw.test.broker=embedded|testcontainers}. The same assertions run on both. Asked for
 * {@code testcontainers} where no Docker answers, the tests are skipped with that reason, never passed.
 *
 * <pre>
 * &#64;RegisterExtension final TestBrokers broker = new TestBrokers();
 * EmbeddedStack.start(data, broker.forStack(settings), ...)   // the stack on this broker
 * broker.bootstrapServers()                                  // a bare broker, for client-level tests
 * </pre>
 */
public final class TestBrokers implements BeforeEachCallback, AfterEachCallback {

  public static final String PROPERTY = "vw.test.broker";
  public static final String NO_DOCKER = "no Docker on this machine";
  /**
   * Apache Kafka's own image at the version of our Kafka clients (the root pom's kafka.version). Kafka 4.4 moved
   * {@code AppInfoParser} to an {@code internals} package; it is still the one place the clients name their version.
   */
  public static final String KAFKA_IMAGE = "apache/kafka:" + AppInfoParser.getVersion();

  /** Where the broker comes from. */
  public enum Kind { EMBEDDED, TESTCONTAINERS }

  private final Kind kind = chosen();
  private EmbeddedKafkaBroker embedded;
  private Path embeddedDir;
  private KafkaContainer container;

  /** {@code -Dvw.test.broker}, {@code embedded} when unset; any other value fails the test run at once. */
  public static Kind chosen() {
    String value = System.getProperty(PROPERTY, "embedded").trim().toUpperCase(Locale.ROOT);
    try {
      return Kind.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("-D" + PROPERTY + "=" + value.toLowerCase(Locale.ROOT)
          + " is not a broker: use embedded (default) or testcontainers", e);
    }
  }

  /** Skips the calling test, saying why, when Docker does not answer. */
  public static void assumeDocker() {
    Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(), NO_DOCKER);
  }

  public Kind kind() {
    return kind;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (kind == Kind.TESTCONTAINERS) {
      assumeDocker();
    }
  }

  /**
   * Settings for an {@code EmbeddedStack} on this broker: unchanged for {@code embedded} (the stack starts its own
   * in-JVM broker, as {@code vw-media run} does); pointed at the container otherwise.
   */
  public Settings forStack(Settings settings) {
    if (kind == Kind.EMBEDDED) {
      return settings;
    }
    return settings.with(Map.of(EmbeddedSettings.KAFKA_BOOTSTRAP_SERVERS.key(), bootstrapServers()));
  }

  /** A broker of its own for this test, started on first use. */
  public synchronized String bootstrapServers() {
    if (kind == Kind.EMBEDDED) {
      if (embedded == null) {
        try {
          embeddedDir = Files.createTempDirectory("vw-test-broker-");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        embedded = EmbeddedKafkaBroker.start(embeddedDir, 0);
      }
      return embedded.bootstrapServers();
    }
    if (container == null) {
      KafkaContainer started = new KafkaContainer(KAFKA_IMAGE)
          // as the embedded broker: topics exist only when TopicInstaller creates them
          .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
      started.start();
      container = started;
    }
    return container.getBootstrapServers();
  }

  @Override
  public synchronized void afterEach(ExtensionContext context) throws IOException {
    if (embedded != null) {
      embedded.close();
      embedded = null;
      try (Stream<Path> files = Files.walk(embeddedDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    if (container != null) {
      container.stop();
      container = null;
    }
  }
}
