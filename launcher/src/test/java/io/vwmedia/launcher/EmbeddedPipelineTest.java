package io.vwmedia.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vwmedia.config.Settings;
import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.Rendition;
import io.vwmedia.events.RungStatus;
import io.vwmedia.events.UploadRequested;
import io.vwmedia.launcher.client.PublishedWatcher;
import io.vwmedia.launcher.client.UploadSubmitter;
import io.vwmedia.launcher.stack.EmbeddedStack;
import io.vwmedia.worker.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Upload to published on the real in-JVM KRaft broker, real Kafka Streams, real FFmpeg and local storage. */
class EmbeddedPipelineTest {

  @RegisterExtension final TestBrokers broker = new TestBrokers();

  @TempDir static Path media;
  static Path clip;

  @BeforeAll
  static void generateClip() throws Exception {
    // 5 s of 1280x720 at 25 fps with a tone: 360p and 720p and audio, 1080p and 2160p skipped
    clip = Media.generate(media.resolve("clip.mp4"), "testsrc2=size=1280x720:rate=25", 5, true);
  }

  static Settings fastEncodes(Map<String, String> more) {
    return Settings.of(Map.of("vw.worker.x264-preset", "superfast", "vw.worker.concurrency", "2",
        "vw.source.file-roots", System.getProperty("java.io.tmpdir"))).with(more);
  }

  static AssetPublished publish(EmbeddedStack stack, String assetId, Path source) {
    try (PublishedWatcher watcher = new PublishedWatcher(stack.connection(), stack.serdes().assetPublished(), false);
        UploadSubmitter submitter = new UploadSubmitter(stack.connection(), stack.serdes().uploadRequested())) {
      submitter.submit(UploadRequested.newBuilder()
          .setAssetId(assetId)
          .setSourceUri(source.toUri().toString())
          .setCorrelationId("test-" + assetId)
          .setRequestedAt(Instant.now())
          .build());
      Map<String, AssetPublished> seen = watcher.await(Set.of(assetId), Instant.now().plus(Duration.ofMinutes(3)), e -> {});
      assertThat(seen).as("published event for %s", assetId).containsKey(assetId);
      return seen.get(assetId);
    }
  }

  @Test
  void publishesAnUploadAsHlsAndDashOverTheSameAlignedSegments(@TempDir Path data) throws Exception {
    try (EmbeddedStack stack = EmbeddedStack.start(data, broker.forStack(fastEncodes(Map.of())), ProgressListener.NONE, false)) {
      AssetPublished published = publish(stack, "e2e-1", clip);

      assertThat(published.getStatus()).isEqualTo(AssetStatus.PUBLISHED);
      assertThat(published.getRenditions()).extracting(Rendition::getName, Rendition::getStatus).containsExactly(
          org.assertj.core.groups.Tuple.tuple("360p", RungStatus.DONE),
          org.assertj.core.groups.Tuple.tuple("720p", RungStatus.DONE),
          org.assertj.core.groups.Tuple.tuple("1080p", RungStatus.SKIPPED),
          org.assertj.core.groups.Tuple.tuple("2160p", RungStatus.SKIPPED),
          org.assertj.core.groups.Tuple.tuple("audio", RungStatus.DONE));
      Path master = Path.of(published.getHlsUrl());
      Path mpd = Path.of(published.getDashUrl());
      assertThat(master).isRegularFile();
      assertThat(mpd).isRegularFile();

      // ffprobe opens both manifests and decodes every rung from each
      JsonNode hls = Media.ffprobe("-show_programs", master.toString());
      assertThat(hls.path("programs")).hasSize(2);
      assertThat(Media.decodeFrames(master.toString(), "0:p:0:v")).isEqualTo(125);
      assertThat(Media.decodeFrames(master.toString(), "0:p:1:v")).isEqualTo(125);
      JsonNode dash = Media.ffprobe("-show_streams", mpd.toString());
      assertThat(dash.path("streams")).extracting(s -> s.path("height").asInt()).contains(360, 720);
      assertThat(Media.decodeFrames(mpd.toString(), "0:v:0")).isEqualTo(125);
      assertThat(Media.decodeFrames(mpd.toString(), "0:v:1")).isEqualTo(125);
      assertThat(Media.decode(mpd.toString(), "0:a:0").seconds()).isBetween(4.9, 5.1);
      assertThat(Media.decode(master.toString(), "0:p:0:a").seconds()).isBetween(4.9, 5.1);

      // same segment count and boundaries in every rung; HLS and DASH name the same files
      // the stable pointer sits in manifests/e2e-1/, beside its versions; the rungs' files in assets/e2e-1/
      assertThat(master).endsWith(Path.of("manifests", "e2e-1", "master.m3u8"));
      Path version = master.resolveSibling("v" + published.getManifestVersion() + "/master.m3u8");
      assertThat(Files.readString(version).replace("../../../assets/", "../../assets/"))
          .as("the pointer is the latest version, paths one folder up").isEqualTo(Files.readString(master));
      Path asset = master.getParent().getParent().getParent().resolve("assets/e2e-1");
      List<String> p360 = Files.readAllLines(asset.resolve("360p/playlist.m3u8"));
      List<String> p720 = Files.readAllLines(asset.resolve("720p/playlist.m3u8"));
      // a 1 s first segment, so players start on little, then the muxer's 1 s, then 4 s segments from there
      assertThat(extinfs(p360)).isEqualTo(extinfs(p720)).containsExactly("1.000000", "1.000000", "3.000000");
      // each rung's files sit in the folder of the encode that counted, which HLS and DASH both name
      String mpdText = Files.readString(mpd);
      String in360 = Playlists.encodeFolder(String.join("\n", p360));
      String in720 = Playlists.encodeFolder(String.join("\n", p720));
      assertThat(mpdText).contains("<BaseURL>../../assets/e2e-1/</BaseURL>",
          "media=\"360p/" + in360 + "seg_$Number%05d$.m4s\"", "media=\"720p/" + in720 + "seg_$Number%05d$.m4s\"");
      assertThat(segmentsIn(p360)).containsExactly(in360 + "seg_00001.m4s", in360 + "seg_00002.m4s", in360 + "seg_00003.m4s");
      assertThat(timelines(mpdText).get(0)).isEqualTo(timelines(mpdText).get(1));
      for (String seg : segmentsIn(p720)) {
        assertThat(asset.resolve("720p/" + seg)).isRegularFile();
      }

      // trick play: the master lists an I-frame playlist per rung; each entry's byte range of its segment, after the
      // init segment, is one decodable keyframe (as an I-frame-aware player reads it: moof, then the first sample)
      assertThat(Files.readString(master)).contains("#EXT-X-I-FRAME-STREAM-INF:", "URI=\"../../assets/e2e-1/720p/iframes.m3u8\"");
      List<String> iframes = Files.readAllLines(asset.resolve("720p/iframes.m3u8"));
      assertThat(iframes).contains("#EXT-X-I-FRAMES-ONLY");
      assertThat(segmentsIn(iframes)).isEqualTo(segmentsIn(p720));
      Matcher range = Pattern.compile("#EXT-X-BYTERANGE:(\\d+)@0").matcher(String.join("\n", iframes));
      Path init720 = asset.resolve("720p/" + in720 + "init.mp4");
      var track = io.vwmedia.worker.cmaf.CmafInspector.readInit(init720);
      for (String seg : segmentsIn(iframes)) {
        assertThat(range.find()).isTrue();
        // the range is the stored segment's own first sample: else the segment was rewritten after the playlist was made
        assertThat(Long.parseLong(range.group(1))).as("I-frame range of %s against its first sample as stored", seg)
            .isEqualTo(io.vwmedia.worker.cmaf.CmafInspector.readSegment(asset.resolve("720p/" + seg), track).firstSampleEnd());
        Path keyframe = data.resolve("keyframe-" + seg.replace('/', '-') + ".mp4");
        Files.write(keyframe, Files.readAllBytes(init720));
        Files.write(keyframe, java.util.Arrays.copyOf(Files.readAllBytes(asset.resolve("720p/" + seg)),
            Integer.parseInt(range.group(1))), java.nio.file.StandardOpenOption.APPEND);
        // the moof names every sample of the segment but the range holds the first only: FFmpeg warns of a partial
        // file and decodes that one frame
        Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
            "-show_entries", "stream=nb_read_frames,width", "-of", "csv=p=0", keyframe.toString())
            .redirectErrorStream(true).start();
        String counted = new String(probe.getInputStream().readAllBytes()).trim();
        assertThat(counted.lines().reduce((a, b) -> b).orElse("")).as("keyframe of %s; ffprobe said: %s", seg, counted)
            .isEqualTo("1280,1");
      }
    }
  }

  @Test
  void publishesADegradedAssetWithTheOtherRungsWhenOneRungFails(@TempDir Path data) throws Exception {
    // a real FFmpeg behind a wrapper that crashes whenever it is asked to write the 720p rung, alone or with others:
    // the rungs encoded together fail, then each is encoded on its own and only 720p fails
    Path ffmpeg = Media.ffmpegFailingOn(data, "720p");

    try (EmbeddedStack stack = EmbeddedStack.start(data, broker.forStack(fastEncodes(Map.of("vw.worker.ffmpeg", ffmpeg.toString()))),
        ProgressListener.NONE, false)) {
      AssetPublished published = publish(stack, "e2e-degraded", clip);

      assertThat(published.getStatus()).isEqualTo(AssetStatus.DEGRADED);
      assertThat(published.getReason()).startsWith("720p failed: FFmpeg exited with code 139").contains("simulated encoder crash");
      assertThat(published.getRenditions()).extracting(Rendition::getName, Rendition::getStatus).contains(
          org.assertj.core.groups.Tuple.tuple("360p", RungStatus.DONE),
          org.assertj.core.groups.Tuple.tuple("720p", RungStatus.FAILED),
          org.assertj.core.groups.Tuple.tuple("audio", RungStatus.DONE));
      Path master = Path.of(published.getHlsUrl());
      assertThat(Files.readString(master)).contains("360p/playlist.m3u8").doesNotContain("720p");
      assertThat(Media.decodeFrames(master.toString(), "0:v:0")).isEqualTo(125);
      assertThat(Media.decodeFrames(published.getDashUrl(), "0:v:0")).isEqualTo(125);
    }
  }

  @Test
  void failsAnUnreadableSourceWithAReasonAndKeepsGoing(@TempDir Path data) throws Exception {
    Path text = Files.writeString(media.resolve("not-a-video.mp4"), "hello\n");
    try (EmbeddedStack stack = EmbeddedStack.start(data, broker.forStack(fastEncodes(Map.of())), ProgressListener.NONE, false)) {
      AssetPublished failed = publish(stack, "e2e-text", text);
      assertThat(failed.getStatus()).isEqualTo(AssetStatus.FAILED);
      assertThat(failed.getReason()).startsWith("the source is not a video FFmpeg can read");
      assertThat(failed.getHlsUrl()).isNull();
    }
  }

  private static List<String> extinfs(List<String> playlist) {
    return playlist.stream().filter(l -> l.startsWith("#EXTINF:")).map(l -> l.substring(8, l.length() - 1)).toList();
  }

  private static List<String> segmentsIn(List<String> playlist) {
    return playlist.stream().filter(l -> l.endsWith(".m4s")).toList();
  }

  private static List<String> timelines(String mpd) {
    Matcher m = Pattern.compile("<SegmentTimeline>(.*?)</SegmentTimeline>", Pattern.DOTALL).matcher(mpd);
    List<String> out = new java.util.ArrayList<>();
    while (m.find()) out.add(m.group(1).replaceAll("\\s+", ""));
    return out;
  }
}
