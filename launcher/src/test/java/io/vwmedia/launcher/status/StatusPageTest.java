package io.vwmedia.launcher.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vwmedia.config.Settings;
import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.UploadRequested;
import io.vwmedia.launcher.Media;
import io.vwmedia.launcher.client.PublishedWatcher;
import io.vwmedia.launcher.client.UploadSubmitter;
import io.vwmedia.launcher.players.WebPlayers;
import io.vwmedia.launcher.stack.EmbeddedStack;
import io.vwmedia.worker.ProgressListener;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code vw-media serve} shows an operator: the status API read from the topology's own asset-progress store,
 * the status page on the origin (watched in Debian's headless Chromium as an asset goes through), and the health
 * endpoints Kubernetes probes.
 */
class StatusPageTest {

  @TempDir static Path data;
  @TempDir static Path media;
  static EmbeddedStack stack;
  static URI origin;
  /** Every answer of /health/ready from before the stack started until it was first ready. */
  static final List<HttpResponse<String>> readiness = new CopyOnWriteArrayList<>();
  static final HttpClient http = HttpClient.newHttpClient();
  static final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void serve() throws Exception {
    WebPlayers.assertInstalled();
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    origin = URI.create("http://localhost:" + port + "/");
    Thread prober = new Thread(() -> probeReadinessUntilReady(Instant.now().plusSeconds(60)), "readiness-prober");
    prober.start();
    stack = EmbeddedStack.start(data, Settings.of(Map.of("vw.worker.x264-preset", "ultrafast",
        "vw.worker.concurrency", "2", "vw.source.file-roots", media.toString(),
        "vw.embedded.origin-port", String.valueOf(port))), ProgressListener.NONE, true);
    prober.join(60_000);
  }

  @AfterAll
  static void stop() {
    if (stack != null) stack.close();
  }

  @Test
  void serveIsLiveAndReportsReadyOnlyOnceTheTopologyRunsAndTheWorkersJoined() throws Exception {
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
    HttpResponse<String> first = readiness.get(0);
    assertThat(first.statusCode()).as("first answer of /health/ready: %s", first.body()).isEqualTo(503);
    JsonNode notReady = json.readTree(first.body());
    assertThat(notReady.path("status").asText()).isEqualTo("DOWN");
    assertThat(notReady.path("problems").size()).as("problems listed in %s", notReady).isPositive();
    HttpResponse<String> last = readiness.get(readiness.size() - 1);
    assertThat(last.statusCode()).as("last answer of /health/ready: %s", last.body()).isEqualTo(200);
    assertThat(json.readTree(last.body()).path("problems").size()).isZero();
  }

  @Test
  void theListIsNewestFirstAndPagesByCursorAndByNumber() throws Exception {
    // uploads the topology refuses at once (unknown template): assets in the store without an encode, from 2001
    Instant longAgo = Instant.parse("2001-01-01T00:00:00Z");
    List<String> ids = List.of("list-a", "list-b", "list-c");
    try (UploadSubmitter submitter = new UploadSubmitter(stack.connection(), stack.serdes().uploadRequested())) {
      for (int i = 0; i < ids.size(); i++) {
        submitter.submit(upload(ids.get(i), media.resolve("none.mp4")).setTemplateId("no-such-template")
            .setRequestedAt(longAgo.plusSeconds(i)).build());
      }
    }
    awaitAsset("list-a", "FAILED");
    awaitAsset("list-c", "FAILED");

    List<String> byCursor = new ArrayList<>();
    List<Instant> requested = new ArrayList<>();
    JsonNode page = api("/api/assets?limit=2");
    JsonNode firstPage = page;
    while (true) {
      assertThat(page.path("assets").size()).isBetween(1, 2);
      page.path("assets").forEach(a -> {
        byCursor.add(a.path("assetId").asText());
        requested.add(Instant.parse(a.path("timings").path("requestedAt").asText()));
      });
      if (page.path("next").isNull()) break;
      page = api("/api/assets?limit=2&before=" + page.path("next").asText());
    }
    assertThat(requested).as("newest first").isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(byCursor).endsWith("list-c", "list-b", "list-a").doesNotHaveDuplicates()
        .hasSize(firstPage.path("total").asInt());
    assertThat(ids(api("/api/assets?limit=2&page=1"))).isEqualTo(ids(firstPage));
    assertThat(ids(api("/api/assets?limit=2&page=2"))).isEqualTo(byCursor.subList(2, Math.min(4, byCursor.size())));
    assertThat(api("/api/assets").path("limit").asInt()).isEqualTo(50);

    JsonNode refused = api("/api/assets/list-b");
    assertThat(refused.path("status").asText()).isEqualTo("FAILED");
    assertThat(refused.path("reason").asText()).startsWith("refused before its rungs were planned");
    assertThat(get("/api/assets?limit=501").statusCode()).isEqualTo(400);
  }

  @Test
  void oneAssetShowsEachRungsStateAndItsManifestUrls() throws Exception {
    Path clip = Media.generate(media.resolve("json.mp4"), "testsrc2=size=640x360:rate=25", 2, true);
    AssetPublished published = publish("status-json", clip);
    assertThat(published.getStatus()).isEqualTo(AssetStatus.PUBLISHED);

    JsonNode asset = api("/api/assets/status-json");
    assertThat(asset.path("status").asText()).isEqualTo("PUBLISHED");
    assertThat(asset.path("reason").isNull()).isTrue();
    assertThat(asset.path("rungsDone").asInt()).isEqualTo(asset.path("rungsPlanned").asInt()).isPositive();
    Map<String, JsonNode> rungs = new java.util.LinkedHashMap<>();
    asset.path("rungs").forEach(r -> rungs.put(r.path("name").asText(), r));
    assertThat(rungs.get("360p").path("status").asText()).isEqualTo("DONE");
    assertThat(rungs.get("360p").path("kind").asText()).isEqualTo("VIDEO");
    assertThat(rungs.get("360p").path("encoder").asText()).isEqualTo("libx264");
    assertThat(rungs.get("360p").path("encodeDurationMs").asLong()).isPositive();
    assertThat(rungs.get("360p").path("averageBitrate").asLong()).isPositive();
    assertThat(rungs.get("360p").path("peakBitrate").asLong()).isPositive();
    assertThat(rungs.get("360p").path("sizeBytes").asLong()).isPositive();
    assertThat(rungs.get("360p").path("height").asInt()).isEqualTo(360);
    assertThat(rungs.get("audio").path("status").asText()).isEqualTo("DONE");
    assertThat(rungs.get("1080p").path("status").asText()).isEqualTo("SKIPPED");

    JsonNode manifests = asset.path("manifests");
    int version = published.getManifestVersion();
    assertThat(manifests.path("version").asInt()).isEqualTo(version);
    assertThat(manifests.path("hls").asText()).isEqualTo(published.getHlsUrl());
    assertThat(manifests.path("dash").asText()).isEqualTo(published.getDashUrl());
    JsonNode latest = manifests.path("versions").get(version - 1);
    assertThat(latest.path("hls").asText()).isEqualTo(published.getHlsVersionUrl());
    assertThat(latest.path("dash").asText()).isEqualTo(published.getDashVersionUrl());
    assertThat(asset.path("timings").path("requestedAt").asText()).isNotEmpty();
    assertThat(asset.path("timings").path("renditionsDoneAt").asText()).isNotEmpty();
    // the status page in front of the origin leaves the storage's files where they were
    assertThat(get(URI.create(published.getHlsUrl()).getPath()).body()).startsWith("#EXTM3U");
  }

  @Test
  void anUnknownAssetIsA404WithAJsonError() throws Exception {
    HttpResponse<String> response = get("/api/assets/never-uploaded");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(json.readTree(response.body()).path("error").asText()).isEqualTo("no asset never-uploaded");
  }

  @Test
  void thePageAndItsPlayerComeFromTheOriginItself() throws Exception {
    assertThat(get("/").body()).contains("<title>vw-media status</title>").doesNotContain("https://");
    HttpResponse<String> hlsJs = get("/status/vendor/hls.min.js");
    assertThat(hlsJs.statusCode()).isEqualTo(200);
    assertThat(hlsJs.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
    assertThat(get("/status/nothing.js").statusCode()).isEqualTo(404);
  }

  @Test
  void thePageShowsAnAssetsRungsProgressUntilPublishedAndPlaysIt() throws Exception {
    Path clip = Media.generate(media.resolve("page.mp4"), "testsrc2=size=1280x720:rate=25", 4, true);
    Process page = new ProcessBuilder("node", WebPlayers.DIR.resolve("status-page.mjs").toString(),
        "--url", origin.toString(), "--asset", "status-page", "--chromium", WebPlayers.CHROMIUM.toString(),
        "--timeout-ms", "60000").redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(page.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).as("the page listed the assets").isEqualTo("{\"ready\":true}");
      try (UploadSubmitter submitter = new UploadSubmitter(stack.connection(), stack.serdes().uploadRequested())) {
        submitter.submit(upload("status-page", clip).build());
      }
      JsonNode seen = json.readTree(out.readLine());
      assertThat(page.waitFor(30, TimeUnit.SECONDS)).isTrue();

      assertThat(seen.path("errors")).as("page errors in %s", seen).isEmpty();
      List<String> statuses = texts(seen.path("statuses"));
      assertThat(statuses).as("statuses shown").last().isEqualTo("PUBLISHED");
      assertThat(statuses).as("statuses shown while running").containsAnyOf("PROBING", "ENCODING", "PLAYABLE");
      assertThat(texts(seen.path("rungStates"))).as("rung states shown")
          .contains("360p:DONE", "720p:DONE", "audio:DONE", "1080p:SKIPPED")
          .containsAnyOf("360p:ENCODING", "720p:ENCODING", "audio:ENCODING");
      JsonNode detail = seen.path("detail");
      assertThat(detail.path("hash").asText()).isEqualTo("#/assets/status-page");
      assertThat(detail.path("status").asText()).isEqualTo("PUBLISHED");
      assertThat(detail.path("rungs").findValuesAsText("name")).contains("360p", "720p", "audio");
      assertThat(texts(detail.path("manifestLinks"))).contains(origin + "manifests/status-page/master.m3u8");
      JsonNode video = seen.path("video");
      assertThat(video.path("frames").asInt()).as("frames decoded: %s", video).isPositive();
      assertThat(video.path("currentTime").asDouble()).as("playback advanced: %s", video).isGreaterThan(1);
      assertThat(video.path("height").asInt()).as("picture: %s", video).isPositive();
    } finally {
      page.destroyForcibly();
    }
  }

  private static void probeReadinessUntilReady(Instant deadline) {
    while (Instant.now().isBefore(deadline)) {
      try {
        HttpResponse<String> r = get("/health/ready");
        if (r.statusCode() == 200 || r.statusCode() == 503) readiness.add(r);
        if (r.statusCode() == 200) return;
      } catch (Exception e) {
        // the origin is not listening yet
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static UploadRequested.Builder upload(String assetId, Path source) {
    return UploadRequested.newBuilder().setAssetId(assetId).setSourceUri(source.toUri().toString())
        .setCorrelationId("test-" + assetId).setRequestedAt(Instant.now());
  }

  private static AssetPublished publish(String assetId, Path source) {
    try (PublishedWatcher watcher = new PublishedWatcher(stack.connection(), stack.serdes().assetPublished(), false);
        UploadSubmitter submitter = new UploadSubmitter(stack.connection(), stack.serdes().uploadRequested())) {
      submitter.submit(upload(assetId, source).build());
      return watcher.await(Set.of(assetId), Instant.now().plus(Duration.ofMinutes(1)), e -> {}).get(assetId);
    }
  }

  /** Polls the status API until the asset shows {@code status}. */
  private static void awaitAsset(String assetId, String status) throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    String shown = null;
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<String> r = get("/api/assets/" + assetId);
      shown = r.statusCode() == 200 ? json.readTree(r.body()).path("status").asText() : r.body();
      if (status.equals(shown)) return;
      Thread.sleep(100);
    }
    throw new AssertionError(assetId + " never showed " + status + "; last: " + shown);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(origin.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode api(String path) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  private static List<String> ids(JsonNode page) {
    return page.path("assets").findValuesAsText("assetId");
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
