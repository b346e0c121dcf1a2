package io.vwmedia.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.EncoderLeg;
import io.vwmedia.events.ManagedEncodeTask;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.TemplateOverrides;
import io.vwmedia.events.UploadRequested;
import io.vwmedia.topology.routing.EncoderRouting;
import io.vwmedia.topology.routing.OverflowPolicy;
import java.nio.file.Path;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which leg the planner sends an asset to, on TopologyTestDriver (the fixture is {@link MediaTopologyTest}'s): the
 * upload's override, then the template, then the overflow policy; one managed task per asset, keyed by asset id,
 * carrying exactly the rung tasks our workers would have had.
 */
class ManagedLegRoutingTest {

  @TempDir Path storage;
  final OverflowPolicy overflow = new OverflowPolicy(10);
  MediaTopologyTest topology;

  MediaTopologyTest start(EncoderRouting routing) {
    topology = new MediaTopologyTest();
    topology.storage = storage;
    topology.routing = routing;
    topology.startDriver();
    return topology;
  }

  @AfterEach
  void close() {
    if (topology != null) topology.closeDriver();
  }

  static UploadRequested asking(String assetId, EncoderLeg leg) {
    return UploadRequested.newBuilder(MediaTopologyTest.upload(assetId))
        .setOverrides(TemplateOverrides.newBuilder().setEncoderLeg(leg).build()).build();
  }

  @Test
  void anUploadAskingForMediaConvertGoesToTheManagedLegAsOneTaskWithEveryPlannedRung() {
    MediaTopologyTest t = start(new EncoderRouting(true, overflow));

    t.uploadProbedAs(asking("m1", EncoderLeg.MEDIACONVERT), MediaTopologyTest.CLIP_720P);

    assertThat(t.tasks.isEmpty()).as("no rung task for our workers").isTrue();
    TestRecord<String, ManagedEncodeTask> managed = t.managed.readRecord();
    assertThat(managed.key()).isEqualTo("m1");
    assertThat(managed.value().getReason()).isEqualTo("upload");
    assertThat(managed.value().getAttempt()).isEqualTo(1);
    assertThat(managed.value().getTasks()).extracting(task -> task.getRung().getName()).containsExactly("360p", "720p", "audio");
    assertThat(managed.value().getTasks()).extracting(RenditionTask::getOutputPrefix)
        .containsExactly("assets/m1/360p/", "assets/m1/720p/", "assets/m1/audio/");
    assertThat(t.managed.isEmpty()).isTrue();
  }

  @Test
  void whileTheWorkersLagPastTheThresholdNewAssetsOverflowUntilTheLagIsDownToHalfOfIt() {
    MediaTopologyTest t = start(new EncoderRouting(true, overflow));

    overflow.observe(9);
    t.uploadProbedAs("below", MediaTopologyTest.CLIP_720P);
    overflow.observe(10);
    t.uploadProbedAs("at-threshold", MediaTopologyTest.CLIP_720P);
    overflow.observe(6);
    t.uploadProbedAs("falling-but-above-half", MediaTopologyTest.CLIP_720P);
    overflow.observe(5);
    t.uploadProbedAs("down-to-half", MediaTopologyTest.CLIP_720P);
    overflow.observe(9);
    t.uploadProbedAs("rising-again-below", MediaTopologyTest.CLIP_720P);

    assertThat(t.managed.readRecordsToList()).extracting(TestRecord::key, r -> r.value().getReason())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("at-threshold", "overflow"),
            org.assertj.core.groups.Tuple.tuple("falling-but-above-half", "overflow"));
    assertThat(t.tasks.readRecordsToList()).extracting(r -> r.key().substring(0, r.key().indexOf('/'))).containsOnly(
        "below", "down-to-half", "rising-again-below");
  }

  @Test
  void anUploadAskingForOurWorkersStaysThereWhileTheOthersOverflow() {
    MediaTopologyTest t = start(new EncoderRouting(true, overflow));
    overflow.observe(50);

    t.uploadProbedAs(asking("pinned", EncoderLeg.WORKERS), MediaTopologyTest.CLIP_720P);

    assertThat(t.managed.isEmpty()).isTrue();
    assertThat(t.tasks.readRecordsToList()).extracting(TestRecord::key).containsExactly("pinned/360p", "pinned/720p", "pinned/audio");
  }

  @Test
  void withoutTheManagedLegConfiguredNothingOverflowsAndAnUploadAskingForItFailsSayingWhatToSet() {
    MediaTopologyTest t = start(new EncoderRouting(false, overflow));
    overflow.observe(50);

    t.uploadProbedAs("plain", MediaTopologyTest.CLIP_720P);
    t.uploadProbedAs(asking("wants-mc", EncoderLeg.MEDIACONVERT), MediaTopologyTest.CLIP_720P);

    assertThat(t.managed.isEmpty()).isTrue();
    assertThat(t.tasks.readRecordsToList()).extracting(TestRecord::key).containsExactly("plain/360p", "plain/720p", "plain/audio");
    AssetPublished refused = t.published.readValue();
    assertThat(refused.getAssetId()).isEqualTo("wants-mc");
    assertThat(refused.getStatus()).isEqualTo(AssetStatus.FAILED);
    assertThat(refused.getReason()).contains("MEDIACONVERT", "vw.mediaconvert.state-machine-arn");
  }
}
