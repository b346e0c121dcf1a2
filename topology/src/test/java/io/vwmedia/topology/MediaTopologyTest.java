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
 * The topology on TopologyTestDriver: given these events, expect those. No FFmpeg: the test answers the probe tasks
 * as a worker would, with the source descriptions and rate-quality points given here.
 */
class MediaTopologyTest extends TopologyDriverFixture {

  @Test
  void plansOneTaskPerRungUpToTheSourceResolutionPlusAudio() {
    uploadProbedAs("a1", CLIP_720P);

    List<org.apache.kafka.streams.test.TestRecord<String, RenditionTask>> emitted = tasks.readRecordsToList();
    assertThat(emitted).extracting(r -> r.key()).containsExactly("a1/360p", "a1/720p", "a1/audio");
    RenditionTask p720 = emitted.get(1).value();
    assertThat(p720.getRung().getWidth()).isEqualTo(1280);
    assertThat(p720.getRung().getHeight()).isEqualTo(720);
    assertThat(p720.getRung().getFrameRate()).isEqualTo(25.0);
    assertThat(p720.getRung().getBitrateKbps()).isEqualTo(3000);
    assertThat(p720.getRung().getMaxBitrateKbps()).isEqualTo(4500);
    assertThat(p720.getRung().getGopSeconds()).isEqualTo(2.0);
    assertThat(p720.getRung().getSegmentSeconds()).isEqualTo(4.0);
    assertThat(p720.getOutputPrefix()).isEqualTo("assets/a1/720p/");
    assertThat(p720.getSourceDurationSeconds()).isEqualTo(3.0);
    RenditionTask p360 = emitted.get(0).value();
    assertThat(p360.getRung().getWidth()).isEqualTo(640);
    assertThat(published.isEmpty()).isTrue();
  }

  @Test
  void publishesTheAssetOnceEveryPlannedRungIsDone() {
    uploadProbedAs("a1", CLIP_720P);
    List<RenditionTask> planned = tasks.readValuesToList();

    planned.subList(0, 2).forEach(t -> done.pipeInput("a1", doneResult(t)));
    assertThat(published.isEmpty()).as("not before the last rung").isTrue();
    done.pipeInput("a1", doneResult(planned.get(2)));

    AssetPackaged pack = packaged.readValue();
    assertThat(pack.getDegraded()).isFalse();
    assertThat(pack.getHlsMaster()).isEqualTo("manifests/a1/master.m3u8");
    assertThat(pack.getManifestVersion()).isEqualTo(1);
    assertThat(pack.getComplete()).isTrue();
    AssetPublished out = published.readValue();
    assertThat(out.getStatus()).isEqualTo(AssetStatus.PUBLISHED);
    assertThat(out.getReason()).isNull();
    assertThat(out.getHlsUrl()).isEqualTo("https://cdn.example.test/media/manifests/a1/master.m3u8");
    assertThat(out.getDashUrl()).isEqualTo("https://cdn.example.test/media/manifests/a1/manifest.mpd");
    assertThat(out.getManifestVersion()).isEqualTo(1);
    assertThat(out.getHlsVersionUrl()).isEqualTo("https://cdn.example.test/media/manifests/a1/v1/master.m3u8");
    assertThat(out.getRenditions()).extracting(Rendition::getName, Rendition::getStatus).containsExactly(
        org.assertj.core.groups.Tuple.tuple("360p", RungStatus.DONE),
        org.assertj.core.groups.Tuple.tuple("720p", RungStatus.DONE),
        org.assertj.core.groups.Tuple.tuple("1080p", RungStatus.SKIPPED),
        org.assertj.core.groups.Tuple.tuple("2160p", RungStatus.SKIPPED),
        org.assertj.core.groups.Tuple.tuple("audio", RungStatus.DONE));
    assertThat(out.getRenditions()).filteredOn(r -> r.getName().equals("720p")).singleElement()
        .satisfies(r -> assertThat(List.of(r.getTargetBitrateKbps(), r.getMaxBitrateKbps(), r.getBufferKbits()))
            .as("the rung as planned").containsExactly(3000, 4500, 6000));
    assertThat(out.getTimings().getPublishedAt()).isEqualTo(clock.instant());
    assertThat(invalidations).containsExactly(List.of("manifests/a1/master.m3u8", "manifests/a1/manifest.mpd"));
    assertThat(storage.resolve("manifests/a1/master.m3u8")).isRegularFile();
    assertThat(storage.resolve("manifests/a1/manifest.mpd")).isRegularFile();
    assertThat(storage.resolve("manifests/a1/v1/master.m3u8")).isRegularFile();
    assertThat(storage.resolve("assets/a1/720p/playlist.m3u8")).isRegularFile();
    assertThat(published.isEmpty()).isTrue();
  }

  /** A topology upgraded before its workers: their results carry the segment list itself, and no timeline file. */
  @Test
  void packagesResultsOfWorkersFromBeforeTheTimelineFileFromTheSegmentsTheyCarry() throws Exception {
    uploadProbedAs("old", CLIP_720P);
    for (RenditionTask task : tasks.readValuesToList()) {
      // and they stored their segments in the rung's own folder
      RenditionResult current = RenditionResult.newBuilder(doneResult(task)).setOutputPrefix(task.getOutputPrefix()).build();
      store.delete(current.getTimeline());
      done.pipeInput("old", RenditionResult.newBuilder(current).setTimeline(null).setSegmentCount(0)
          .setSegments(List.of(new Segment("seg_00001.m4s", 0L, 3L * current.getTimescale(), 140_000L, 30_000L)))
          .build());
    }

    AssetPublished out = published.readValue();
    assertThat(out.getStatus()).isEqualTo(AssetStatus.PUBLISHED);
    assertThat(out.getRenditions()).filteredOn(r -> r.getStatus() == RungStatus.DONE)
        .extracting(Rendition::getSegmentCount).containsOnly(1);
    assertThat(Files.readString(storage.resolve("assets/old/720p/playlist.m3u8"))).contains("#EXTINF:3.000000,\nseg_00001.m4s");
  }

  @Test
  void publishesAPlayableVersionPerRungAsRungsFinishThenTheCompleteOne() throws Exception {
    driver.close();
    startDriver(true);
    uploadProbedAs("p1", CLIP_720P);
    List<RenditionTask> planned = tasks.readValuesToList(); // 360p, 720p, audio

    done.pipeInput("p1", doneResult(planned.get(0)));
    assertThat(published.isEmpty()).as("no version before the audio has its result").isTrue();
    done.pipeInput("p1", doneResult(planned.get(2)));
    AssetPublished first = published.readValue();
    String v1 = Files.readString(storage.resolve("manifests/p1/v1/master.m3u8"));
    done.pipeInput("p1", doneResult(planned.get(1)));
    AssetPublished last = published.readValue();

    assertThat(first.getStatus()).isEqualTo(AssetStatus.PLAYABLE);
    assertThat(first.getManifestVersion()).isEqualTo(1);
    assertThat(first.getRenditions()).filteredOn(r -> r.getName().equals("720p")).singleElement()
        .satisfies(r -> assertThat(r.getStatus()).isEqualTo(RungStatus.ENCODING));
    assertThat(v1).contains("../../../assets/p1/360p/playlist.m3u8", "../../../assets/p1/audio/playlist.m3u8")
        .doesNotContain("720p");
    assertThat(last.getStatus()).isEqualTo(AssetStatus.PUBLISHED);
    assertThat(last.getManifestVersion()).isEqualTo(2);
    assertThat(last.getHlsUrl()).isEqualTo(first.getHlsUrl()).endsWith("/manifests/p1/master.m3u8");
    assertThat(Files.readString(storage.resolve("manifests/p1/v1/master.m3u8"))).as("v1 is never rewritten").isEqualTo(v1);
    assertThat(Files.readString(storage.resolve("manifests/p1/master.m3u8")))
        .contains("../../assets/p1/360p/playlist.m3u8", "../../assets/p1/720p/playlist.m3u8");
    assertThat(Files.readString(storage.resolve("manifests/p1/v2/manifest.mpd")))
        .contains("<BaseURL>../../../assets/p1/</BaseURL>", "id=\"360p\"", "id=\"720p\"");
    assertThat(published.isEmpty()).isTrue();
  }

  @Test
  void aFailedRungAddsNoVersionButSettlingTheAudioMakesTheAssetPlayable() {
    driver.close();
    startDriver(true);
    uploadProbedAs("p2", CLIP_720P);
    List<RenditionTask> planned = tasks.readValuesToList();

    done.pipeInput("p2", doneResult(planned.get(0)));
    done.pipeInput("p2", failedResult(planned.get(2), "no audio encoder"));
    done.pipeInput("p2", failedResult(planned.get(1), "boom"));

    List<AssetPublished> events = published.readValuesToList();
    assertThat(events).extracting(AssetPublished::getStatus, AssetPublished::getManifestVersion).containsExactly(
        org.assertj.core.groups.Tuple.tuple(AssetStatus.PLAYABLE, 1),
        org.assertj.core.groups.Tuple.tuple(AssetStatus.DEGRADED, 2));
  }

  @Test
  void publishesDegradedAssetWhenOneRungFails() throws Exception {
    uploadProbedAs("a2", CLIP_720P);
    List<RenditionTask> planned = tasks.readValuesToList();

    done.pipeInput("a2", doneResult(planned.get(0)));
    done.pipeInput("a2", failedResult(planned.get(1), "FFmpeg exited with code 1: boom"));
    done.pipeInput("a2", doneResult(planned.get(2)));

    AssetPublished out = published.readValue();
    assertThat(out.getStatus()).isEqualTo(AssetStatus.DEGRADED);
    assertThat(out.getReason()).isEqualTo("720p failed: FFmpeg exited with code 1: boom");
    assertThat(out.getRenditions()).filteredOn(r -> r.getName().equals("720p")).singleElement()
        .satisfies(r -> assertThat(r.getStatus()).isEqualTo(RungStatus.FAILED));
    String master = Files.readString(storage.resolve("manifests/a2/master.m3u8"));
    assertThat(master).contains("360p/playlist.m3u8").doesNotContain("720p/");
    String mpd = Files.readString(storage.resolve("manifests/a2/manifest.mpd"));
    assertThat(mpd).contains("id=\"360p\"").doesNotContain("id=\"720p\"");
  }

  @Test
  void failsTheAssetWhenNoVideoRungSucceeds() {
    uploadProbedAs("a3", CLIP_720P);
    List<RenditionTask> planned = tasks.readValuesToList();

    done.pipeInput("a3", failedResult(planned.get(0), "disk full"));
    done.pipeInput("a3", failedResult(planned.get(1), "disk full"));
    done.pipeInput("a3", doneResult(planned.get(2)));

    assertThat(packaged.isEmpty()).isTrue();
    AssetPublished out = published.readValue();
    assertThat(out.getStatus()).isEqualTo(AssetStatus.FAILED);
    assertThat(out.getReason()).startsWith("no video rung could be produced").contains("360p failed: disk full");
    assertThat(out.getHlsUrl()).isNull();
  }

  @Test
  void asksAWorkerToProbeTheSourceBeforePlanningAnything() {
    requested.pipeInput("a0", upload("a0"));

    ProbeTask task = probes.readValue();
    assertThat(task.getAssetId()).isEqualTo("a0");
    assertThat(task.getCorrelationId()).isEqualTo("corr-a0");
    assertThat(task.getSourceUri()).isEqualTo(SOURCE);
    assertThat(task.getKind()).isEqualTo(ProbeKind.SOURCE);
    assertThat(tasks.isEmpty()).isTrue();
    assertThat(published.isEmpty()).isTrue();
  }

  @Test
  void failsTheAssetAtOnceWithTheReasonTheWorkerGaveForRefusingItsSource() {
    requested.pipeInput("a4", upload("a4"));
    ProbeTask task = probes.readValue();

    probed.pipeInput("a4", answer(task).setError("the source is not a video FFmpeg can read: Invalid data found").build());

    assertThat(tasks.isEmpty()).isTrue();
    AssetPublished out = published.readValue();
    assertThat(out.getStatus()).isEqualTo(AssetStatus.FAILED);
    assertThat(out.getReason()).isEqualTo("the source is not a video FFmpeg can read: Invalid data found");
    assertThat(out.getTimings().getRequestedAt()).isEqualTo(Instant.parse("2026-11-24T09:59:00Z"));
  }

  @Test
  void ignoresAProbeAnswerTheAssetIsNotWaitingFor() {
    requested.pipeInput("a9", upload("a9"));
    ProbeTask task = probes.readValue();
    ProbeResult answer = answer(task).setSource(CLIP_720P).build();

    probed.pipeInput("a9", answer);
    probed.pipeInput("a9", answer); // the task redelivered to a second worker after the first answered
    probed.pipeInput("nobody", ProbeResult.newBuilder(answer).setAssetId("nobody").build());

    assertThat(tasks.readValuesToList()).extracting(t -> t.getAssetId() + "/" + t.getRung().getName())
        .containsExactly("a9/360p", "a9/720p", "a9/audio");
    assertThat(published.isEmpty()).isTrue();
  }

  @Test
  void rejectsUnknownTemplatesAndInvalidOverridesAndIds() {
    requested.pipeInput("a5", UploadRequested.newBuilder(upload("a5")).setTemplateId("nope").build());
    requested.pipeInput("a6", UploadRequested.newBuilder(upload("a6"))
        .setOverrides(TemplateOverrides.newBuilder().setDropRungs(List.of("480p")).build()).build());
    requested.pipeInput("../etc", upload("../etc"));

    assertThat(probes.isEmpty()).as("nothing to probe for an upload refused at once").isTrue();
    assertThat(tasks.isEmpty()).isTrue();
    List<AssetPublished> out = published.readValuesToList();
    assertThat(out).extracting(AssetPublished::getStatus).containsOnly(AssetStatus.FAILED);
    assertThat(out.get(0).getReason()).contains("unknown template 'nope'");
    assertThat(out.get(1).getReason()).contains("unknown rung '480p'");
    assertThat(out.get(2).getReason()).contains("asset id '../etc' is not allowed");
  }

  @Test
  void appliesPerAssetOverrides() {
    uploadProbedAs(UploadRequested.newBuilder(upload("a7"))
        .setOverrides(TemplateOverrides.newBuilder()
            .setDropRungs(List.of("360p"))
            .setBitrateKbps(Map.of("720p", 2000))
            .build())
        .build(), CLIP_720P);

    List<RenditionTask> planned = tasks.readValuesToList();
    assertThat(planned).extracting(t -> t.getRung().getName()).containsExactly("720p", "audio");
    assertThat(planned.get(0).getRung().getBitrateKbps()).isEqualTo(2000);
    assertThat(planned.get(0).getRung().getMaxBitrateKbps()).isEqualTo(3000);
  }

  @Test
  void plansLowerBitratesForEasyContentOnlyWhenThePerTitleTemplateIsAsked() {
    uploadProbedAs("fixed", CLIP_720P);
    uploadProbedAs(UploadRequested.newBuilder(upload("per-title")).setTemplateId(TemplateCatalog.PER_TITLE_TEMPLATE).build(),
        CLIP_720P);

    assertThat(tasks.readValuesToList()).as("the fixed template plans at once").extracting(t -> t.getRung().getBitrateKbps())
        .containsExactly(800, 3000, 128);
    ProbeTask rateQuality = probes.readValue();
    assertThat(rateQuality.getKind()).isEqualTo(ProbeKind.RATE_QUALITY);
    assertThat(rateQuality.getSource()).isEqualTo(CLIP_720P);
    assertThat(rateQuality.getRungs()).extracting(r -> r.getName() + " " + r.getWidth() + "x" + r.getHeight())
        .containsExactly("360p 640x360", "720p 1280x720");
    assertThat(rateQuality.getEncodes().getPreset()).isEqualTo("veryfast");
    assertThat(probes.isEmpty()).isTrue();

    // flat content: even the economy encode is far above 45 dB at a few kbit/s
    RatePoints flat = RatePoints.newBuilder().setHighKbps(60).setHighPsnr(58).setLowKbps(25).setLowPsnr(52).build();
    probed.pipeInput("per-title", answer(rateQuality).setPoints(Map.of("360p", flat, "720p", flat)).build());

    assertThat(tasks.readValuesToList()).extracting(t -> t.getRung().getBitrateKbps())
        .containsExactly(200, 750, 128); // the 25 % floor
  }

  @Test
  void keepsTheTemplatesBitratesWhenThePerTitleProbeGaveNothing() {
    uploadProbedAs(UploadRequested.newBuilder(upload("pt")).setTemplateId(TemplateCatalog.PER_TITLE_TEMPLATE).build(),
        CLIP_720P);
    ProbeTask rateQuality = probes.readValue();

    probed.pipeInput("pt", answer(rateQuality).setError("the per-title probe encodes failed or took too long").build());

    assertThat(tasks.readValuesToList()).extracting(t -> t.getRung().getBitrateKbps()).containsExactly(800, 3000, 128);
  }

  /**
   * A source as long as {@code vw.source.max-duration} allows (12 h), cut into a 1 s first segment and 4 s ones, on
   * five renditions: no value in the progress store's changelog and no record the topology writes grows with the
   * source's length, and the manifests still name every segment.
   */
  @Test
  void publishesOnceDespiteRepeatedUploadsAndResults() {
    uploadProbedAs("a8", CLIP_720P);
    requested.pipeInput("a8", upload("a8"));
    assertThat(probes.isEmpty()).as("a repeated upload is not probed again").isTrue();
    List<RenditionTask> planned = tasks.readValuesToList();
    assertThat(planned).hasSize(3);

    List<RenditionResult> results = new ArrayList<>();
    planned.forEach(t -> results.add(doneResult(t)));
    results.forEach(r -> done.pipeInput("a8", r));
    results.forEach(r -> done.pipeInput("a8", r));

    assertThat(published.readValuesToList()).hasSize(1);
  }

  /**
   * A rung encoded twice (its partition moved to another worker mid-encode): each encode wrote a folder of its own,
   * so the second never touched the files the first result describes; the manifests name the first's, and the
   * second's folder is removed when its result arrives.
   */
  @Test
  void aRungEncodedTwiceKeepsTheFirstEncodesFilesAndRemovesTheSecondsFolder() throws Exception {
    uploadProbedAs("a9", CLIP_720P);
    List<RenditionTask> planned = tasks.readValuesToList();
    RenditionTask p720 = planned.stream().filter(t -> t.getRung().getName().equals("720p")).findFirst().orElseThrow();
    RenditionResult first = doneResult(p720);
    RenditionResult second = doneResult(p720);
    assertThat(second.getOutputPrefix()).startsWith("assets/a9/720p/w-").isNotEqualTo(first.getOutputPrefix());

    done.pipeInput("a9", first);
    done.pipeInput("a9", second);
    planned.stream().filter(t -> t != p720).forEach(t -> done.pipeInput("a9", doneResult(t)));

    assertThat(published.readValuesToList()).hasSize(1);
    String folder = first.getOutputPrefix().substring("assets/a9/720p/".length());
    assertThat(Files.readString(storage.resolve("assets/a9/720p/playlist.m3u8")))
        .contains("#EXT-X-MAP:URI=\"" + folder + "init.mp4\"", folder + "seg_00001.m4s", folder + "seg_00002.m4s");
    assertThat(Files.readString(storage.resolve("manifests/a9/manifest.mpd")))
        .contains("initialization=\"720p/" + folder + "init.mp4\" media=\"720p/" + folder + "seg_$Number%05d$.m4s\"");
    assertThat(store.list(first.getOutputPrefix())).contains(first.getOutputPrefix() + "seg_00001.m4s");
    assertThat(store.list(second.getOutputPrefix())).isEmpty();
  }
}
