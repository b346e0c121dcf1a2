package io.vwmedia.launcher.players;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vwmedia.config.Settings;
import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.UploadRequested;
import io.vwmedia.launcher.Media;
import io.vwmedia.launcher.client.PublishedWatcher;
import io.vwmedia.launcher.client.UploadSubmitter;
import io.vwmedia.launcher.stack.EmbeddedStack;
import io.vwmedia.worker.ProgressListener;
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
 * What the pipeline publishes plays in the real web players: hls.js on the HLS master, dash.js and Shaka Player on
 * the DASH MPD, in Debian's headless Chromium, served by the embedded origin. Each starts playback, is switched to
 * the top rendition, and must reach the end with no player error.
 */
class RealPlayersTest {

  @TempDir static Path media;
  @TempDir static Path data;
  static EmbeddedStack stack;
  static AssetPublished full;
  static AssetPublished degraded;
  static Path clip;
  static Path release1080p;

  @BeforeAll
  static void publish() throws Exception {
    WebPlayers.assertInstalled();
    // 6 s of 1080p25 with a tone: 360p, 720p and 1080p, and audio
    clip = Media.generate(media.resolve("clip.mp4"), "testsrc2=size=1920x1080:rate=25", 6, true);
    // the same source through an FFmpeg that crashes whenever it is asked for 720p, and that holds the 1080p encode
    // of the asset "players-progressive" back until the test releases it
    release1080p = media.resolve("release-1080p");
    Path ffmpeg = media.resolve("ffmpeg-failing-720p-holding-1080p");
    java.nio.file.Files.writeString(ffmpeg, """
        #!/bin/sh
        case "$*" in *players-progressive*1080p*) while [ ! -f '%s' ]; do sleep 0.2; done;; esac
        case "$*" in *720p*) echo "simulated encoder crash on 720p" >&2; exit 139;; esac
        exec ffmpeg "$@"
        """.formatted(release1080p));
    java.nio.file.Files.setPosixFilePermissions(ffmpeg, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));

    stack = EmbeddedStack.start(data, Settings.of(Map.of(
        "vw.worker.x264-preset", "superfast", "vw.embedded.origin-port", "0", "vw.source.file-roots", media.toString())),
        ProgressListener.NONE, true);
    full = publish("players-full", clip);
    assertThat(full.getStatus()).isEqualTo(AssetStatus.PUBLISHED);
    stack.close();
    // a second stack on the same data folder, with the failing FFmpeg: the first asset stays published
    stack = EmbeddedStack.start(data, Settings.of(Map.of("vw.worker.x264-preset", "superfast",
        "vw.embedded.origin-port", "0", "vw.worker.ffmpeg", ffmpeg.toString(), "vw.source.file-roots", media.toString())),
        ProgressListener.NONE, true);
    degraded = publish("players-degraded", clip);
    assertThat(degraded.getStatus()).isEqualTo(AssetStatus.DEGRADED);
  }

  @AfterAll
  static void stop() {
    if (stack != null) stack.close();
  }

  private static AssetPublished publish(String assetId, Path source) {
    try (PublishedWatcher watcher = new PublishedWatcher(stack.bootstrapServers(), stack.serdes().assetPublished(), false);
        UploadSubmitter submitter = new UploadSubmitter(stack.bootstrapServers(), stack.serdes().uploadRequested())) {
      submitter.submit(UploadRequested.newBuilder().setAssetId(assetId).setSourceUri(source.toUri().toString())
          .setCorrelationId("test-" + assetId).setRequestedAt(Instant.now()).build());
      return watcher.await(Set.of(assetId), Instant.now().plus(Duration.ofMinutes(3)), e -> {}).get(assetId);
    }
  }

  /** The asset as published now: URLs on the current origin (a restart may move its port). */
  private static String url(String published) {
    String path = published.substring(published.indexOf("/manifests/"));
    return stack.originUri().orElseThrow().resolve(path.substring(1)).toString();
  }

  private static void assertPlayedToTheEnd(JsonNode r, int... heights) {
    assertThat(r.path("errors")).as("player errors in %s", r).isEmpty();
    assertThat(r.path("firstFrameMs").isNumber()).as("a first frame in %s", r).isTrue();
    assertThat(r.path("ended").asBoolean()).as("reached the end: %s", r).isTrue();
    assertThat(r.path("duration").asDouble()).as("duration in %s", r).isBetween(5.8, 6.2);
    List<Integer> rendered = new ArrayList<>();
    r.path("heights").forEach(h -> rendered.add(h.asInt()));
    assertThat(rendered).as("heights rendered in %s", r).contains(java.util.Arrays.stream(heights).boxed().toArray(Integer[]::new));
  }

  @Test
  void hlsJsPlaysTheThreeRungLadderAndSwitchesToTheTopRendition() throws Exception {
    assertPlayedToTheEnd(WebPlayers.play("hls", url(full.getHlsUrl()), "--switch-to", "1080"), 1080);
  }

  @Test
  void dashJsPlaysTheThreeRungLadderAndSwitchesToTheTopRendition() throws Exception {
    assertPlayedToTheEnd(WebPlayers.play("dash", url(full.getDashUrl()), "--switch-to", "1080"), 1080);
  }

  @Test
  void shakaPlaysTheThreeRungLadderAndSwitchesToTheTopRendition() throws Exception {
    assertPlayedToTheEnd(WebPlayers.play("shaka", url(full.getDashUrl()), "--switch-to", "1080"), 1080);
  }

  @Test
  void shakaPlaysTheHlsMasterToo() throws Exception {
    assertPlayedToTheEnd(WebPlayers.play("shaka", url(full.getHlsUrl()), "--switch-to", "360"), 360);
  }

  @Test
  void everyPlayerPlaysTheDegradedAssetWithTheRungsItHas() throws Exception {
    assertPlayedToTheEnd(WebPlayers.play("hls", url(degraded.getHlsUrl()), "--switch-to", "1080"), 1080);
    assertPlayedToTheEnd(WebPlayers.play("dash", url(degraded.getDashUrl()), "--switch-to", "360"), 360);
    assertPlayedToTheEnd(WebPlayers.play("shaka", url(degraded.getDashUrl()), "--switch-to", "1080"), 1080);
  }

  @Test
  void everyPlayerPlaysAnAssetWhileItIsStillBeingPublishedThenItsCompleteLadder() throws Exception {
    List<AssetPublished> playable = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.CompletableFuture<AssetPublished> terminal = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try (PublishedWatcher watcher = new PublishedWatcher(stack.bootstrapServers(), stack.serdes().assetPublished(), true)) {
        return watcher.await(Set.of("players-progressive"), Instant.now().plus(Duration.ofMinutes(4)), e -> {}, playable::add)
            .get("players-progressive");
      }
    });
    try (UploadSubmitter submitter = new UploadSubmitter(stack.bootstrapServers(), stack.serdes().uploadRequested())) {
      submitter.submit(UploadRequested.newBuilder().setAssetId("players-progressive").setSourceUri(clip.toUri().toString())
          .setCorrelationId("test-progressive").setRequestedAt(Instant.now()).build());
    }
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    while (playable.isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
    }
    assertThat(playable).as("a PLAYABLE event while 1080p is held back").isNotEmpty();
    AssetPublished first = playable.get(0);
    assertThat(first.getStatus()).isEqualTo(AssetStatus.PLAYABLE);
    assertThat(terminal).as("not terminal while 1080p is held back").isNotDone();

    // 360p and audio so far: every player plays the stable pointer to the end while 1080p is still encoding
    assertPlayedToTheEnd(WebPlayers.play("hls", url(first.getHlsUrl())), 360);
    assertPlayedToTheEnd(WebPlayers.play("dash", url(first.getDashUrl())), 360);
    assertPlayedToTheEnd(WebPlayers.play("shaka", url(first.getDashUrl())), 360);

    java.nio.file.Files.createFile(release1080p);
    AssetPublished last = terminal.get(4, java.util.concurrent.TimeUnit.MINUTES);
    assertThat(last.getStatus()).isEqualTo(AssetStatus.DEGRADED); // 720p fails on this stack
    assertThat(last.getManifestVersion()).isGreaterThan(first.getManifestVersion());
    assertPlayedToTheEnd(WebPlayers.play("hls", url(last.getHlsUrl()), "--switch-to", "1080"), 1080);
    // the version a player loaded first still plays, every file it names unchanged
    assertPlayedToTheEnd(WebPlayers.play("shaka", url(first.getDashVersionUrl())), 360);
  }
}
