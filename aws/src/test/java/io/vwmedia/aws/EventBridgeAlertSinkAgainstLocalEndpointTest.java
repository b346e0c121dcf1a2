package io.vwmedia.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vwmedia.config.Settings;
import io.vwmedia.observability.alerts.Alert;
import io.vwmedia.observability.alerts.AlertDispatcher;
import io.vwmedia.observability.alerts.AlertKind;
import io.vwmedia.observability.alerts.DeliveryPolicy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * EventBridge cannot run here: the real AWS SDK client talks to a local HTTP endpoint that records each PutEvents
 * request as it arrives on the wire and answers as EventBridge's JSON 1.1 API does, every entry taken unless the
 * test names the ones to fail.
 */
class EventBridgeAlertSinkAgainstLocalEndpointTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Path SAMPLE = Path.of("..", "infrastructure", "eventbridge", "alert-event.sample.json");

  record Received(String method, String path, String target, String contentType, String authorization, JsonNode body) {

    List<JsonNode> entries() {
      return body.get("Entries").valueStream().toList();
    }

    List<String> assetIds() {
      return entries().stream().map(e -> detail(e).get("assetId").asText()).toList();
    }
  }

  LocalEndpoint endpoint;
  final List<Received> received = new CopyOnWriteArrayList<>();
  /** Asset ids whose entry is answered with an error code, once each. */
  final Set<String> failOnce = ConcurrentHashMap.newKeySet();
  /** The first request waits for this before it is answered. */
  volatile CountDownLatch firstAnswer = new CountDownLatch(0);

  @BeforeEach
  void start() throws Exception {
    endpoint = LocalEndpoint.start(wire -> {
      Received request = new Received(wire.method(), wire.path(), wire.headers().getFirst("X-Amz-Target"),
          wire.headers().getFirst("Content-Type"), wire.headers().getFirst("Authorization"),
          JSON.readTree(wire.body()));
      received.add(request);
      firstAnswer.await(5, TimeUnit.SECONDS);
      return new LocalEndpoint.Response(200, "application/x-amz-json-1.1", JSON.writeValueAsBytes(answer(request)));
    });
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  /** {@code {"FailedEntryCount":n,"Entries":[{"EventId":...} or {"ErrorCode":...,"ErrorMessage":...}]}}. */
  private ObjectNode answer(Received request) {
    ObjectNode answer = JSON.createObjectNode();
    ArrayNode entries = answer.putArray("Entries");
    int failed = 0;
    for (String assetId : request.assetIds()) {
      if (failOnce.remove(assetId)) {
        failed++;
        entries.addObject().put("ErrorCode", "InternalFailure").put("ErrorMessage", "try again");
      } else {
        entries.addObject().put("EventId", "11710aed-b79e-4468-a20b-bb3c0c3b4860-" + assetId);
      }
    }
    answer.put("FailedEntryCount", failed);
    return answer;
  }

  private URI url() {
    return endpoint.uri();
  }

  private EventBridgeAlertSink sink() {
    return new EventBridgeAlertSink(EventBridgeAlertSink.client(Optional.of(url()), Region.EU_WEST_1,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret"))),
        "media-transcode-alerts", "prod");
  }

  /** A dispatcher to the sink whose waits between attempts take no time. */
  private AlertDispatcher dispatcher(EventBridgeAlertSink sink) {
    DeliveryPolicy policy = new DeliveryPolicy(100, Duration.ofMinutes(10), 5, DeliveryPolicy.FIRST_BACKOFF,
        DeliveryPolicy.MAX_BACKOFF, DeliveryPolicy.DRAIN_TIMEOUT);
    return new AlertDispatcher(policy, Optional.empty(), new SimpleMeterRegistry(), List.of(sink), Clock.systemUTC(),
        duration -> {});
  }

  private static Alert failed(String assetId) {
    return new Alert(AlertKind.ASSET_FAILED, assetId, "upload-" + assetId, null, "no video rung succeeded", null,
        Instant.parse("2026-12-02T10:15:30Z"), Map.of());
  }

  private static JsonNode detail(JsonNode entry) {
    try {
      return JSON.readTree(entry.get("Detail").asText());
    } catch (Exception e) {
      throw new AssertionError("Detail is not JSON: " + entry, e);
    }
  }

  @Test
  void putsASignedPutEventsRequestOnTheAlertBus() throws Exception {
    try (EventBridgeAlertSink sink = sink()) {
      assertThat(sink.deliver(List.of(failed("a1")))).isEmpty();
    }

    assertThat(received).hasSize(1);
    Received request = received.get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/");
    assertThat(request.target()).isEqualTo("AWSEvents.PutEvents");
    assertThat(request.contentType()).isEqualTo("application/x-amz-json-1.1");
    assertThat(request.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/")
        .contains("/eu-west-1/events/aws4_request").contains("SignedHeaders=").contains("Signature=");
    JsonNode entry = request.entries().get(0);
    assertThat(entry.get("EventBusName").asText()).isEqualTo("media-transcode-alerts");
    assertThat(entry.get("Source").asText()).isEqualTo("vw-media");
    assertThat(entry.get("DetailType").asText()).isEqualTo("vw-media Asset Failed");
    assertThat(entry.get("Time").asLong()).isEqualTo(Instant.parse("2026-12-02T10:15:30Z").getEpochSecond());
    assertThat(detail(entry)).isEqualTo(JSON.readTree("""
        {"version":"1","kind":"ASSET_FAILED","severity":"critical","assetId":"a1","correlationId":"upload-a1",
         "rung":null,"reason":"no video rung succeeded","statusUrl":null,"environment":"prod",
         "occurredAt":"2026-12-02T10:15:30Z","context":{}}"""));
  }

  @Test
  void twentyThreeAlertsGoAsCallsOfAtMostTenEntries() throws Exception {
    firstAnswer = new CountDownLatch(1);
    try (AlertDispatcher alerts = dispatcher(sink())) {
      for (int i = 1; i <= 23; i++) {
        alerts.raise(failed("a" + i));
      }
      firstAnswer.countDown(); // the rest queued while the first call waited: they go in full batches
    }

    List<Integer> sizes = received.stream().map(r -> r.entries().size()).toList();
    assertThat(sizes).allSatisfy(size -> assertThat(size).isBetween(1, 10)).contains(10);
    assertThat(received.stream().flatMap(r -> r.assetIds().stream()))
        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 23).mapToObj(i -> "a" + i)
            .toList());
  }

  @Test
  void anEntryEventBridgeDidNotTakeIsSentAgainAlone() throws Exception {
    failOnce.add("a2");
    try (EventBridgeAlertSink sink = sink()) {
      List<Alert> refused = sink.deliver(List.of(failed("a1"), failed("a2"), failed("a3")));
      assertThat(refused).extracting(Alert::assetId).containsExactly("a2");
    }
    failOnce.add("a5");
    try (AlertDispatcher alerts = dispatcher(sink())) {
      firstAnswer = new CountDownLatch(1);
      alerts.raise(failed("a4"));
      alerts.raise(failed("a5"));
      alerts.raise(failed("a6"));
      firstAnswer.countDown();
    }

    List<List<String>> calls = received.stream().map(Received::assetIds).toList();
    assertThat(calls.get(0)).containsExactly("a1", "a2", "a3");
    assertThat(calls.subList(1, calls.size()).stream().flatMap(List::stream))
        .containsExactlyInAnyOrder("a4", "a5", "a6", "a5");
    // whichever batches the lane made as the alerts came ([a4] [a5, a6] or [a4, a5] then [a6]), a5 went twice
    // and the second call that held it held it alone
    List<List<String>> withA5 = calls.stream().filter(call -> call.contains("a5")).toList();
    assertThat(withA5).hasSize(2);
    assertThat(withA5.get(1)).containsExactly("a5");
  }

  @Test
  void theSampleEventsDetailIsWhatTheSinkPutsForTheSameAlert() throws Exception {
    JsonNode sample = JSON.readTree(Files.readString(SAMPLE, StandardCharsets.UTF_8));
    JsonNode detail = sample.get("detail");
    Map<String, String> context = new HashMap<>();
    detail.get("context").properties().forEach(f -> context.put(f.getKey(), f.getValue().asText()));
    Alert alert = new Alert(AlertKind.valueOf(detail.get("kind").asText()), detail.get("assetId").asText(),
        detail.get("correlationId").asText(), detail.get("rung").asText(), detail.get("reason").asText(),
        detail.get("statusUrl").asText(), Instant.parse(detail.get("occurredAt").asText()), context);

    try (EventBridgeAlertSink sink = new EventBridgeAlertSink(EventBridgeAlertSink.client(Optional.of(url()),
        Region.of(sample.get("region").asText()), StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIDTEST", "secret"))), "media-transcode-alerts",
        detail.get("environment").asText())) {
      sink.deliver(List.of(alert));
    }

    JsonNode entry = received.get(0).entries().get(0);
    assertThat(detail(entry)).as("the detail on the wire").isEqualTo(detail);
    assertThat(entry.get("Source").asText()).isEqualTo(sample.get("source").asText());
    assertThat(entry.get("DetailType").asText()).isEqualTo(sample.get("detail-type").asText());
    assertThat(entry.path("Resources").size()).as("no resources").isZero();
    assertThat(sample.get("resources").size()).isZero();
    assertThat(Instant.ofEpochSecond(entry.get("Time").asLong())).isEqualTo(Instant.parse(sample.get("time").asText()));
  }

  @Test
  void isOnOnlyWhenEnabledOrGivenAnEndpoint() {
    assertThat(EventBridgeAlertSink.fromSettings(Settings.of(Map.of()))).isEmpty();
    Settings withAnEndpoint = Settings.of(Map.of(
        "vw.alerts.eventbridge.endpoint", url().toString(), "vw.alerts.eventbridge.region", "eu-west-1"));
    try (EventBridgeAlertSink sink = EventBridgeAlertSink.fromSettings(withAnEndpoint).orElseThrow()) {
      assertThat(sink.name()).isEqualTo("eventbridge");
      assertThat(sink.maxBatch()).isEqualTo(10);
    }
  }
}
