package io.vwmedia.launcher.chunking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vwmedia.config.Settings;
import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.Rendition;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungStatus;
import io.vwmedia.events.Segment;
import io.vwmedia.events.UploadRequested;
import io.vwmedia.launcher.Media;
import io.vwmedia.launcher.client.PublishedWatcher;
import io.vwmedia.launcher.client.UploadSubmitter;
import io.vwmedia.launcher.players.WebPlayers;
import io.vwmedia.launcher.stack.EmbeddedStack;
import io.vwmedia.storage.SegmentTimeline;
import io.vwmedia.worker.ProgressListener;
import io.vwmedia.worker.cmaf.CmafInspector;
import io.vwmedia.worker.cmaf.FragmentInfo;
import io.vwmedia.worker.cmaf.TrackInfo;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source above the chunking threshold through the whole embedded pipeline, real FFmpeg and real players: each video
 * rung is encoded as chunks (forced here with vw.chunking.min-source-seconds and target-seconds), joined into one
 * rung whose segments are continuous, each starting on a sync sample, with every frame of the source once; and
 * hls.js, dash.js and Shaka play it to the end and through every join after a seek to just before it.
 */
class ChunkedAssetTest {

  static final double SECONDS = 30;
  static final int FPS = 25;

  @TempDir static Path media;
  @TempDir static Path data;
  static EmbeddedStack stack;
  static AssetPublished asset;

  @BeforeAll
  static void publish() throws Exception {
    WebPlayers.assertInstalled();
    Path source = Media.generate(media.resolve("long.mp4"), "testsrc2=size=1280x720:rate=" + FPS, SECONDS, true);
    stack = EmbeddedStack.start(data, Settings.of(Map.of(
        "vw.chunking.min-source-seconds", "10", "vw.chunking.target-seconds", "8",
        "vw.worker.x264-preset", "superfast", "vw.embedded.origin-port", "0", "vw.source.file-roots", media.toString())),
        ProgressListener.NONE, true);
    try (PublishedWatcher watcher = new PublishedWatcher(stack.connection(), stack.serdes().assetPublished(), false);
        UploadSubmitter submitter = new UploadSubmitter(stack.connection(), stack.serdes().uploadRequested())) {
      submitter.submit(UploadRequested.newBuilder().setAssetId("chunked").setSourceUri(source.toUri().toString())
          .setCorrelationId("test-chunked").setRequestedAt(Instant.now()).build());
      asset = watcher.await(Set.of("chunked"), Instant.now().plus(Duration.ofMinutes(5)), e -> {}).get("chunked");
    }
  }

  @AfterAll
  static void stop() {
    if (stack != null) stack.close();
  }

  static List<Rendition> videoRungs() {
    return asset.getRenditions().stream().filter(r -> r.getKind() == RungKind.VIDEO && r.getStatus() != RungStatus.SKIPPED)
        .toList();
  }

  static SegmentTimeline timeline(String rung) {
    return SegmentTimeline.read(stack.store(), "assets/chunked/" + rung + "/timeline.tsv");
  }

  static Path file(String rung, String name) {
    return Path.of(stack.store().locate("assets/chunked/" + rung + "/" + name));
  }

  @Test
  void eachVideoRungIsItsChunksJoinedContinuousWithEveryFrameOnce() throws Exception {
    assertThat(asset.getStatus()).isEqualTo(AssetStatus.PUBLISHED);
    assertThat(videoRungs()).extracting(Rendition::getName).containsExactly("360p", "720p");
    for (Rendition rung : videoRungs()) {
      assertThat(rung.getStatus()).isEqualTo(RungStatus.DONE);
      SegmentTimeline timeline = timeline(rung.getName());
      Set<String> folders = timeline.segments().stream().map(s -> s.getFile().substring(0, s.getFile().indexOf('/')))
          .collect(Collectors.toCollection(java.util.TreeSet::new));
      assertThat(folders).as("%s: the chunks' folders", rung.getName()).hasSize(4); // 0-9, 9-17, 17-25, 25-30 s
      TrackInfo track = CmafInspector.readInit(file(rung.getName(), folders.iterator().next() + "/init.mp4"));
      long next = 0;
      for (Segment s : timeline.segments()) {
        FragmentInfo f = CmafInspector.readSegment(file(rung.getName(), s.getFile()), track);
        assertThat(f.startsWithSyncSample()).as("%s %s starts on a sync sample", rung.getName(), s.getFile()).isTrue();
        assertThat(f.baseDecodeTime()).as("%s %s: tfdt continues the segment before", rung.getName(), s.getFile()).isEqualTo(next);
        next = f.baseDecodeTime() + f.duration();
      }
      assertThat(decodedFrames(rung.getName(), timeline)).as("%s: frames decoded", rung.getName())
          .isEqualTo(Math.round(SECONDS * FPS));
    }
  }

  @Test
  void hlsJsDashJsAndShakaPlayToTheEndAndThroughEveryJoinAfterASeek() throws Exception {
    String seeks = joins("720p").stream().map(t -> String.format(Locale.ROOT, "%.2f", t - 0.5)).collect(Collectors.joining(","));
    String origin = stack.originUri().orElseThrow().toString();
    for (String[] play : List.of(new String[] {"hls", asset.getHlsUrl()}, new String[] {"dash", asset.getDashUrl()},
        new String[] {"shaka", asset.getDashUrl()})) {
      String url = origin + play[1].substring(play[1].indexOf("/manifests/") + 1);
      JsonNode r = WebPlayers.play(play[0], url, "--switch-to", "720", "--seek-to", seeks);
      assertThat(r.path("errors")).as("%s errors: %s", play[0], r).isEmpty();
      assertThat(r.path("ended").asBoolean()).as("%s reached the end: %s", play[0], r).isTrue();
      assertThat(r.path("seeks")).as("%s seeks: %s", play[0], r).hasSize(3)
          .allSatisfy(s -> assertThat(s.path("passedMs").isNumber()).as("played through the join after %s", s).isTrue());
    }
  }

  /** Where the rung's chunks join, in seconds: the start of each segment whose folder differs from the one before. */
  static List<Double> joins(String rung) {
    SegmentTimeline t = timeline(rung);
    List<Double> joins = new ArrayList<>();
    for (int i = 1; i < t.segments().size(); i++) {
      String before = t.segments().get(i - 1).getFile();
      String here = t.segments().get(i).getFile();
      if (!before.substring(0, before.indexOf('/')).equals(here.substring(0, here.indexOf('/')))) {
        joins.add((double) t.segments().get(i).getStart() / t.timescale());
      }
    }
    return joins;
  }

  /** Frames FFmpeg decodes from the rung as one file: its init, then every segment in order. */
  static long decodedFrames(String rung, SegmentTimeline timeline) throws Exception {
    Path joined = Files.createTempFile(data, rung, ".mp4");
    String init = timeline.segments().get(0).getFile().replaceAll("/[^/]+$", "/init.mp4");
    try (OutputStream out = Files.newOutputStream(joined)) {
      Files.copy(file(rung, init), out);
      for (Segment s : timeline.segments()) {
        Files.copy(file(rung, s.getFile()), out);
      }
    }
    Process p = new ProcessBuilder("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
        "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", joined.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assertThat(p.waitFor()).as("ffprobe: %s", out).isZero();
    return Long.parseLong(out);
  }
}
