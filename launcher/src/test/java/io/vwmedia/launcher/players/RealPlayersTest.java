package io.vwmedia.launcher.players;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vwmedia.config.Settings;
import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.Rendition;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungStatus;
import io.vwmedia.events.TemplateOverrides;
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
 * the top rendition, and must reach the end with no player error. Sources between, at and above the template's
 * rungs, anamorphic and portrait, get a ladder fitted to them that plays too.
 */
class RealPlayersTest {

  @TempDir static Path media;
  @TempDir static Path data;
  static EmbeddedStack stack;
  static AssetPublished full;
  static AssetPublished degraded;
  static Path clip;
  static Path release1080p;
  /** The six sources issue 10 names, at 12 fps: few frames to encode, as their sizes are what is tested. */
  static final List<Fitted> FITTED = List.of(
      new Fitted("fit-1279x719", "testsrc=size=1279x719:rate=12", null, "yuv444p", 1279, 719, "720p"),
      new Fitted("fit-854x480", "testsrc2=size=854x480:rate=12", null, "yuv420p", 854, 480, "480p"),
      new Fitted("fit-pal-16-15", "testsrc2=size=720x576:rate=12", "setsar=16/15", "yuv420p", 768, 576, "576p"),
      new Fitted("fit-hdv-4-3", "testsrc2=size=1440x1080:rate=12", "setsar=4/3", "yuv420p", 1920, 1080, "1080p"),
      new Fitted("fit-portrait", "testsrc2=size=1080x1920:rate=12", null, "yuv420p", 1080, 1920, "1080p"),
      new Fitted("fit-2560x1440", "testsrc2=size=2560x1440:rate=12", null, "yuv420p", 2560, 1440, "1440p"));
  /** Segments of 1, 2 and 1 s: a switch after the first frame shows in the last one. */
  static final double FITTED_SECONDS = 4;
  static final TemplateOverrides FITTED_SEGMENTS = TemplateOverrides.newBuilder().setSegmentSeconds(2.0).build();
  static final Map<String, AssetPublished> fitted = new java.util.LinkedHashMap<>();

  /**
   * A source made with lavfi (a filter such as {@code setsar}, a pixel format for odd sizes), the size it is
   * displayed at, and the rung the ladder should top out with.
   */
  record Fitted(String assetId, String lavfi, String filter, String pixelFormat, int displayWidth, int displayHeight,
      String topRung) {}

  @BeforeAll
  static void publish() throws Exception {
    WebPlayers.assertInstalled();
    // 6 s of 1080p25 with a tone: 360p, 720p and 1080p, and audio
    clip = Media.generate(media.resolve("clip.mp4"), "testsrc2=size=1920x1080:rate=25", 6, true);
    // the same source through an FFmpeg that crashes whenever it is asked for 720p, that holds the 1080p encode
    // of the asset "players-progressive" back until the test releases it, and that reads the source of the asset
    // "players-live" at its own pace (-re: an encode as slow as real time, as a 1080p ladder is on few cores)
    release1080p = media.resolve("release-1080p");
    Path ffmpeg = media.resolve("ffmpeg-failing-720p-holding-1080p");
    java.nio.file.Files.writeString(ffmpeg, """
        #!/bin/sh
        case "$*" in *players-progressive*1080p*) while [ ! -f '%s' ]; do sleep 0.2; done;; esac
        case "$*" in *720p*) echo "simulated encoder crash on 720p" >&2; exit 139;; esac
        case "$*" in *players-live*) exec ffmpeg -re "$@";; esac
        exec ffmpeg "$@"
        """.formatted(release1080p));
    java.nio.file.Files.setPosixFilePermissions(ffmpeg, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));

    stack = EmbeddedStack.start(data, Settings.of(Map.of(
        "vw.worker.x264-preset", "superfast", "vw.embedded.origin-port", "0", "vw.source.file-roots", media.toString())),
        ProgressListener.NONE, true);
    List<UploadRequested> uploads = new ArrayList<>(List.of(upload("players-full", clip).build()));
    for (Fitted f : FITTED) {
      Path source = Media.generate(media.resolve(f.assetId() + ".mp4"), f.lavfi(), f.filter(), f.pixelFormat(),
          FITTED_SECONDS, true);
      uploads.add(upload(f.assetId(), source).setOverrides(FITTED_SEGMENTS).build());
    }
    Map<String, AssetPublished> first = publish(uploads);
    full = first.get("players-full");
    assertThat(full.getStatus()).isEqualTo(AssetStatus.PUBLISHED);
    FITTED.forEach(f -> fitted.put(f.assetId(), first.get(f.assetId())));
    stack.close();
    // a second stack on the same data folder, with the failing FFmpeg: the first asset stays published. The lowest
    // rung and the audio are encoded first, on their own, so a version is published while 1080p is held back
    stack = EmbeddedStack.start(data, Settings.of(Map.of("vw.worker.x264-preset", "superfast",
        "vw.embedded.origin-port", "0", "vw.worker.ffmpeg", ffmpeg.toString(), "vw.source.file-roots", media.toString(),
        "vw.worker.first-rung-first", "true")),
        ProgressListener.NONE, true);
    degraded = publish("players-degraded", clip);
    assertThat(degraded.getStatus()).isEqualTo(AssetStatus.DEGRADED);
  }

  @AfterAll
  static void stop() {
    if (stack != null) stack.close();
  }

  private static UploadRequested.Builder upload(String assetId, Path source) {
    return UploadRequested.newBuilder().setAssetId(assetId).setSourceUri(source.toUri().toString())
        .setCorrelationId("test-" + assetId).setRequestedAt(Instant.now());
  }

  private static AssetPublished publish(String assetId, Path source) {
    return publish(List.of(upload(assetId, source).build())).get(assetId);
  }

  /** Submits every upload at once and waits for each asset's terminal event. */
  private static Map<String, AssetPublished> publish(List<UploadRequested> uploads) {
    try (PublishedWatcher watcher = new PublishedWatcher(stack.connection(), stack.serdes().assetPublished(), false);
        UploadSubmitter submitter = new UploadSubmitter(stack.connection(), stack.serdes().uploadRequested())) {
      uploads.forEach(submitter::submit);
      Set<String> ids = uploads.stream().map(u -> u.getAssetId().toString()).collect(java.util.stream.Collectors.toSet());
      return watcher.await(ids, Instant.now().plus(Duration.ofMinutes(3 + uploads.size())), e -> {});
    }
  }

  /**
   * Uploads the clip as {@code assetId} with a watcher already on the published topic: its PLAYABLE events go to
   * {@code playable} as they come, and the future completes with its terminal event.
   */
  private static java.util.concurrent.CompletableFuture<AssetPublished> uploadWatching(String assetId,
      List<AssetPublished> playable) {
    java.util.concurrent.CompletableFuture<AssetPublished> terminal = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try (PublishedWatcher watcher = new PublishedWatcher(stack.connection(), stack.serdes().assetPublished(), true)) {
        return watcher.await(Set.of(assetId), Instant.now().plus(Duration.ofMinutes(4)), e -> {}, playable::add)
            .get(assetId);
      }
    });
    try (UploadSubmitter submitter = new UploadSubmitter(stack.connection(), stack.serdes().uploadRequested())) {
      submitter.submit(upload(assetId, clip).build());
    }
    return terminal;
  }

  /** The asset as published now: URLs on the current origin (a restart may move its port). */
  private static String url(String published) {
    String path = published.substring(published.indexOf("/manifests/"));
    return stack.originUri().orElseThrow().resolve(path.substring(1)).toString();
  }

  private static void assertPlayedToTheEnd(JsonNode r, int... heights) {
    assertPlayedToTheEnd(r, 6, heights);
  }

  private static void assertPlayedToTheEnd(JsonNode r, double seconds, int... heights) {
    assertThat(r.path("errors")).as("player errors in %s", r).isEmpty();
    assertThat(r.path("firstFrameMs").isNumber()).as("a first frame in %s", r).isTrue();
    assertThat(r.path("ended").asBoolean()).as("reached the end: %s", r).isTrue();
    assertThat(r.path("duration").asDouble()).as("duration in %s", r).isBetween(seconds - 0.2, seconds + 0.2);
    List<Integer> rendered = new ArrayList<>();
    r.path("heights").forEach(h -> rendered.add(h.asInt()));
    assertThat(rendered).as("heights rendered in %s", r).contains(java.util.Arrays.stream(heights).boxed().toArray(Integer[]::new));
  }

  @Test
  void hlsJsPlaysTheThreeRungLadderAndSwitchesToTheTopRendition() throws Exception {
    assertPlayedToTheEnd(WebPlayers.play("hls", url(full.getHlsUrl()), "--switch-to", "1080"), 1080);
  }

  @Test
  void hlsJsPlaysLaddersFittedToSourcesBetweenAtAndAboveTheTemplatesRungsToTheirTop() throws Exception {
    for (Fitted f : FITTED) {
      AssetPublished asset = fitted.get(f.assetId());
      assertThat(asset.getStatus()).as(f.assetId()).isEqualTo(AssetStatus.PUBLISHED);
      List<Rendition> video = asset.getRenditions().stream()
          .filter(r -> r.getKind() == RungKind.VIDEO && r.getStatus() == RungStatus.DONE).toList();
      Rendition top = video.get(video.size() - 1);
      int shortSide = Math.min(f.displayWidth(), f.displayHeight());
      assertThat(top.getName()).as("%s: top rung", f.assetId()).isEqualTo(f.topRung());
      assertThat((double) Math.min(top.getWidth(), top.getHeight())).as("%s: the top rung's short side", f.assetId())
          .isCloseTo(shortSide, org.assertj.core.api.Assertions.within(shortSide * 0.1));
      for (Rendition r : video) {
        String rung = f.assetId() + " " + r.getName() + " " + r.getWidth() + "x" + r.getHeight();
        assertThat(r.getWidth()).as("%s: no wider than the source", rung).isLessThanOrEqualTo(f.displayWidth());
        assertThat(r.getHeight()).as("%s: no taller than the source", rung).isLessThanOrEqualTo(f.displayHeight());
        assertThat((double) r.getWidth() / r.getHeight()).as("%s: the source's display aspect", rung)
            .isCloseTo((double) f.displayWidth() / f.displayHeight(),
                org.assertj.core.api.Assertions.within(0.01 * f.displayWidth() / f.displayHeight()));
      }
      assertPlayedToTheEnd(WebPlayers.play("hls", url(asset.getHlsUrl()), "--switch-to", String.valueOf(top.getHeight())),
          FITTED_SECONDS, top.getHeight());
    }
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

  /**
   * Live publishing: the asset's first PLAYABLE event comes while its first rung is still encoding (here as slowly as
   * real time), and names the live version, HLS EVENT playlists that grow until the rung is done. hls.js and Shaka
   * start on it from the first frame, follow it as it grows and play it to its end.
   */
  @Test
  void hlsJsAndShakaPlayAnAssetLiveWhileItsFirstRungIsStillEncodingToItsEnd() throws Exception {
    List<AssetPublished> playable = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.CompletableFuture<AssetPublished> terminal = uploadWatching("players-live", playable);
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    while (playable.isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
    }
    assertThat(playable).as("a PLAYABLE event").isNotEmpty();
    AssetPublished live = playable.get(0);
    assertThat(live.getManifestVersion()).as("the first is the live version").isZero();
    assertThat(live.getDashUrl()).isNull();
    String livePlaylist = java.nio.file.Files.readString(data.resolve("storage/assets/players-live/360p/live.m3u8"));
    assertThat(livePlaylist).as("announced while the first rung encodes").contains("#EXT-X-PLAYLIST-TYPE:EVENT")
        .doesNotContain("#EXT-X-ENDLIST");

    java.util.concurrent.CompletableFuture<JsonNode> shaka = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return WebPlayers.play("shaka", url(live.getHlsVersionUrl()));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertPlayedToTheEnd(WebPlayers.play("hls", url(live.getHlsVersionUrl())), 360);
    assertPlayedToTheEnd(shaka.get(3, java.util.concurrent.TimeUnit.MINUTES), 360);
    assertThat(java.nio.file.Files.readString(data.resolve("storage/assets/players-live/360p/live.m3u8")))
        .startsWith(livePlaylist).endsWith("#EXT-X-ENDLIST\n");
    assertThat(terminal.get(4, java.util.concurrent.TimeUnit.MINUTES).getStatus()).isEqualTo(AssetStatus.DEGRADED);
  }

  @Test
  void everyPlayerPlaysAnAssetWhileItIsStillBeingPublishedThenItsCompleteLadder() throws Exception {
    List<AssetPublished> playable = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.CompletableFuture<AssetPublished> terminal = uploadWatching("players-progressive", playable);
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    while (playable.stream().noneMatch(e -> e.getManifestVersion() > 0) && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
    }
    assertThat(playable).as("a PLAYABLE version while 1080p is held back").anyMatch(e -> e.getManifestVersion() > 0);
    AssetPublished first = playable.stream().filter(e -> e.getManifestVersion() > 0).findFirst().orElseThrow();
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
