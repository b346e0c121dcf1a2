package io.vwmedia.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vwmedia.events.Segment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentTimelineTest {

  @TempDir Path dir;

  final SegmentTimeline timeline = new SegmentTimeline(12800, List.of(
      new Segment("seg_00001.m4s", 1024L, 12800L, 412_000L, 61_000L),
      new Segment("seg_00002.m4s", 13824L, 51200L, 1_530_000L, 58_000L)));

  @Test
  void isStoredBesideTheSegmentsAsATableAReaderCanOpen() throws Exception {
    LocalObjectStore store = new LocalObjectStore(dir);

    String key = timeline.store(store, "assets/a1/720p/");

    assertThat(key).isEqualTo(AssetLayout.timeline("a1", "720p"));
    assertThat(Files.readString(dir.resolve(key))).isEqualTo("""
        timescale\t12800
        file\tstart\tduration\tbytes\tkeyframe_bytes
        seg_00001.m4s\t1024\t12800\t412000\t61000
        seg_00002.m4s\t13824\t51200\t1530000\t58000
        """);
    assertThat(SegmentTimeline.read(store, key)).isEqualTo(timeline);
    assertThat(timeline.durationTicks()).isEqualTo(64000);
    assertThat(timeline.bytes()).isEqualTo(1_942_000);
  }

  @Test
  void refusesAFileThatIsNotATimelineSayingWhy() {
    LocalObjectStore store = new LocalObjectStore(dir);
    store.put("a/timeline.tsv", "#EXTM3U\n".getBytes(StandardCharsets.UTF_8), ContentTypes.OCTET_STREAM);
    store.put("b/timeline.tsv", (timeline.format() + "seg_00003.m4s\t1\t2\n").getBytes(StandardCharsets.UTF_8),
        ContentTypes.OCTET_STREAM);
    store.put("c/timeline.tsv", timeline.format().replace("seg_00002", "../x")
        .getBytes(StandardCharsets.UTF_8), ContentTypes.OCTET_STREAM);

    assertThatThrownBy(() -> SegmentTimeline.read(store, "a/timeline.tsv")).hasMessageContaining("is not a segment timeline");
    assertThatThrownBy(() -> SegmentTimeline.read(store, "b/timeline.tsv")).hasMessageContaining("line 5 has 3 columns");
    assertThatThrownBy(() -> SegmentTimeline.read(store, "c/timeline.tsv")).hasMessageContaining("invalid part '..'");
  }
}
