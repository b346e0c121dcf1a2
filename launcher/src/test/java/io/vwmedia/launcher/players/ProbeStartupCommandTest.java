package io.vwmedia.launcher.players;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vwmedia.config.Settings;
import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.UploadRequested;
import io.vwmedia.launcher.Media;
import io.vwmedia.launcher.VwMedia;
import io.vwmedia.launcher.client.PublishedWatcher;
import io.vwmedia.launcher.client.UploadSubmitter;
import io.vwmedia.launcher.observability.DatadogQueries;
import io.vwmedia.launcher.observability.RecordingHttpServer;
import io.vwmedia.launcher.stack.EmbeddedStack;
import io.vwmedia.worker.ProgressListener;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vw-media probe-startup}, the real command in this JVM, against an asset the embedded pipeline published from
 * a 2-second lavfi clip and serves over HTTP: real hls.js and Shaka loads in Debian's headless Chromium, percentiles
 * and exit codes as a scheduler reads them, and the startup timer pushed to a stand-in for Datadog's API on exit.
 */
class ProbeStartupCommandTest {

  @TempDir static Path media;
  @TempDir static Path data;
  static EmbeddedStack stack;
  static String hls;
  static String dash;
  static RecordingHttpServer datadog;

  record Outcome(int exit, String stdout, String stderr) {}

  @BeforeAll
  static void publish() throws Exception {
    WebPlayers.assertInstalled();
    Path clip = Media.generate(media.resolve("clip.mp4"), "testsrc2=size=640x360:rate=25", 2, true);
    stack = EmbeddedStack.start(data, Settings.of(Map.of("vw.worker.x264-preset", "superfast",
        "vw.embedded.origin-port", "0", "vw.source.file-roots", media.toString())), ProgressListener.NONE, true);
    AssetPublished published;
    try (PublishedWatcher watcher = new PublishedWatcher(stack.connection(), stack.serdes().assetPublished(), false);
        UploadSubmitter submitter = new UploadSubmitter(stack.connection(), stack.serdes().uploadRequested())) {
      submitter.submit(UploadRequested.newBuilder().setAssetId("probe-startup").setSourceUri(clip.toUri().toString())
          .setCorrelationId("test-probe-startup").setRequestedAt(Instant.now()).build());
      published = watcher.await(Set.of("probe-startup"), Instant.now().plus(Duration.ofMinutes(3)), e -> {})
          .get("probe-startup");
    }
    assertThat(published.getStatus()).isEqualTo(AssetStatus.PUBLISHED);
    hls = onOrigin(published.getHlsUrl());
    dash = onOrigin(published.getDashUrl());

    datadog = new RecordingHttpServer(202, "application/json", "{}");
  }

  @AfterAll
  static void stop() {
    if (stack != null) stack.close();
    if (datadog != null) datadog.close();
  }

  private static String onOrigin(String published) {
    return stack.originUri().orElseThrow().resolve(published.substring(published.indexOf("/manifests/") + 1)).toString();
  }

  private static Outcome probeStartup(String... args) {
    List<String> all = new ArrayList<>(List.of("probe-startup", "-s", "vw.probe.players-dir=" + WebPlayers.DIR,
        "-s", "vw.probe.chromium=" + WebPlayers.CHROMIUM, "-s", "vw.probe.load-timeout=20s"));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = VwMedia.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(all.toArray(String[]::new));
    return new Outcome(exit, out.toString(), err.toString());
  }

  @Test
  void hlsJsStartsWithinTheStorysThresholdAndTheTimerIsPushedToDatadogOnExit() {
    Outcome o = probeStartup(hls, "--runs", "3", "--max-p95", "2.5",
        "-s", "vw.metrics.datadog.api-key=test-key", "-s", "vw.metrics.datadog.uri=" + datadog.url());

    assertThat(o.exit()).as("stdout:%n%s%nstderr:%n%s", o.stdout(), o.stderr()).isZero();
    assertThat(o.stdout()).contains("hls.js, 3 loads of " + hls, "network: unthrottled", "| startup", "p50", "p95",
        "after 1 warm-up load not counted", "| load → first frame", "| player ready → first frame",
        "errors: 0 of 3 loads", "PASS: p95 ");
    assertThat(o.stdout()).containsPattern("\\| load → first frame +\\| +\\d+\\.\\d\\d s \\| +\\d+\\.\\d\\d s \\|");
    assertThat(o.stderr()).contains("load 1/3: first frame", "load 3/3: first frame");

    String pushed = datadog.requests().stream().map(r -> r.path() + " " + r.body())
        .collect(java.util.stream.Collectors.joining("\n"));
    assertThat(pushed).as("what reached Datadog's /api/v1/series").contains("/api/v1/series",
        "\"media.playback.startup.count\"", "\"media.playback.startup.percentile\"", "player:hls.js",
        "network:unthrottled", "outcome:ok", "service:vw-media-probe");
    // the dashboard and the startup monitor ask only for player metrics the probe really sends
    assertThat(DatadogQueries.metricNames()).filteredOn(name -> name.startsWith("media.playback."))
        .isNotEmpty().allSatisfy(name -> assertThat(pushed).contains("\"" + name + "\""));
  }

  @Test
  void jsonGivesBothIntervalsPercentilesAndAnImpossibleThresholdExitsOne() throws Exception {
    Outcome o = probeStartup(dash, "--runs", "3", "--json", "--max-p95", "0.001", "--network", "20000:20");

    assertThat(o.exit()).as("stderr:%n%s", o.stderr()).isEqualTo(1);
    assertThat(o.stdout().lines()).as("one JSON object").hasSize(1);
    JsonNode r = new ObjectMapper().readTree(o.stdout());
    assertThat(r.path("player").asText()).as("auto picks Shaka for an MPD").isEqualTo("shaka");
    assertThat(r.path("url").asText()).isEqualTo(dash);
    assertThat(r.path("network").asText()).isEqualTo("20000:20");
    assertThat(r.path("runs").asInt()).isEqualTo(3);
    assertThat(r.path("warmupLoads").asInt()).isEqualTo(1);
    assertThat(r.path("errors").asInt()).isZero();
    assertThat(r.path("failures")).isEmpty();
    assertThat(r.path("maxP95Seconds").asDouble()).isEqualTo(0.001);
    assertThat(r.path("verdict").asText()).isEqualTo("slow");
    for (String interval : List.of("loadToFirstFrameMs", "readyToFirstFrameMs")) {
      JsonNode p = r.path(interval);
      assertThat(p.path("p50").isIntegralNumber()).as("%s in %s", interval, r).isTrue();
      assertThat(p.path("p95").asLong()).as("%s in %s", interval, r).isGreaterThanOrEqualTo(p.path("p50").asLong());
    }
    assertThat(r.path("readyToFirstFrameMs").path("p95").asLong())
        .isLessThanOrEqualTo(r.path("loadToFirstFrameMs").path("p95").asLong());
    assertThat(r.path("loads")).hasSize(3).allSatisfy(l -> {
      assertThat(l.path("ok").asBoolean()).isTrue();
      // the first frame follows the metadata; the two come from different clocks (the event's time, the frame's
      // time), which may disagree by up to one 60 Hz frame
      assertThat(l.path("firstFrameMs").asLong()).isGreaterThanOrEqualTo(l.path("readyMs").asLong() - 17);
    });
  }

  @Test
  void aManifestThatIsNotThereFailsEveryLoadWithItsReasonAndExitsOne() throws Exception {
    String missing = hls.replace("/probe-startup/", "/no-such-asset/");

    Outcome o = probeStartup(missing, "--runs", "2", "--warmup", "0", "--json");

    assertThat(o.exit()).as("stderr:%n%s", o.stderr()).isEqualTo(1);
    JsonNode r = new ObjectMapper().readTree(o.stdout());
    assertThat(r.path("errors").asInt()).isEqualTo(2);
    assertThat(r.path("verdict").asText()).isEqualTo("errors");
    assertThat(r.path("loadToFirstFrameMs").path("p95").isNull()).isTrue();
    assertThat(r.path("failures")).hasSize(2)
        .allSatisfy(f -> assertThat(f.path("reason").asText()).contains("hls.js", "manifestLoadError", "HTTP 404"));
    assertThat(o.stderr()).contains("load 1/2: failed: hls.js");
  }

  @Test
  void usageErrorsAndAMissingHarnessExitTwoNamingTheFix() {
    Outcome unknownKind = probeStartup("http://127.0.0.1:1/video.mp4");
    assertThat(unknownKind.exit()).isEqualTo(2);
    assertThat(unknownKind.stderr()).contains("cannot tell the player from", "--player hls.js, shaka or dashjs");

    Outcome badNetwork = probeStartup(hls, "--network", "fast");
    assertThat(badNetwork.exit()).isEqualTo(2);
    assertThat(badNetwork.stderr()).contains("'fast' is not KBPS:LATENCY_MS");

    Outcome noHarness = probeStartup(hls, "-s", "vw.probe.players-dir=" + data.resolve("nowhere"));
    assertThat(noHarness.exit()).isEqualTo(2);
    assertThat(noHarness.stderr()).contains("no web-player harness at", "bin/vw-media installs it", "vw.probe.players-dir")
        .doesNotContain("Exception", "\tat ");

    Outcome noChromium = probeStartup(hls, "-s", "vw.probe.chromium=" + data.resolve("no-chromium"));
    assertThat(noChromium.exit()).isEqualTo(2);
    assertThat(noChromium.stderr()).contains("no chromium at", "apt-get install chromium", "vw.probe.chromium");
  }
}
