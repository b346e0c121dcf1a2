package io.vwmedia.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vwmedia.launcher.Media;
import io.vwmedia.launcher.VwMedia;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import io.vwmedia.topics.Topic;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vw-media run --json}: the contract scripts rely on, one JSON object per asset per line, nothing else. */
class RunCommandTest {

  @TempDir Path dir;

  @Test
  void printsOneJsonLinePerAssetAndExitsNonZeroWhenAnyFailed() throws Exception {
    Path clip = Media.generate(dir.resolve("clip-1080p.mp4"), "testsrc2=size=1920x1080:rate=25", 4, true);
    Path notAVideo = Files.writeString(dir.resolve("notes.mp4"), "not a video\n");

    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exit;
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    try {
      exit = VwMedia.commandLine().execute("run", "--json", "--data-dir", dir.resolve("data").toString(),
          "-s", "vw.worker.x264-preset=superfast", "-s", "vw.worker.concurrency=2", "--upload-interval", "PT1S",
          clip.toString(), notAVideo.toString());
    } finally {
      System.setOut(original);
    }

    assertThat(exit).as("one asset FAILED").isEqualTo(1);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : stdout.toString(StandardCharsets.UTF_8).split("\n")) {
      lines.add(new ObjectMapper().readTree(line));
    }
    assertThat(lines).hasSize(2);
    JsonNode published = lines.stream().filter(l -> l.path("assetId").asText().startsWith("clip-1080p-")).findFirst().orElseThrow();
    JsonNode failed = lines.stream().filter(l -> l.path("assetId").asText().startsWith("notes-")).findFirst().orElseThrow();

    assertThat(published.path("status").asText()).isEqualTo("PUBLISHED");
    assertThat(published.path("reason").isNull()).isTrue();
    assertThat(Path.of(published.path("hls").asText())).isAbsolute().isRegularFile();
    assertThat(Path.of(published.path("dash").asText())).isAbsolute().isRegularFile();
    List<String> rungs = new ArrayList<>();
    published.path("renditions").forEach(r -> rungs.add(r.path("name").asText() + " " + r.path("status").asText()));
    assertThat(rungs).containsExactly("360p DONE", "720p DONE", "1080p DONE", "2160p SKIPPED", "audio DONE");
    JsonNode p1080 = published.path("renditions").get(2);
    assertThat(p1080.path("width").asInt()).isEqualTo(1920);
    assertThat(p1080.path("height").asInt()).isEqualTo(1080);
    assertThat(p1080.path("codecs").asText()).isEqualTo("avc1.640028");
    assertThat(p1080.path("bandwidth").asLong()).isPositive();

    assertThat(failed.path("status").asText()).isEqualTo("FAILED");
    assertThat(failed.path("reason").asText()).startsWith("the source is not a video FFmpeg can read");
    assertThat(failed.path("hls").isNull()).isTrue();
    assertThat(Duration.between(Instant.parse(published.path("requestedAt").asText()),
        Instant.parse(failed.path("requestedAt").asText()))).as("uploaded in the order given, a second apart")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void traceWritesTheStartUpPhasesAndEveryHopOfTheAssetInFlowOrder() throws Exception {
    Path clip = Media.generate(dir.resolve("short.mp4"), "testsrc2=size=640x360:rate=25", 2, true);
    Path trace = dir.resolve("out/trace.json");

    int exit = VwMedia.commandLine().execute("run", "--json", "--data-dir", dir.resolve("data").toString(),
        "-s", "vw.worker.x264-preset=superfast", "--trace", trace.toString(), clip.toString());

    assertThat(exit).isZero();
    JsonNode report = new ObjectMapper().readTree(trace.toFile());
    List<String> phases = new ArrayList<>();
    report.path("startup").forEach(m -> phases.add(m.path("phase").asText()));
    assertThat(phases).contains("broker", "topics", "topology-built", "workers-built", "stack-started",
        "topology-running", "upload-accepted", "all-terminal", "closed");
    assertThat(phases.indexOf("upload-accepted")).isGreaterThan(phases.indexOf("topology-running"));
    assertThat(phases.indexOf("closed")).isGreaterThan(phases.indexOf("all-terminal"));

    assertThat(report.path("assets")).hasSize(1);
    JsonNode asset = report.path("assets").get(0);
    assertThat(asset.path("assetId").asText()).startsWith("short-");
    Set<String> topics = new LinkedHashSet<>();
    asset.path("hops").forEach(hop -> {
      topics.add(hop.path("topic").asText());
      assertThat(hop.path("key").asText()).startsWith(asset.path("assetId").asText());
      assertThat(hop.path("seen").asLong()).as("visible no sooner than stamped").isGreaterThanOrEqualTo(hop.path("at").asLong());
    });
    assertThat(topics).as("the flow's topics, in the order the asset went through them").containsExactly(
        Topic.UPLOAD_REQUESTED.topicName(), Topic.PROBE_TASKS.topicName(), Topic.PROBE_DONE.topicName(),
        Topic.RENDITION_TASKS.topicName(), Topic.RENDITION_DONE.topicName(), Topic.ASSET_PACKAGED.topicName(),
        Topic.ASSET_PUBLISHED.topicName());
    List<String> results = new ArrayList<>();
    asset.path("hops").forEach(hop -> {
      // the rung results; a worker's reports of segments stored while it encodes (live publishing) are hops too
      if (hop.path("topic").asText().equals(Topic.RENDITION_DONE.topicName()) && !hop.path("status").asText().equals("ENCODING")) {
        results.add(hop.path("rung").asText() + " " + hop.path("status").asText());
        assertThat(hop.path("encodeMs").asLong()).isPositive();
      }
    });
    assertThat(results).containsExactlyInAnyOrder("360p DONE", "audio DONE");
    JsonNode last = asset.path("hops").get(asset.path("hops").size() - 1);
    assertThat(last.path("status").asText()).isEqualTo("PUBLISHED");
  }

  @Test
  void aNegativeUploadIntervalIsRefusedBeforeAnythingStarts() {
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintStream original = System.err;
    int exit;
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    try {
      exit = VwMedia.commandLine().execute("run", "--data-dir", dir.resolve("data").toString(), "--upload-interval",
          "-PT5S", "x.mp4");
    } finally {
      System.setErr(original);
    }

    assertThat(exit).isEqualTo(2);
    assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("--upload-interval PT-5S: give a duration of 0 or more, e.g. PT45S");
    assertThat(dir.resolve("data")).as("nothing started").doesNotExist();
  }
}
