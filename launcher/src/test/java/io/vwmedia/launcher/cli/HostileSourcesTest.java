package io.vwmedia.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.vwmedia.config.Settings;
import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.UploadRequested;
import io.vwmedia.launcher.Media;
import io.vwmedia.launcher.VwMedia;
import io.vwmedia.launcher.client.PublishedWatcher;
import io.vwmedia.launcher.client.UploadSubmitter;
import io.vwmedia.launcher.stack.EmbeddedStack;
import io.vwmedia.worker.ProgressListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vw-media run --json} on files that are not videos, or that try to make FFmpeg read something else: each
 * ends FAILED with a reason its sender can act on, quickly, and nothing they point at is read.
 */
class HostileSourcesTest {

  @TempDir Path dir;
  @TempDir Path elsewhere;

  @Test
  @Timeout(180) // a source that made FFmpeg open the FIFO below would hang here instead of failing
  void badAndHostileSourcesEachFailFastWithAClearReasonAndNothingTheyPointAtIsRead() throws Exception {
    Path clip = Media.generate(dir.resolve("whole.mp4"), "testsrc2=size=640x360:rate=25", 4, true);
    byte[] bytes = Files.readAllBytes(clip);
    // an upload cut off before its index (moov at the end, as most cameras write it)
    Files.write(dir.resolve("truncated.mp4"), Arrays.copyOf(bytes, bytes.length / 2));
    // an upload cut off after its index: FFmpeg reads what there is and exits 0
    Path faststart = Media.faststart(clip, dir.resolve("faststart.mp4"));
    byte[] fast = Files.readAllBytes(faststart);
    Files.write(dir.resolve("truncated-faststart.mp4"), Arrays.copyOf(fast, fast.length / 3));
    Files.delete(faststart);
    Files.write(dir.resolve("empty.mp4"), new byte[0]);
    Files.writeString(dir.resolve("text.mp4"), "Dear diary, today I uploaded a text file as a video.\n");
    Media.generateAudioOnly(dir.resolve("audio-only.mp4"), 3);

    // a reader that would block forever if anything opened it, and a server that counts requests
    Path fifo = elsewhere.resolve("secret.fifo");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    AtomicInteger requests = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    });
    server.start();
    String secretUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/secret.ts";
    Files.writeString(dir.resolve("playlist.mp4"), String.join("\n", "#EXTM3U", "#EXT-X-TARGETDURATION:10",
        "#EXTINF:10,", "file:///etc/passwd", "#EXTINF:10,", fifo.toString(), "#EXTINF:10,", secretUrl, "#EXT-X-ENDLIST", ""));
    Files.writeString(dir.resolve("concat.mp4"), String.join("\n", "ffconcat version 1.0", "file '/etc/passwd'",
        "file '" + fifo + "'", "file '" + secretUrl + "'", ""));

    Map<String, JsonNode> byName;
    try {
      byName = run("truncated.mp4", "truncated-faststart.mp4", "empty.mp4", "text.mp4", "audio-only.mp4",
          "playlist.mp4", "concat.mp4");
    } finally {
      server.stop(0);
    }

    assertThat(byName).hasSize(7).allSatisfy((name, line) -> {
      assertThat(line.path("status").asText()).as(name).isEqualTo("FAILED");
      assertThat(line.path("elapsedMs").asLong()).as(name + ": fails at once, not after an encode timeout")
          .isLessThan(30_000);
    });
    assertThat(reason(byName, "truncated")).contains("moov atom not found").contains("truncated");
    assertThat(reason(byName, "truncated-faststart")).contains("the source file is truncated");
    assertThat(reason(byName, "empty")).isEqualTo("the source file is empty (0 bytes)");
    assertThat(reason(byName, "text")).startsWith("the source is not a video FFmpeg can read");
    assertThat(reason(byName, "audio-only")).isEqualTo("the source has audio but no video stream");
    assertThat(reason(byName, "playlist")).startsWith("the source is a 'hls' file, which is not accepted");
    assertThat(reason(byName, "concat")).startsWith("the source is a 'concat' file, which is not accepted");
    assertThat(requests).as("no request reached the host the playlists point at").hasValue(0);
  }

  private static String reason(Map<String, JsonNode> byName, String name) {
    return byName.get(name).path("reason").asText();
  }

  @Test
  void uploadsOfFilesOutsideTheAllowedFoldersOfInternalHostsWithPathsAsIdsOrPastTheLimitsFailWithTheReason() throws Exception {
    Path allowed = Files.createDirectories(dir.resolve("uploads"));
    Path clip = Media.generate(allowed.resolve("ok.mp4"), "testsrc2=size=640x360:rate=25", 1, false);
    Path secret = Media.generate(elsewhere.resolve("secret.mp4"), "testsrc2=size=640x360:rate=25", 1, false);
    Path longer = Media.generate(allowed.resolve("longer.mp4"), "testsrc2=size=640x360:rate=25", 4, false);
    Path wider = Media.generate(allowed.resolve("wider.mp4"), "testsrc2=size=1280x720:rate=25", 1, false);
    Files.createSymbolicLink(allowed.resolve("link.mp4"), secret);
    Settings settings = Settings.of(Map.of("vw.source.file-roots", allowed.toString(), "vw.worker.x264-preset", "superfast",
        "vw.source.max-duration", "3s", "vw.source.max-dimension", "1024"));

    try (EmbeddedStack stack = EmbeddedStack.start(dir.resolve("stack"), settings, ProgressListener.NONE, false)) {
      Map<String, String> sources = Map.of(
          "outside", secret.toUri().toString(),
          "through-a-link", allowed.resolve("link.mp4").toUri().toString(),
          "passwd", "file:///etc/passwd",
          "metadata", "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
          "loopback", "http://127.0.0.1:9092/",
          "..", clip.toUri().toString(),
          "too-long", longer.toUri().toString(),
          "too-wide", wider.toUri().toString(),
          "ok", clip.toUri().toString());
      Map<String, AssetPublished> outcomes = new HashMap<>();
      try (PublishedWatcher watcher = new PublishedWatcher(stack.connection(), stack.serdes().assetPublished(), false);
          UploadSubmitter submitter = new UploadSubmitter(stack.connection(), stack.serdes().uploadRequested())) {
        sources.forEach((id, uri) -> submitter.submit(UploadRequested.newBuilder().setAssetId(id).setSourceUri(uri)
            .setCorrelationId("hostile").setRequestedAt(Instant.now()).build()));
        outcomes.putAll(watcher.await(sources.keySet(), Instant.now().plusSeconds(120), e -> {}));
      }

      assertThat(outcomes).hasSize(sources.size());
      assertThat(outcomes.get("ok").getStatus()).isEqualTo(AssetStatus.PUBLISHED);
      assertThat(outcomes.get("outside").getReason()).contains("is outside the folders sources may be read from");
      assertThat(outcomes.get("through-a-link").getReason()).contains(secret.toRealPath() + " is outside the folders");
      assertThat(outcomes.get("passwd").getReason()).contains("/etc/passwd is outside the folders");
      assertThat(outcomes.get("metadata").getReason()).contains("169.254.169.254, an internal address");
      assertThat(outcomes.get("loopback").getReason()).contains("127.0.0.1, an internal address");
      assertThat(outcomes.get("..").getReason()).contains("asset id '..' is not allowed");
      assertThat(outcomes.get("too-long").getReason()).isEqualTo("the source is 4 s long, above the limit of 3 s (vw.source.max-duration)");
      assertThat(outcomes.get("too-wide").getReason()).contains("1280x720, above the limit of 1024 pixels");
      outcomes.forEach((id, e) -> assertThat(e.getStatus()).as(id).isEqualTo(id.equals("ok") ? AssetStatus.PUBLISHED : AssetStatus.FAILED));
      try (var stored = Files.list(dir.resolve("stack/storage/assets"))) {
        assertThat(stored.map(p -> p.getFileName().toString())).as("no storage key made from a refused id").containsExactly("ok");
      }
    }
  }

  /** One {@code run --json} over these files; its lines by the file name each asset id starts with. */
  private Map<String, JsonNode> run(String... names) throws Exception {
    List<String> args = new ArrayList<>(List.of("run", "--json", "--data-dir", dir.resolve("data").toString(),
        "-s", "vw.worker.x264-preset=superfast"));
    Arrays.stream(names).map(n -> dir.resolve(n).toString()).forEach(args::add);
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = VwMedia.commandLine().execute(args.toArray(String[]::new));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    System.err.print(stderr.toString(StandardCharsets.UTF_8));
    assertThat(exit).as("run exits 1 when an asset FAILED; its stderr:%n%s", stderr.toString(StandardCharsets.UTF_8)).isEqualTo(1);
    Map<String, JsonNode> byName = new HashMap<>();
    for (String line : stdout.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode json = new ObjectMapper().readTree(line);
      String assetId = json.path("assetId").asText();
      byName.put(assetId.substring(0, assetId.lastIndexOf('-')), json);
    }
    return byName;
  }
}
