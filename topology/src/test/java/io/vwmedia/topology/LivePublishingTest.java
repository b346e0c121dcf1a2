package io.vwmedia.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungStatus;
import io.vwmedia.events.Segment;
import io.vwmedia.storage.AssetLayout;
import io.vwmedia.storage.SegmentTimeline;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Live publishing on TopologyTestDriver: the workers' ENCODING results (segments stored so far) make a live version
 * (manifest version 0: HLS EVENT playlists) that grows while the rungs encode and ends when each rung is done; then the
 * versions of progressive publishing follow as before. No FFmpeg: the results are what a worker would report.
 */
class LivePublishingTest extends TopologyDriverFixture {

  @Test
  void anAssetGoesLiveOnceAVideoRungAndTheAudioHaveStoredSegments() throws IOException {
    Planned a = planned("l1", true, true);

    done.pipeInput("l1", encoding(a.low(), a.video(), 1));
    assertThat(published.isEmpty()).as("not live before the audio has segments too").isTrue();
    done.pipeInput("l1", encoding(a.audio(), a.sound(), 1));

    AssetPublished live = published.readValue();
    assertThat(live.getStatus()).isEqualTo(AssetStatus.PLAYABLE);
    assertThat(live.getManifestVersion()).isZero();
    assertThat(live.getHlsVersionUrl()).endsWith("/manifests/l1/live/master.m3u8");
    assertThat(live.getHlsUrl()).endsWith("/manifests/l1/master.m3u8");
    assertThat(live.getDashUrl()).as("no DASH before version 1").isNull();
    assertThat(read("manifests/l1/live/master.m3u8"))
        .contains("#EXT-X-START:TIME-OFFSET=0", "../../../assets/l1/360p/live.m3u8", "../../../assets/l1/audio/live.m3u8")
        .doesNotContain("720p", "I-FRAME");
    assertThat(read("manifests/l1/master.m3u8")).contains("../../assets/l1/360p/live.m3u8");
    assertThat(read("assets/l1/360p/live.m3u8"))
        .contains("#EXT-X-PLAYLIST-TYPE:EVENT", "#EXT-X-TARGETDURATION:4", "#EXT-X-START:TIME-OFFSET=0",
            "#EXT-X-MAP:URI=\"" + within(a.low(), a.video()) + "init.mp4\"", within(a.low(), a.video()) + "seg_00001.m4s")
        .doesNotContain("seg_00002.m4s", "#EXT-X-ENDLIST");
  }

  @Test
  void theLivePlaylistsOnlyGrowAndEndWithEverySegmentWhenTheirRungIsDone() throws IOException {
    Planned a = planned("l2", true, true);
    bothReport(a, 1);
    String first = read("assets/l2/360p/live.m3u8");
    String firstMaster = read("manifests/l2/live/master.m3u8");

    done.pipeInput("l2", encoding(a.low(), a.video(), 2));
    String second = read("assets/l2/360p/live.m3u8");
    done.pipeInput("l2", finished(a.low(), a.video(), 3));
    done.pipeInput("l2", finished(a.audio(), a.sound(), 3));
    String last = read("assets/l2/360p/live.m3u8");

    assertThat(second).startsWith(first).contains("seg_00002.m4s").doesNotContain("#EXT-X-ENDLIST");
    assertThat(last).startsWith(second).contains("seg_00003.m4s").endsWith("#EXT-X-ENDLIST\n");
    assertThat(read("assets/l2/audio/live.m3u8")).contains("seg_00003.m4s").endsWith("#EXT-X-ENDLIST\n");
    assertThat(published.readValuesToList()).as("the live version is announced once, then version 1")
        .extracting(AssetPublished::getStatus, AssetPublished::getManifestVersion)
        .containsExactly(tuple(AssetStatus.PLAYABLE, 0), tuple(AssetStatus.PLAYABLE, 1));
    assertThat(read("manifests/l2/master.m3u8")).as("the pointer moves to version 1")
        .contains("../../assets/l2/360p/playlist.m3u8").doesNotContain("live.m3u8");
    assertThat(read("manifests/l2/live/master.m3u8")).as("the live master stays for players on it").isEqualTo(firstMaster);
  }

  @Test
  void aLiveRungThatFailsEndsWhereItGotAndTheAssetEndsAsBefore() throws IOException {
    Planned a = planned("l3", false, true);
    bothReport(a, 2);

    done.pipeInput("l3", failedResult(a.low(), "killed"));
    assertThat(read("assets/l3/360p/live.m3u8")).contains("seg_00002.m4s").endsWith("#EXT-X-ENDLIST\n");
    done.pipeInput("l3", failedResult(a.mid(), "killed"));
    done.pipeInput("l3", failedResult(a.audio(), "killed"));

    assertThat(read("assets/l3/audio/live.m3u8")).endsWith("#EXT-X-ENDLIST\n");
    assertThat(published.readValuesToList()).extracting(AssetPublished::getStatus, AssetPublished::getManifestVersion)
        .containsExactly(tuple(AssetStatus.PLAYABLE, 0), tuple(AssetStatus.FAILED, 0));
  }

  @Test
  void onlyTheFirstEncodeOfARungGoesLiveAndNoRungJoinsAfterVersionOne() throws IOException {
    Planned a = planned("l4", true, true);
    String retry = AssetLayout.encodeFolder(a.low().getOutputPrefix());
    bothReport(a, 1);
    done.pipeInput("l4", encoding(a.low(), retry, 2));
    assertThat(read("assets/l4/360p/live.m3u8")).as("another attempt's segments are not mixed in")
        .contains(within(a.low(), a.video())).doesNotContain(within(a.low(), retry), "seg_00002.m4s");

    done.pipeInput("l4", finished(a.low(), retry, 2));
    assertThat(read("assets/l4/360p/live.m3u8")).as("ended where the live encode got")
        .contains(within(a.low(), a.video()) + "seg_00001.m4s").doesNotContain("seg_00002.m4s").endsWith("#EXT-X-ENDLIST\n");
    done.pipeInput("l4", finished(a.audio(), a.sound(), 2));
    done.pipeInput("l4", encoding(a.mid(), AssetLayout.encodeFolder(a.mid().getOutputPrefix()), 1));
    assertThat(storage.resolve("assets/l4/720p/live.m3u8")).as("720p reported after version 1").doesNotExist();
  }

  @Test
  void withLivePublishingOffTheWorkersReportsAreIgnored() {
    bothReport(planned("l5", true, false), 1);

    assertThat(published.isEmpty()).isTrue();
    assertThat(storage.resolve("manifests/l5")).doesNotExist();
  }

  /** An asset planned as 360p, 720p and audio, with an encode folder drawn for its 360p and its audio. */
  record Planned(String id, RenditionTask low, RenditionTask mid, RenditionTask audio, String video, String sound) {}

  private Planned planned(String assetId, boolean progressive, boolean live) {
    driver.close();
    startDriver(progressive, live);
    uploadProbedAs(assetId, CLIP_720P);
    List<RenditionTask> tasks = this.tasks.readValuesToList();
    return new Planned(assetId, tasks.get(0), tasks.get(1), tasks.get(2),
        AssetLayout.encodeFolder(tasks.get(0).getOutputPrefix()), AssetLayout.encodeFolder(tasks.get(2).getOutputPrefix()));
  }

  /** The 360p and the audio report their first {@code segments} segments. */
  private void bothReport(Planned a, int segments) {
    done.pipeInput(a.id(), encoding(a.low(), a.video(), segments));
    done.pipeInput(a.id(), encoding(a.audio(), a.sound(), segments));
  }

  /** What a worker reports while it encodes: the first {@code segments} segments stored in {@code folder}. */
  private RenditionResult encoding(RenditionTask task, String folder, int segments) {
    return RenditionResult.newBuilder(stored(task, folder, segments)).setStatus(RungStatus.ENCODING).build();
  }

  /** What the worker reports when the encode is done: every segment, in the same folder. */
  private RenditionResult finished(RenditionTask task, String folder, int segments) {
    return stored(task, folder, segments);
  }

  /** The rung's segments 1 to {@code count}, 4 s each after a 1 s first one, stored with their timeline. */
  private RenditionResult stored(RenditionTask task, String folder, int count) {
    int timescale = task.getRung().getKind() == RungKind.VIDEO ? 12800 : 48000;
    List<Segment> segments = new ArrayList<>();
    long start = 0;
    for (int i = 1; i <= count; i++) {
      long duration = (i == 1 ? 1L : 4L) * timescale;
      segments.add(new Segment("seg_%05d.m4s".formatted(i), start, duration, 50_000L, 10_000L));
      start += duration;
    }
    SegmentTimeline timeline = new SegmentTimeline(timescale, segments);
    store.put(folder + "init.mp4", new byte[] {1}, "video/mp4");
    segments.forEach(s -> store.put(folder + s.getFile(), new byte[] {2}, "video/iso.segment"));
    return doneResult(task, timeline, folder);
  }

  private static String within(RenditionTask task, String folder) {
    return AssetLayout.withinRung(task.getOutputPrefix(), folder);
  }

  private String read(String key) throws IOException {
    return Files.readString(storage.resolve(key));
  }
}
