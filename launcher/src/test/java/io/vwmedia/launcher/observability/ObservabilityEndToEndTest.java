package io.vwmedia.launcher.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vwmedia.config.Settings;
import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.UploadRequested;
import io.vwmedia.launcher.Media;
import io.vwmedia.launcher.client.PublishedWatcher;
import io.vwmedia.launcher.client.UploadSubmitter;
import io.vwmedia.launcher.stack.EmbeddedStack;
import io.vwmedia.worker.ProgressListener;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded stack with every collector pointed at a local server in the test: Micrometer's Datadog registry,
 * Segment's Java client, and (alerts) the AWS SDK's EventBridge client and Slack's webhook, each the real client
 * sending its real payload; Prometheus' scrape checked by Debian's promtool. A good upload and a bad one go through.
 */
class ObservabilityEndToEndTest {

  // Micrometer's Datadog registry writes NaN for a gauge with no value yet (e.g. a JVM pool); read it as it is
  static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
  @TempDir static Path media;
  static Path good;
  static Path bad;

  @BeforeAll
  static void sources() throws Exception {
    // 3 s at 720p: 360p, 720p and audio are made, 1080p and 2160p skipped
    good = Media.generate(media.resolve("good.mp4"), "testsrc2=size=1280x720:rate=25", 3, true);
    // cut in half after its index: ffprobe reads it, every encode finds it truncated and fails for good
    byte[] whole = Files.readAllBytes(Media.faststart(good, media.resolve("good-faststart.mp4")));
    bad = Files.write(media.resolve("bad.mp4"), java.util.Arrays.copyOf(whole, whole.length / 2));
  }

  @BeforeAll
  static void awsCredentialsForTheSdksDefaultChain() {
    System.setProperty("aws.accessKeyId", "AKIDTESTTESTTESTTEST");
    System.setProperty("aws.secretAccessKey", "test-secret-key");
  }

  @Test
  void datadogSegmentEventBridgeSlackAndPrometheusReceiveWhatThePipelineDid(@TempDir Path data) throws Exception {
    try (RecordingHttpServer datadog = new RecordingHttpServer(202, "application/json", "{}");
        RecordingHttpServer segment = new RecordingHttpServer(200, "application/json", "{\"success\":true}");
        RecordingHttpServer eventBridge = new RecordingHttpServer(200, "application/x-amz-json-1.1",
            "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"e-1\"}]}");
        RecordingHttpServer slack = new RecordingHttpServer(200, "text/plain", "ok")) {
      Settings settings = settings(Map.of(
          "vw.metrics.datadog.api-key", "test-api-key",
          "vw.metrics.datadog.uri", datadog.url(),
          "vw.metrics.datadog.step", "1s",
          "vw.analytics.segment.write-key", "test-write-key",
          "vw.analytics.segment.endpoint", segment.url(),
          "vw.alerts.eventbridge.endpoint", eventBridge.url(),
          "vw.alerts.eventbridge.region", "eu-west-1",
          "vw.alerts.slack.webhook-url", slack.url() + "/services/T000/B000/XXXX"));
      String scrape;
      try (EmbeddedStack stack = EmbeddedStack.start(data, settings, ProgressListener.NONE, true)) {
        Map<String, AssetPublished> outcomes = publish(stack, Map.of("obs-good", good, "obs-bad", bad));
        assertThat(outcomes.get("obs-good").getStatus()).isEqualTo(AssetStatus.PUBLISHED);
        assertThat(outcomes.get("obs-bad").getStatus()).isEqualTo(AssetStatus.FAILED);
        scrape = awaitScrape(stack, "media_manifest_publish_latency_seconds_count", Duration.ofSeconds(60));
      }

      // Prometheus: the transcode timer per rung, and the whole scrape passes promtool. The timer counts encodes made:
      // a rung task whose partition moved to the second worker joining the group while it was encoded is encoded
      // again, into its own folder (docs/reliability.md, "a worker losing its partitions mid-encode"; seen here on a
      // loaded machine), so a rung may count 2
      for (String rung : List.of("360p", "720p", "audio")) {
        assertThat(scrape).containsPattern("media_transcode_duration_seconds_count\\{[^}]*outcome=\"done\"[^}]*rung=\""
            + rung + "\"[^}]*\\} [12]\n");
      }
      assertThat(scrape).contains("media_transcode_duration_seconds_bucket{");
      for (String manifest : List.of("first-playable", "final")) {
        assertThat(scrape).containsPattern("media_manifest_publish_latency_seconds_count\\{[^}]*format=\"hls\"[^}]*manifest=\""
            + manifest + "\"[^}]*version=\"[^\"]+\"[^}]*\\} 1");
      }
      assertThat(scrape).containsPattern("media_assets_completed_total\\{[^}]*status=\"failed\"[^}]*\\} 1");
      assertThat(scrape).containsPattern("media_assets_completed_total\\{[^}]*status=\"published\"[^}]*\\} 1");
      assertThat(scrape).contains("media_tasks_lag{");
      assertThat(scrape).contains("kafka_consumer_fetch_manager_records_consumed_total");
      assertThat(scrape).contains("kafka_stream_thread_process_total");
      // promtool 2.42 (Debian 12) lints names too: ours must pass whole; the whole scrape must parse, and its only
      // complaints may be about the names Kafka's clients and Micrometer's JVM binders give their own metrics
      assertThat(promtool(ownFamilies(scrape))).as("promtool check metrics on the media_* families").isEmpty();
      assertThat(promtool(scrape).lines()).as("promtool check metrics on the whole scrape")
          .allMatch(line -> line.matches("(kafka|process|system|jvm)_\\w+ .*"));

      // Datadog: /api/v1/series with the key, media.transcode.duration for each rung with its tags
      List<JsonNode> series = new ArrayList<>();
      for (RecordingHttpServer.Request r : datadog.requests()) {
        assertThat(r.path()).isEqualTo("/api/v1/series");
        assertThat(r.header("DD-API-KEY") != null || (r.query() != null && r.query().contains("api_key=test-api-key")))
            .as("API key sent").isTrue();
        JSON.readTree(r.body()).path("series").forEach(series::add);
      }
      for (String rung : List.of("360p", "720p", "audio")) {
        assertThat(series).as("media.transcode.duration for %s", rung).anySatisfy(s -> {
          assertThat(s.path("metric").asText()).startsWith("media.transcode.duration.");
          assertThat(tags(s)).contains("rung:" + rung, "outcome:done", "service:vw-media", "environment:test");
          assertThat(tags(s)).anyMatch(t -> t.equals("encoder:x264") || t.equals("encoder:aac"));
          assertThat(s.path("points").get(0).get(1).asDouble()).isPositive();
        });
      }

      // Segment: one media_transcode_completed per rung made, one media_packaged per version, asset_id on each
      List<JsonNode> events = new ArrayList<>();
      for (RecordingHttpServer.Request r : segment.requests()) {
        assertThat(r.path()).isIn("/v1/import", "/v1/import/");
        JsonNode batch = JSON.readTree(r.body());
        assertThat(batch.path("writeKey").asText()).as("the write key, in the batch as analytics-java 3.x sends it")
            .isEqualTo("test-write-key");
        batch.path("batch").forEach(events::add);
      }
      assertThat(events).allSatisfy(e -> {
        assertThat(e.path("type").asText()).isEqualTo("track");
        assertThat(e.path("properties").path("asset_id").asText()).isNotEmpty();
        assertThat(e.path("anonymousId").asText()).isEqualTo(e.path("properties").path("asset_id").asText());
      });
      assertThat(events.stream().filter(e -> e.path("event").asText().equals("media_transcode_completed"))
          .filter(e -> e.path("properties").path("asset_id").asText().equals("obs-good"))
          .map(e -> e.path("properties").path("rung").asText() + ":" + e.path("properties").path("outcome").asText()))
          .contains("360p:done", "720p:done", "audio:done");
      assertThat(events).anySatisfy(e -> {
        assertThat(e.path("event").asText()).isEqualTo("media_packaged");
        assertThat(e.path("properties").path("asset_id").asText()).isEqualTo("obs-good");
        assertThat(e.path("properties").path("final").asBoolean()).isTrue();
        assertThat(e.path("properties").path("hls_url").asText()).endsWith("master.m3u8");
        assertThat(e.path("properties").path("degraded").asBoolean()).isFalse();
        assertThat(e.path("properties").path("time_to_first_playable_ms").asLong()).isPositive();
      });
      assertThat(events).noneMatch(e -> e.path("properties").path("asset_id").asText().equals("obs-bad")
          && !e.path("event").asText().equals("media_transcode_completed"));

      // EventBridge: signed PutEvents on bus media-transcode-alerts, about the bad asset only: FAILED, rungs dead-lettered
      List<JsonNode> entries = new ArrayList<>();
      for (RecordingHttpServer.Request r : eventBridge.requests()) {
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.header("X-Amz-Target")).isEqualTo("AWSEvents.PutEvents");
        assertThat(r.header("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDTESTTESTTESTTEST/")
            .contains("/eu-west-1/events/aws4_request").contains("Signature=");
        JSON.readTree(r.body()).path("Entries").forEach(entries::add);
      }
      assertThat(entries).isNotEmpty().allSatisfy(entry -> {
        assertThat(entry.path("EventBusName").asText()).isEqualTo("media-transcode-alerts");
        assertThat(entry.path("Source").asText()).isEqualTo("vw-media");
        assertThat(JSON.readTree(entry.path("Detail").asText()).path("assetId").asText()).isEqualTo("obs-bad");
      });
      assertThat(entries).anySatisfy(entry -> {
        assertThat(entry.path("DetailType").asText()).isEqualTo("vw-media Asset Failed");
        JsonNode detail = JSON.readTree(entry.path("Detail").asText());
        assertThat(detail.path("kind").asText()).isEqualTo("ASSET_FAILED");
        assertThat(detail.path("environment").asText()).isEqualTo("test");
        assertThat(detail.path("statusUrl").asText()).endsWith("/#/assets/obs-bad");
      });
      assertThat(entries).anySatisfy(entry ->
          assertThat(entry.path("DetailType").asText()).isEqualTo("vw-media Rung Dead-Lettered"));
      // Slack: webhook messages about the bad asset, the FAILED one among them, none about the good one
      assertThat(slack.requests()).isNotEmpty().allSatisfy(r -> {
        assertThat(r.path()).isEqualTo("/services/T000/B000/XXXX");
        JsonNode message = JSON.readTree(r.body());
        assertThat(message.path("text").asText()).contains("obs-bad");
        assertThat(message.path("blocks").isArray()).isTrue();
        assertThat(r.body()).doesNotContain("obs-good");
      });
      assertThat(slack.requests()).anySatisfy(r -> assertThat(r.body()).contains("Asset Failed"));

      // the dashboard and monitors ask only for metrics this run sent to Datadog (the player startup ones excepted:
      // ProbeStartupCommandTest checks those against the probe's own payload)
      Set<String> sent = series.stream().map(s -> s.path("metric").asText()).collect(java.util.stream.Collectors.toSet());
      assertThat(DatadogQueries.metricNames()).filteredOn(name -> !name.startsWith("media.playback."))
          .isNotEmpty().allSatisfy(name -> assertThat(sent).as("metrics sent to Datadog").contains(name));
    }
  }

  @Test
  void withEveryCollectorRefusingConnectionsEveryAssetStillEndsAndTheDropsAreCounted(@TempDir Path data) throws Exception {
    String refused = "http://localhost:" + freePortNobodyListensOn();
    Settings settings = settings(Map.of(
        "vw.metrics.datadog.api-key", "test-api-key",
        "vw.metrics.datadog.uri", refused,
        "vw.metrics.datadog.step", "1s",
        "vw.analytics.segment.write-key", "test-write-key",
        "vw.analytics.segment.endpoint", refused,
        "vw.analytics.segment.retries", "1",
        "vw.alerts.slack.webhook-url", refused + "/services/T000/B000/XXXX",
        "vw.alerts.max-attempts", "2"));
    try (EmbeddedStack stack = EmbeddedStack.start(data, settings, ProgressListener.NONE, true)) {
      Map<String, AssetPublished> outcomes = publish(stack, Map.of("down-good", good, "down-bad", bad));

      assertThat(outcomes.get("down-good").getStatus()).isEqualTo(AssetStatus.PUBLISHED);
      assertThat(outcomes.get("down-bad").getStatus()).isEqualTo(AssetStatus.FAILED);
      awaitScrape(stack, "media_alerts_dropped_total{", Duration.ofSeconds(60));
      // Segment's client backs off 15 to 30 s between its two attempts before it gives a batch up
      String scrape = awaitScrape(stack, "outcome=\"dropped\"", Duration.ofSeconds(120));
      assertThat(scrape).containsPattern("media_analytics_events_total\\{[^}]*outcome=\"dropped\"[^}]*\\} [1-9]");
      assertThat(scrape).containsPattern("media_alerts_dropped_total\\{[^}]*cause=\"retries-exhausted\"[^}]*\\} 1");
    }
  }

  static Settings settings(Map<String, String> collectors) {
    Map<String, String> s = new HashMap<>(collectors);
    s.putAll(Map.of("vw.worker.x264-preset", "superfast", "vw.worker.concurrency", "2",
        "vw.source.file-roots", System.getProperty("java.io.tmpdir"), "vw.embedded.origin-port", "0",
        "vw.metrics.environment", "test", "vw.analytics.segment.flush-interval", "1s"));
    return Settings.of(s);
  }

  static Map<String, AssetPublished> publish(EmbeddedStack stack, Map<String, Path> sources) throws Exception {
    assertThat(stack.awaitTopologyRunning(Duration.ofSeconds(60))).isTrue();
    assertThat(stack.awaitObserving(Duration.ofSeconds(60))).isTrue();
    try (PublishedWatcher watcher = new PublishedWatcher(stack.connection(), stack.serdes().assetPublished(), false);
        UploadSubmitter submitter = new UploadSubmitter(stack.connection(), stack.serdes().uploadRequested())) {
      sources.forEach((id, source) -> submitter.submit(UploadRequested.newBuilder().setAssetId(id)
          .setSourceUri(source.toUri().toString()).setCorrelationId("test-" + id).setRequestedAt(Instant.now()).build()));
      Map<String, AssetPublished> seen =
          watcher.await(Set.copyOf(sources.keySet()), Instant.now().plus(Duration.ofMinutes(3)), e -> {});
      assertThat(seen).containsOnlyKeys(sources.keySet());
      return seen;
    }
  }

  /** {@code GET /metrics} on the origin until it shows {@code expected} (the observer runs beside the pipeline). */
  static String awaitScrape(EmbeddedStack stack, String expected, Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI uri = stack.originUri().orElseThrow().resolve("/metrics");
    String body = "";
    for (long deadline = System.nanoTime() + timeout.toNanos(); System.nanoTime() < deadline; ) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
      body = response.body();
      if (body.contains(expected)) return body;
      Thread.sleep(500);
    }
    throw new AssertionError("/metrics never showed " + expected + ":\n" + body);
  }

  /** promtool's complaints about a scrape; empty when it passes. */
  static String promtool(String scrape) throws Exception {
    Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    p.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return p.exitValue() == 0 ? "" : out;
  }

  /** The scrape's lines of the media_* families only. */
  static String ownFamilies(String scrape) {
    return scrape.lines().filter(l -> l.startsWith("media_") || l.startsWith("# HELP media_") || l.startsWith("# TYPE media_"))
        .reduce("", (a, b) -> a + b + "\n");
  }

  static List<String> tags(JsonNode series) {
    return StreamSupport.stream(series.path("tags").spliterator(), false).map(JsonNode::asText).toList();
  }

  static int freePortNobodyListensOn() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
