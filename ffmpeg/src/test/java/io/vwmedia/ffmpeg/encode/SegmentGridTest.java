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
  void segmentsRampUpEachAsLongAsAllBeforeItUpToTheTarget() {
    // 1, 1, 2, then 4 s: a player that has played the first segments always has the next one's time buffered
    assertThat(SegmentGrid.of(rung(2, 4, 1)).segmentStarts(0, 14_000_000))
        .containsExactly(0L, 1_000_000L, 2_000_000L, 4_000_000L, 8_000_000L, 12_000_000L);
    // 1, 1, 2, 4, then 6 s
    assertThat(SegmentGrid.of(rung(2, 6, 1)).segmentStarts(0, 21_000_000))
        .containsExactly(0L, 1_000_000L, 2_000_000L, 4_000_000L, 8_000_000L, 14_000_000L, 20_000_000L);
    assertThat(SegmentGrid.of(rung(2, 4, 0)).segmentStarts(0, 10_000_000)).containsExactly(0L, 4_000_000L, 8_000_000L);
    assertThat(SegmentGrid.of(rung(2, 4, 0)).ramps()).isFalse();
    assertThat(SegmentGrid.of(rung(2, 4, 1)).segmentStarts(8_000_000, 61_000_000)).first().isEqualTo(8_000_000L);
    assertThat(SegmentGrid.of(rung(2, 4, 1)).segmentStarts(9_000_000, 61_000_000)).first().isEqualTo(12_000_000L);
    assertThat(SegmentGrid.of(rung(2, 4, 1)).segmentStarts(9_000_000, 61_000_000)).last().isEqualTo(60_000_000L);
  }

  @Test
  void keyframesStartEverySegmentAndFollowEveryGopWithinOne() {
    // 1, 1, 2, 4, then 6 s segments with a 2 s GOP: the 4 s segment at 4 s has a keyframe at 6 s too
    SegmentGrid grid = SegmentGrid.of(rung(2, 6, 1));
    assertThat(grid.rampKeyframes()).containsExactly(0L, 1_000_000L, 2_000_000L, 4_000_000L, 6_000_000L);
    assertThat(grid.rampEnd()).isEqualTo(8_000_000L);
    assertThat(SegmentGrid.of(rung(2, 4, 0)).rampKeyframes()).isEmpty();
  }

  @Test
  void audioIsCutOnALengthEveryBoundaryIsAMultipleOf() {
    assertThat(SegmentGrid.of(rung(2, 4, 1)).fragmentMicros()).isEqualTo(1_000_000L);
    assertThat(SegmentGrid.of(rung(2, 6, 4)).fragmentMicros()).isEqualTo(2_000_000L);
    assertThat(SegmentGrid.of(rung(2, 4, 0.75)).fragmentMicros()).isEqualTo(250_000L);
  }

  @Test
  void countsTheKeyframesTheWholeRungForcesBeforeAChunkStarts() {
    // forced at 0, 1, 2, 4, 6, 8, ...: n_forced is 5 on the frame at 8 s
    SegmentGrid shortFirst = SegmentGrid.of(rung(2, 4, 1));
    assertThat(shortFirst.keyframesBefore(0)).isZero();
    assertThat(shortFirst.keyframesBefore(1_000_000)).isEqualTo(1);
    assertThat(shortFirst.keyframesBefore(2_000_000)).isEqualTo(2);
    assertThat(shortFirst.keyframesBefore(4_000_000)).isEqualTo(3);
    assertThat(shortFirst.keyframesBefore(8_000_000)).isEqualTo(5);
    assertThat(shortFirst.keyframesBefore(8_000_001)).isEqualTo(6);
    // every GOP from 0: n_forced is 10 on the frame at 20 s
    assertThat(SegmentGrid.of(rung(2, 4, 0)).keyframesBefore(20_000_000)).isEqualTo(10);
  }

  @Test
  void theKeyframeCountMatchesTheWholeRungsExpression() {
    String whole = FfmpegCommandBuilder.keyframes(rung(2, 4, 1));
    String chunk = FfmpegCommandBuilder.keyframes(rung(2, 4, 1), 5, "t");

    assertThat(whole).isEqualTo("expr:gte(t,if(eq(n_forced,0),0,if(eq(n_forced,1),1,if(eq(n_forced,2),2,4+(n_forced-3)*2))))");
    assertThat(chunk).isEqualTo(whole.replace("n_forced", "(n_forced+5)"));
    assertThat(FfmpegCommandBuilder.keyframes(rung(2, 4, 0), 10, "t+20.000001"))
        .isEqualTo("expr:gte(t+20.000001,(n_forced+10)*2)");
  }
}
