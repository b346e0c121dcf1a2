package io.vwmedia.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.ChunkSpec;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungStatus;
import io.vwmedia.events.Segment;
import io.vwmedia.events.SourceDescription;
import io.vwmedia.storage.SegmentTimeline;
import io.vwmedia.topology.plan.ChunkGrid;
import io.vwmedia.topology.plan.ChunkingSettings;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * A long source's video rungs encoded in chunks: planned as chunk tasks on the chunk-task topic, joined into one
 * rung when every chunk is done, failed by the first chunk that fails, repeated chunks ignored and their copies
 * removed, and a straggler given one speculative copy.
 */
class ChunkedRungsTest extends TopologyDriverFixture {

  /** 100 s of 1280x720 at 25 fps: above the 60 s threshold these tests set, cut into chunks of about 16 s. */
  static final SourceDescription LONG_720P = SourceDescription.newBuilder(CLIP_720P).setDurationSeconds(100.0).build();
  static final int TIMESCALE = 12800;

  @Override
  void startDriver(boolean progressive) {
    chunking = new ChunkingSettings.Config(Optional.of(60.0), Optional.of(16.0), 3, Duration.ofSeconds(1));
    super.startDriver(progressive);
  }

  @Test
  void cutsEachVideoRungIntoChunksOfWholeSegmentsOnTheChunkTopicWithAudioWholeOnTheRungTopic() {
    uploadProbedAs("c1", LONG_720P);
    List<TestRecord<String, RenditionTask>> rungTasks = tasks.rungs().readRecordsToList();
    List<TestRecord<String, RenditionTask>> chunkTasks = tasks.chunks().readRecordsToList();
    assertThat(rungTasks).extracting(TestRecord::key).containsExactly("c1/audio");
    assertThat(chunkTasks).allSatisfy(t -> assertThat(t.value().getChunk()).isNotNull());
    List<TestRecord<String, RenditionTask>> planned = new java.util.ArrayList<>(rungTasks);
    planned.addAll(chunkTasks);

    Map<String, List<RenditionTask>> byRung = planned.stream().map(TestRecord::value)
        .collect(Collectors.groupingBy(t -> t.getRung().getName()));
    assertThat(byRung.get("audio")).singleElement().satisfies(a -> assertThat(a.getChunk()).isNull());
    for (String rung : List.of("360p", "720p")) {
      List<ChunkSpec> chunks = byRung.get(rung).stream().map(RenditionTask::getChunk)
          .sorted(java.util.Comparator.comparingInt(ChunkSpec::getIndex)).toList();
      assertThat(chunks).hasSizeGreaterThan(4);
      assertThat(chunks.get(0).getStartSeconds()).isZero();
      assertThat(chunks.get(0).getFirstSegment()).isEqualTo(1);
      for (int i = 1; i < chunks.size(); i++) {
        ChunkSpec before = chunks.get(i - 1);
        assertThat(chunks.get(i).getStartSeconds()).as("chunk %d starts where %d ends", i, i - 1).isEqualTo(before.getEndSeconds());
        assertThat(chunks.get(i).getFirstSegment()).isEqualTo(before.getFirstSegment() + before.getSegmentCount());
        assertThat(chunks.get(i).getFirstFrame()).isEqualTo(before.getFirstFrame() + before.getFrameCount());
      }
      assertThat(chunks).allSatisfy(c -> assertThat(c.getCount()).isEqualTo(chunks.size()));
      assertThat(chunks.stream().mapToLong(ChunkSpec::getFrameCount).sum()).as("every frame once").isEqualTo(100 * 25);
      assertThat(chunks.get(chunks.size() - 1).getEndSeconds()).isEqualTo(100.0);
      int segments = chunks.stream().mapToInt(ChunkSpec::getSegmentCount).sum();
      assertThat(segments).isEqualTo(ChunkGrid.segmentStarts(byRung.get(rung).get(0).getRung(), 100.0).size());
    }

    assertThat(planned).extracting(TestRecord::key).doesNotHaveDuplicates().contains("c1/720p/c00000", "c1/audio");
    List<String> order = chunkTasks.stream().map(r -> r.value().getRung().getName()).distinct().toList();
    assertThat(order).as("what makes the asset playable first, then the biggest work").containsExactly("360p", "720p");
  }

  @Test
  void aChunkedRungIsPublishedWhenAllItsChunksAreDoneAndItsManifestsNameTheChunksFolders() throws Exception {
    uploadProbedAs("c2", LONG_720P);
    List<RenditionTask> planned = tasks.readValuesToList();
    List<RenditionTask> chunks720 = planned.stream().filter(t -> t.getRung().getName().equals("720p"))
        .sorted(java.util.Comparator.comparingInt(t -> t.getChunk().getIndex())).toList();

    for (RenditionTask task : planned) {
      if (task != chunks720.get(chunks720.size() - 1)) {
        done.pipeInput("c2", task.getChunk() == null ? doneResult(task) : chunkDone(task, "a"));
      }
    }
    assertThat(published.isEmpty()).as("one chunk of 720p still runs").isTrue();
    done.pipeInput("c2", chunkDone(chunks720.get(chunks720.size() - 1), "a"));

    AssetPublished out = published.readValue();
    assertThat(out.getStatus()).isEqualTo(AssetStatus.PUBLISHED);
    SegmentTimeline joined = SegmentTimeline.read(store, "assets/c2/720p/timeline.tsv");
    assertThat(joined.segments()).hasSize(ChunkGrid.segmentStarts(chunks720.get(0).getRung(), 100.0).size());
    assertThat(joined.segments().get(0).getFile()).isEqualTo("c0000-a/seg_00001.m4s");
    assertThat(joined.durationTicks()).isEqualTo(100L * TIMESCALE);
    String playlist = Files.readString(storage.resolve("assets/c2/720p/playlist.m3u8"));
    assertThat(playlist).contains("#EXT-X-MAP:URI=\"c0000-a/init.mp4\"", "c0001-a/seg_");
    String mpd = Files.readString(storage.resolve("manifests/c2/manifest.mpd"));
    assertThat(mpd).contains("urn:mpeg:dash:profile:isoff-main:2011", "<SegmentList", "<Initialization sourceURL=\"720p/c0000-a/init.mp4\"/>",
        "<SegmentURL media=\"720p/c0001-a/seg_");
    assertThat(segmentsIn(mpd.substring(mpd.indexOf("<SegmentTimeline>"), mpd.indexOf("</SegmentTimeline>"))))
        .isEqualTo(joined.segments().size());
  }

  @Test
  void aRepeatedChunkIsIgnoredAndWhatItsCopyWroteIsRemoved() {
    uploadProbedAs("c3", LONG_720P);
    List<RenditionTask> planned = tasks.readValuesToList();
    RenditionTask first360 = planned.get(0);
    done.pipeInput("c3", chunkDone(first360, "a"));
    done.pipeInput("c3", chunkDone(first360, "b"));

    assertThat(store.list("assets/c3/360p/c0000-a/")).isNotEmpty();
    assertThat(store.list("assets/c3/360p/c0000-b/")).as("the second copy's folder").isEmpty();
    planned.stream().skip(1).forEach(t -> done.pipeInput("c3", t.getChunk() == null ? doneResult(t) : chunkDone(t, "a")));
    assertThat(published.readValuesToList()).singleElement()
        .satisfies(p -> assertThat(p.getStatus()).isEqualTo(AssetStatus.PUBLISHED));
    assertThat(SegmentTimeline.read(store, "assets/c3/360p/timeline.tsv").segments().get(0).getFile())
        .isEqualTo("c0000-a/seg_00001.m4s");
  }

  @Test
  void aChunkThatFailsFailsItsRungSayingWhichChunkAndTheAssetIsDegraded() {
    uploadProbedAs("c4", LONG_720P);
    List<RenditionTask> planned = tasks.readValuesToList();
    RenditionTask third720 = planned.stream()
        .filter(t -> t.getRung().getName().equals("720p") && t.getChunk().getIndex() == 2).findFirst().orElseThrow();
    for (RenditionTask task : planned) {
      done.pipeInput("c4", task == third720 ? chunkFailed(task, "FFmpeg exited with 1")
          : task.getChunk() == null ? doneResult(task) : chunkDone(task, "a"));
    }

    AssetPublished out = published.readValue();
    assertThat(out.getStatus()).isEqualTo(AssetStatus.DEGRADED);
    assertThat(out.getRenditions()).filteredOn(r -> r.getName().equals("720p")).singleElement().satisfies(r -> {
      assertThat(r.getStatus()).isEqualTo(RungStatus.FAILED);
      assertThat(r.getError()).startsWith("chunk 3 of ").contains("FFmpeg exited with 1");
    });
    assertThat(store.list("assets/c4/720p/c0003-a/")).as("a chunk done after its rung failed is removed").isEmpty();
  }

  @Test
  void theLastChunkEndsWithTheVideoWhenTheAudioRunsLonger() {
    // a looped clip: 100 s of audio, the video's last frame ends 0.96 s before it (the case that failed a real run:
    // planned from the container, the last chunk asked for frames the source does not have)
    uploadProbedAs("c6", SourceDescription.newBuilder(LONG_720P).setVideoDurationSeconds(99.04).build());

    List<RenditionTask> planned = tasks.readValuesToList();
    for (String rung : List.of("360p", "720p")) {
      List<ChunkSpec> chunks = planned.stream().filter(t -> t.getChunk() != null)
          .filter(t -> t.getRung().getName().equals(rung)).map(RenditionTask::getChunk).toList();
      ChunkSpec last = chunks.stream().max(java.util.Comparator.comparingInt(ChunkSpec::getIndex)).orElseThrow();
      assertThat(last.getEndSeconds()).isEqualTo(99.04);
      assertThat(chunks.stream().mapToLong(ChunkSpec::getFrameCount).sum()).as("the video's frames, 99.04 s x 25")
          .isEqualTo(2476);
    }
  }

  @Test
  void chunksWithDifferentInitSegmentsAreNotOneRung() {
    uploadProbedAs("c5", LONG_720P);
    List<RenditionTask> planned = tasks.readValuesToList();
    RenditionTask second360 = planned.get(1);
    for (RenditionTask task : planned) {
      RenditionResult result = task.getChunk() == null ? doneResult(task) : chunkDone(task, "a");
      done.pipeInput("c5", task == second360 ? RenditionResult.newBuilder(result).setInitDigest("other").build() : result);
    }

    AssetPublished out = published.readValue();
    assertThat(out.getRenditions()).filteredOn(r -> r.getName().equals("360p")).singleElement()
        .satisfies(r -> assertThat(r.getError()).contains("chunk 2 of ", "another init segment"));
  }

  @Test
  void aStragglingChunkGetsOneSpeculativeCopyAndTheFirstResultWins() {
    uploadProbedAs("c6", LONG_720P);
    List<RenditionTask> planned = tasks.readValuesToList();
    List<RenditionTask> chunks360 = planned.stream().filter(t -> t.getRung().getName().equals("360p")).toList();
    RenditionTask straggler = chunks360.get(1);
    chunks360.stream().filter(t -> t != straggler)
        .forEach(t -> done.pipeInput("c6", finishedAt(chunkDone(t, "a"), clock.instant().plusSeconds(10))));

    driver.advanceWallClockTime(Duration.ofSeconds(12));
    assertThat(tasks.isEmpty()).as("not yet 3 median encodes (3 x 1.234 s) past the last sibling").isTrue();
    driver.advanceWallClockTime(Duration.ofSeconds(3));
    List<TestRecord<String, RenditionTask>> copies = tasks.readRecordsToList();
    assertThat(copies).singleElement().satisfies(copy -> {
      assertThat(copy.key()).isEqualTo("c6/360p/c00001");
      assertThat(copy.value().getChunk().getIndex()).isEqualTo(1);
      assertThat(copy.value().getChunk().getCopy()).isEqualTo(1);
    });
    driver.advanceWallClockTime(Duration.ofSeconds(30));
    assertThat(tasks.isEmpty()).as("one copy per chunk").isTrue();

    done.pipeInput("c6", chunkDone(copies.get(0).value(), "copy"));
    done.pipeInput("c6", chunkDone(straggler, "late"));
    planned.stream().filter(t -> !t.getRung().getName().equals("360p"))
        .forEach(t -> done.pipeInput("c6", t.getChunk() == null ? doneResult(t) : chunkDone(t, "a")));
    assertThat(published.readValuesToList()).singleElement()
        .satisfies(p -> assertThat(p.getStatus()).isEqualTo(AssetStatus.PUBLISHED));
    assertThat(SegmentTimeline.read(store, "assets/c6/360p/timeline.tsv").segments())
        .extracting(Segment::getFile).anyMatch(f -> f.startsWith("c0001-copy/")).noneMatch(f -> f.startsWith("c0001-late/"));
    assertThat(store.list("assets/c6/360p/c0001-late/")).isEmpty();
  }

  /** What a worker reports for a chunk it encoded into its copy folder {@code c<index>-<tag>/}, timeline stored. */
  RenditionResult chunkDone(RenditionTask task, String tag) {
    ChunkSpec chunk = task.getChunk();
    String folder = task.getOutputPrefix() + String.format("c%04d-%s/", chunk.getIndex(), tag);
    List<Double> starts = ChunkGrid.segmentStarts(task.getRung(), task.getSourceDurationSeconds());
    List<Segment> segments = new ArrayList<>();
    for (int n = chunk.getFirstSegment(); n < chunk.getFirstSegment() + chunk.getSegmentCount(); n++) {
      long start = Math.round(starts.get(n - 1) * TIMESCALE);
      double end = n < starts.size() ? starts.get(n) : task.getSourceDurationSeconds();
      segments.add(new Segment(String.format("seg_%05d.m4s", n), start, Math.round(end * TIMESCALE) - start, 50_000L, 9_000L));
    }
    SegmentTimeline timeline = new SegmentTimeline(TIMESCALE, segments);
    store.put(folder + "init.mp4", new byte[] {1}, "video/mp4");
    return RenditionResult.newBuilder(doneResult(task, timeline, folder))
        .setChunk(chunk)
        .setInitDigest("digest-of-the-rungs-init")
        .build();
  }

  RenditionResult chunkFailed(RenditionTask task, String error) {
    return RenditionResult.newBuilder(failedResult(task, error)).setChunk(task.getChunk()).build();
  }

  static RenditionResult finishedAt(RenditionResult result, Instant at) {
    return RenditionResult.newBuilder(result).setFinishedAt(at).build();
  }
}
