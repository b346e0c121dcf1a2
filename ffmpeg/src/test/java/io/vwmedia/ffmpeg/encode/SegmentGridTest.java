package io.vwmedia.ffmpeg.encode;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.events.RungSpec;
import org.junit.jupiter.api.Test;

class SegmentGridTest {

  static RungSpec rung(double gop, double segment, double first) {
    return RungSpec.newBuilder(FfmpegCommandBuilderTest.task(false, null, 25).getRung())
        .setGopSeconds(gop).setSegmentSeconds(segment).setFirstSegmentSeconds(first).build();
  }

  @Test
  void segmentsStartWhereTheHlsMuxerCutsTheWholeRung() {
    // -hls_init_time 1 -hls_time 4 with a one-segment window: cuts at 1, 2, then 1 + 4k
    assertThat(SegmentGrid.of(rung(2, 4, 1)).segmentStarts(0, 14_000_000))
        .containsExactly(0L, 1_000_000L, 2_000_000L, 5_000_000L, 9_000_000L, 13_000_000L);
    assertThat(SegmentGrid.of(rung(2, 4, 0)).segmentStarts(0, 10_000_000)).containsExactly(0L, 4_000_000L, 8_000_000L);
    assertThat(SegmentGrid.of(rung(2, 4, 1)).segmentStarts(9_000_000, 61_000_000)).first().isEqualTo(9_000_000L);
    assertThat(SegmentGrid.of(rung(2, 4, 1)).segmentStarts(9_000_000, 61_000_000)).last().isEqualTo(57_000_000L);
  }

  @Test
  void countsTheKeyframesTheWholeRungForcesBeforeAChunkStarts() {
    // forced at 0, 1, 2, 3, 5, 7, 9, ...: n_forced is 6 on the frame at 9 s
    SegmentGrid shortFirst = SegmentGrid.of(rung(2, 4, 1));
    assertThat(shortFirst.keyframesBefore(0)).isZero();
    assertThat(shortFirst.keyframesBefore(1_000_000)).isEqualTo(1);
    assertThat(shortFirst.keyframesBefore(2_000_000)).isEqualTo(2);
    assertThat(shortFirst.keyframesBefore(5_000_000)).isEqualTo(4);
    assertThat(shortFirst.keyframesBefore(9_000_000)).isEqualTo(6);
    // every GOP from 0: n_forced is 10 on the frame at 20 s
    assertThat(SegmentGrid.of(rung(2, 4, 0)).keyframesBefore(20_000_000)).isEqualTo(10);
  }

  @Test
  void findsTheKeyframeAPreRollStartsOn() {
    // forced at 0, 1, 2, 3, 5, 7, 9, ...
    SegmentGrid shortFirst = SegmentGrid.of(rung(2, 4, 1));
    assertThat(shortFirst.keyframeAtOrBefore(0)).isZero();
    assertThat(shortFirst.keyframeAtOrBefore(999_999)).isZero();
    assertThat(shortFirst.keyframeAtOrBefore(1_500_000)).isEqualTo(1_000_000);
    assertThat(shortFirst.keyframeAtOrBefore(2_900_000)).isEqualTo(2_000_000);
    assertThat(shortFirst.keyframeAtOrBefore(3_000_000)).isEqualTo(3_000_000);
    assertThat(shortFirst.keyframeAtOrBefore(4_999_999)).isEqualTo(3_000_000);
    assertThat(shortFirst.keyframeAtOrBefore(7_000_000)).isEqualTo(7_000_000);
    // every GOP from 0
    assertThat(SegmentGrid.of(rung(2, 4, 0)).keyframeAtOrBefore(19_000_000)).isEqualTo(18_000_000);
    for (long t = 0; t < 20_000_000; t += 250_000) {
      long k = shortFirst.keyframeAtOrBefore(t);
      assertThat(shortFirst.keyframesBefore(k + 1)).as("a keyframe the whole rung forces, at %d µs", k)
          .isEqualTo(shortFirst.keyframesBefore(k) + 1);
      assertThat(shortFirst.keyframesBefore(t + 1)).as("none between it and %d µs", t)
          .isEqualTo(shortFirst.keyframesBefore(k + 1));
    }
  }

  @Test
  void theKeyframeCountMatchesTheWholeRungsExpression() {
    String whole = FfmpegCommandBuilder.keyframes(rung(2, 4, 1));
    String chunk = FfmpegCommandBuilder.keyframes(rung(2, 4, 1), 6, "t");

    assertThat(whole).isEqualTo("expr:gte(t,if(eq(n_forced,0),0,if(eq(n_forced,1),1,if(eq(n_forced,2),2*1,1+(n_forced-2)*2))))");
    assertThat(chunk).isEqualTo(whole.replace("n_forced", "(n_forced+6)"));
    assertThat(FfmpegCommandBuilder.keyframes(rung(2, 4, 0), 10, "t+20.000001"))
        .isEqualTo("expr:gte(t+20.000001,(n_forced+10)*2)");
  }
}
