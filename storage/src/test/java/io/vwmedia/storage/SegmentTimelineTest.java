package io.vwmedia.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vwmedia.events.Segment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

  /** Segments of {@code seconds} and {@code kilobytes}, back to back at a 1 kHz timescale. */
  private static SegmentTimeline segments(double[] seconds, long[] kilobytes) {
    List<Segment> list = new ArrayList<>();
    long start = 0;
    for (int i = 0; i < seconds.length; i++) {
      long ticks = Math.round(seconds[i] * 1000);
      list.add(new Segment(String.format("seg_%05d.m4s", i + 1), start, ticks, kilobytes[i] * 1000, 0L));
      start += ticks;
    }
    return new SegmentTimeline(1000, list);
  }

  @Test
  void thePeakIsTheRfc8216PeakSegmentBitRateSoAShortFirstSegmentNeverSetsItAlone() {
    // the fast start: 0.5, 0.5, 3.5, then 4 s segments; the first is mostly an IDR frame (400 kB in 0.5 s: 6.4 Mbit/s)
    SegmentTimeline fastStart = segments(new double[] {0.5, 0.5, 3.5, 4, 4, 2},
        new long[] {400, 100, 1400, 2000, 1800, 900});

    assertThat(fastStart.targetDurationSeconds()).isEqualTo(4);
    // sets of 2 to 6 s: the best is 4 s of 2,000 kB (4.0 Mbit/s); 0.5 + 0.5 + 3.5 s is 1,900 kB over 4.5 s (3.4 Mbit/s)
    assertThat(fastStart.peakBitrate()).isEqualTo(4_000_000);
  }

  @Test
  void aShortLastSegmentCountsOnlyWithTheOneBeforeIt() {
    SegmentTimeline tail = segments(new double[] {4, 4, 0.5}, new long[] {1000, 1000, 500});

    // 0.5 s alone would be 8 Mbit/s; 4.5 s with the segment before it is 1,500 kB (2.67 Mbit/s); 4 s alone is 2 Mbit/s
    assertThat(tail.peakBitrate()).isEqualTo(Math.round(1_500_000 * 8 / 4.5));
  }

  @Test
  void aRungShorterThanHalfTheTargetHasItsWholeBitRateAsItsPeak() {
    SegmentTimeline clip = segments(new double[] {0.4}, new long[] {50});

    assertThat(clip.targetDurationSeconds()).isEqualTo(1);
    assertThat(clip.peakBitrate()).isEqualTo(1_000_000);
    assertThat(new SegmentTimeline(1000, List.of()).peakBitrate()).isZero();
  }
}
