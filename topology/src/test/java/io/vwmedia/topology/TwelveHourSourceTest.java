package io.vwmedia.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.events.AssetPackaged;
import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.ProbeKind;
import io.vwmedia.events.ProbeResult;
import io.vwmedia.events.ProbeTask;
import io.vwmedia.events.RatePoints;
import io.vwmedia.events.Rendition;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungStatus;
import io.vwmedia.events.Segment;
import io.vwmedia.events.SourceDescription;
import io.vwmedia.events.TemplateOverrides;
import io.vwmedia.events.UploadRequested;
import io.vwmedia.serde.SchemaRegistries;
import io.vwmedia.storage.LocalObjectStore;
import io.vwmedia.storage.SegmentTimeline;
import io.vwmedia.ffmpeg.source.SourcePolicy;
import io.vwmedia.topics.Topic;
import io.vwmedia.topics.TopicSerdes;
import io.vwmedia.topology.packaging.ChunkJoiner;
import io.vwmedia.topology.packaging.ManifestPackager;
import io.vwmedia.topology.plan.RungPlanner;
import io.vwmedia.topology.publish.Publisher;
import io.vwmedia.topology.template.TemplateCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 12-hour source through the topology encoded whole (chunking off): no record, store value or manifest event grows
 * with the source's length, while the manifests list every segment.
 */
class TwelveHourSourceTest extends TopologyDriverFixture {

  @Override
  void startDriver(boolean progressive) {
    chunking = new io.vwmedia.topology.plan.ChunkingSettings.Config(Optional.of(1_000_000.0), Optional.empty(), 0,
        java.time.Duration.ofSeconds(10));
    super.startDriver(progressive);
  }

  @Test
  void keepsStoreValuesAndRecordsSmallForATwelveHourSource() throws Exception {
    var changelog = rawOutput("media-topology-test-" + MediaTopology.PROGRESS_STORE + "-changelog");
    var rawPackaged = rawOutput(Topic.ASSET_PACKAGED.topicName());
    var rawPublished = rawOutput(Topic.ASSET_PUBLISHED.topicName());

    uploadProbedAs("long", SourceDescription.newBuilder(CLIP_720P).setWidth(3840).setHeight(2160)
        .setDurationSeconds(12 * 3600).build());
    List<RenditionTask> planned = tasks.readValuesToList();
    assertThat(planned).extracting(t -> t.getRung().getName()).containsExactly("360p", "720p", "1080p", "2160p", "audio");
    List<Integer> resultSizes = new ArrayList<>();
    for (RenditionTask task : planned) {
      RenditionResult result = twelveHourResult(task);
      resultSizes.add(serdes.renditionResult().serializer().serialize(Topic.RENDITION_DONE.topicName(), result).length);
      done.pipeInput("long", result);
    }

    List<Integer> storeSizes = changelog.readValuesToList().stream().map(v -> v.length).toList();
    List<byte[]> packagedBytes = rawPackaged.readValuesToList();
    List<byte[]> publishedBytes = rawPublished.readValuesToList();
    System.out.printf("12 h source, bytes: rendition results %s, progress store values %s, packaged %s, published %s%n",
        resultSizes, storeSizes, packagedBytes.stream().map(b -> b.length).toList(),
        publishedBytes.stream().map(b -> b.length).toList());
    assertThat(resultSizes).as("media.rendition.done").allSatisfy(n -> assertThat(n).isLessThan(100_000));
    assertThat(storeSizes).as("asset-progress changelog").isNotEmpty().allSatisfy(n -> assertThat(n).isLessThan(100_000));
    assertThat(packagedBytes).as("media.asset.packaged").hasSize(1).allSatisfy(b -> assertThat(b.length).isLessThan(100_000));
    assertThat(publishedBytes).as("media.asset.published").hasSize(1).allSatisfy(b -> assertThat(b.length).isLessThan(100_000));
    AssetPublished out = serdes.assetPublished().deserializer().deserialize(Topic.ASSET_PUBLISHED.topicName(), publishedBytes.get(0));
    assertThat(out.getStatus()).isEqualTo(AssetStatus.PUBLISHED);
    assertThat(out.getRenditions()).filteredOn(r -> r.getStatus() == RungStatus.DONE)
        .extracting(Rendition::getSegmentCount).containsExactly(TWELVE_HOURS_OF_SEGMENTS, TWELVE_HOURS_OF_SEGMENTS,
            TWELVE_HOURS_OF_SEGMENTS, TWELVE_HOURS_OF_SEGMENTS, TWELVE_HOURS_OF_SEGMENTS);
    for (RenditionTask task : planned) {
      String playlist = Files.readString(storage.resolve(task.getOutputPrefix() + "playlist.m3u8"));
      assertThat(playlist.split("#EXTINF:", -1)).as(task.getRung().getName()).hasSize(TWELVE_HOURS_OF_SEGMENTS + 1);
      if (task.getRung().getKind() == io.vwmedia.events.RungKind.VIDEO) {
        String iframes = Files.readString(storage.resolve(task.getOutputPrefix() + "iframes.m3u8"));
        assertThat(iframes.split("#EXT-X-BYTERANGE:", -1)).as(task.getRung().getName()).hasSize(TWELVE_HOURS_OF_SEGMENTS + 1);
      }
    }
    String mpd = Files.readString(storage.resolve("manifests/long/manifest.mpd"));
    List<String> timelines = List.of(mpd.split("<SegmentTimeline>")).subList(1, 6);
    assertThat(mpd.split("<SegmentTimeline>", -1)).as("one per representation").hasSize(6);
    assertThat(timelines).allSatisfy(t -> assertThat(segmentsIn(t.substring(0, t.indexOf("</SegmentTimeline>"))))
        .isEqualTo(TWELVE_HOURS_OF_SEGMENTS));
    assertThat(mpd).contains("mediaPresentationDuration=\"PT43200.000S\"");
  }

  static final int TWELVE_HOURS_OF_SEGMENTS = 1 + (12 * 3600 - 1 + 3) / 4;

  /** What a worker reports for one rung of a 12-hour source. */
  RenditionResult twelveHourResult(RenditionTask task) {
    boolean video = task.getRung().getKind() == io.vwmedia.events.RungKind.VIDEO;
    int timescale = video ? 12800 : 48000;
    long bytesPerSecond = task.getRung().getBitrateKbps() * 1000L / 8;
    List<Segment> segments = new ArrayList<>();
    long start = 0;
    for (int i = 1; i <= TWELVE_HOURS_OF_SEGMENTS; i++) {
      long seconds = i == 1 ? 1 : i == TWELVE_HOURS_OF_SEGMENTS ? 3 : 4;
      segments.add(new Segment(String.format("seg_%05d.m4s", i), start, seconds * timescale,
          seconds * bytesPerSecond, video ? bytesPerSecond / 5 : 0L));
      start += seconds * timescale;
    }
    return doneResult(task, new SegmentTimeline(timescale, segments));
  }
}
