package io.vwmedia.observability.alerts.slack;

import static io.vwmedia.observability.alerts.Alerts.deadLettered;
import static io.vwmedia.observability.alerts.Alerts.failed;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vwmedia.config.Settings;
import io.vwmedia.observability.alerts.Alert;
import io.vwmedia.observability.alerts.AlertDispatcher;
import io.vwmedia.observability.alerts.AlertSink;
import io.vwmedia.observability.alerts.DeliveryPolicy;
import io.vwmedia.observability.alerts.ManualTime;
import io.vwmedia.observability.alerts.Sleeper;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The real sink and dispatcher against a local webhook answering as Slack does: what arrives on the wire, how fast,
 * and what becomes of Slack's refusals.
 */
class SlackWebhookSinkTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration WAIT = Duration.ofSeconds(10);

  final MeterRegistry registry = new SimpleMeterRegistry();
  LocalWebhook slack;

  @BeforeEach
  void start() throws Exception {
    slack = new LocalWebhook();
  }

  @AfterEach
  void stop() {
    slack.close();
  }

  /** A dispatcher to the webhook as {@code vw.alerts.*} says, in real time. */
  private AlertDispatcher dispatcher(URI webhook) {
    Settings settings = Settings.of(Map.of(
        "vw.alerts.slack.webhook-url", webhook.toString(),
        "vw.alerts.status-base-url", "https://status.example/",
        "vw.metrics.environment", "prod"));
    return AlertDispatcher.from(settings, registry, List.of(SlackWebhookSink.fromSettings(settings).orElseThrow()));
  }

  /** The same, on a clock that moves only when it is slept on. */
  private AlertDispatcher dispatcher(URI webhook, Clock clock, Sleeper sleeper) {
    DeliveryPolicy policy = new DeliveryPolicy(100, Duration.ofMinutes(10), 5, DeliveryPolicy.FIRST_BACKOFF,
        DeliveryPolicy.MAX_BACKOFF, DeliveryPolicy.DRAIN_TIMEOUT);
    return new AlertDispatcher(policy, Optional.empty(), registry, List.of(new SlackWebhookSink(webhook, "prod")),
        clock, sleeper);
  }

  /** Raises {@code alert} on a clock that moves only when slept on, and waits for {@code requests} to arrive. */
  private ManualTime raiseOnManualTime(Alert alert, int requests) throws Exception {
    ManualTime time = new ManualTime();
    try (AlertDispatcher alerts = dispatcher(slack.url(), time, time)) {
      alerts.raise(alert);
      slack.await(requests, WAIT);
    }
    return time;
  }

  private double count(String name, String... tags) {
    var counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  private static List<String> texts(JsonNode nodes, String path) {
    return StreamSupport.stream(nodes.spliterator(), false).map(n -> n.at(path).asText()).toList();
  }

  @Test
  void postsBlockKitWithATextFallbackAndAButtonToTheStatusPage() throws Exception {
    try (AlertDispatcher alerts = dispatcher(slack.url())) {
      alerts.raise(deadLettered("a1", "720p", "ffmpeg exited with 1: Invalid data found when processing input"));
      slack.await(1, WAIT);
    }

    assertThat(slack.received).hasSize(1);
    LocalWebhook.Received request = slack.received.get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/services/T000/B000/XXXX");
    assertThat(request.headers().getFirst("Content-Type")).startsWith("application/json");
    JsonNode message = JSON.readTree(request.body());
    assertThat(message.get("text").asText())
        .isEqualTo("[prod] warning vw-media Rung Dead-Lettered: a1 (rung 720p): ffmpeg exited with 1: Invalid data"
            + " found when processing input <https://status.example/#/assets/a1>");
    JsonNode blocks = message.get("blocks");
    assertThat(texts(blocks, "/type")).containsExactly("header", "section", "section", "actions");
    assertThat(blocks.at("/0/text/type").asText()).isEqualTo("plain_text");
    assertThat(blocks.at("/0/text/text").asText()).isEqualTo("vw-media Rung Dead-Lettered: a1");
    assertThat(blocks.at("/1/text/text").asText())
        .isEqualTo("ffmpeg exited with 1: Invalid data found when processing input");
    assertThat(texts(blocks.at("/2/fields"), "/text")).containsExactly("*Severity*\nwarning", "*Rung*\n720p",
        "*Environment*\nprod", "*Correlation id*\ncorr-a1", "*At*\n2026-12-02T10:00:00Z", "*attempts*\n4",
        "*topic*\nmedia.rendition.tasks-dlt");
    assertThat(blocks.at("/3/elements/0/type").asText()).isEqualTo("button");
    assertThat(blocks.at("/3/elements/0/url").asText()).isEqualTo("https://status.example/#/assets/a1");
    assertThat(count("media.alerts.sent", "sink", "slack", "kind", "RUNG_DEAD_LETTERED")).isEqualTo(1);
  }

  @Test
  void twoAlertsRaisedTogetherArriveAtLeastASecondApart() throws Exception {
    try (AlertDispatcher alerts = dispatcher(slack.url())) {
      alerts.raise(failed("a1", "no video rung succeeded"));
      alerts.raise(failed("a2", "no video rung succeeded"));
      slack.await(2, WAIT);
    }

    assertThat(slack.received).hasSize(2);
    assertThat(Duration.ofNanos(slack.received.get(1).arrivedNanos() - slack.received.get(0).arrivedNanos()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void a429IsWaitedOutForItsRetryAfterAndTheMessageThenDeliveredOnce() throws Exception {
    slack.thenAnswer(429, Map.of("Retry-After", "1"), "rate_limited");
    try (AlertDispatcher alerts = dispatcher(slack.url())) {
      alerts.raise(failed("a1", "no video rung succeeded"));
      slack.await(2, WAIT);
    }

    assertThat(slack.received).hasSize(2);
    assertThat(slack.received.get(1).body()).isEqualTo(slack.received.get(0).body());
    assertThat(Duration.ofNanos(slack.received.get(1).arrivedNanos() - slack.received.get(0).arrivedNanos()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(count("media.alerts.sent", "sink", "slack")).isEqualTo(1);
  }

  @Test
  void theSameAlertRaisedAgainWithinTheWindowArrivesOnce() throws Exception {
    ManualTime time = new ManualTime();
    try (AlertDispatcher alerts = dispatcher(slack.url(), time, time)) {
      alerts.raise(failed("a1", "no video rung succeeded"));
      alerts.raise(failed("a1", "no video rung succeeded"));
      time.advance(Duration.ofMinutes(9));
      alerts.raise(failed("a1", "no video rung succeeded"));
      alerts.raise(failed("a2", "no video rung succeeded"));
      slack.await(2, WAIT);
    }

    assertThat(slack.received).extracting(r -> JSON.readTree(r.body()).at("/blocks/0/text/text").asText())
        .containsExactly("vw-media Asset Failed: a1", "vw-media Asset Failed: a2");
    assertThat(count("media.alerts.collapsed", "kind", "ASSET_FAILED")).isEqualTo(2);
  }

  @Test
  void aServerErrorIsRetriedAfterASecond() throws Exception {
    slack.thenAnswer(500, Map.of(), "internal_error");
    ManualTime time = raiseOnManualTime(failed("a1", "no video rung succeeded"), 2);

    assertThat(slack.received).hasSize(2);
    assertThat(time.sleeps()).first().isEqualTo(Duration.ofSeconds(1));
    assertThat(count("media.alerts.sent", "sink", "slack")).isEqualTo(1);
  }

  @Test
  void aWebhookSlackNoLongerKnowsIsNotRetriedButDroppedAndCounted() throws Exception {
    slack.thenAnswer(404, Map.of(), "no_service");
    ManualTime time = raiseOnManualTime(failed("a1", "no video rung succeeded"), 1);

    assertThat(slack.received).hasSize(1);
    assertThat(time.sleeps()).isEmpty();
    assertThat(count("media.alerts.dropped", "sink", "slack", "cause", "rejected")).isEqualTo(1);
  }

  @Test
  void anEndpointRefusingConnectionsIsGivenUpAfterFiveAttemptsWhileRaisingNeverWaits() throws Exception {
    URI closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/services/T000/B000/XXXX");
    }
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger("io.vwmedia.observability.alerts.SinkLane")).addAppender(logs);
    ManualTime time = new ManualTime();

    try (AlertDispatcher alerts = dispatcher(closedPort, time, time)) {
      long start = System.nanoTime();
      alerts.raise(failed("a1", "no video rung succeeded"));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(50));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (count("media.alerts.dropped", "cause", "retries-exhausted") < 1 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    }

    assertThat(count("media.alerts.dropped", "sink", "slack", "kind", "ASSET_FAILED", "cause", "retries-exhausted"))
        .isEqualTo(1);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
        Duration.ofSeconds(8));
    assertThat(logs.list).anySatisfy(event -> {
      assertThat(event.getLevel()).hasToString("WARN");
      assertThat(event.getFormattedMessage()).contains("alert dropped by slack (retries-exhausted)")
          .contains("ASSET_FAILED", "asset=a1", "no video rung succeeded", "after 5 attempt(s)", "ConnectException");
    });
  }

  @Test
  void isOnOnlyWhenAWebhookIsSet() {
    assertThat(SlackWebhookSink.fromSettings(Settings.of(Map.of()))).isEmpty();
    Settings withAWebhook = Settings.of(Map.of("vw.alerts.slack.webhook-url", slack.url().toString()));
    assertThat(SlackWebhookSink.fromSettings(withAWebhook)).get()
        .extracting(AlertSink::name, AlertSink::maxBatch).containsExactly("slack", 1);
  }
}
