package io.vwmedia.ffmpeg.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FrameGridTest {

  @Test
  void takesTheRateFfmpegIsGiven() {
    assertThat(FrameGrid.of(30000.0 / 1001)).isEqualTo(new FrameGrid(30000, 1001));
    assertThat(FrameGrid.of(29.97)).isEqualTo(new FrameGrid(30000, 1001));
    assertThat(FrameGrid.of(25)).isEqualTo(new FrameGrid(25, 1));
    assertThat(FrameGrid.of(12.5)).isEqualTo(new FrameGrid(125, 10));
  }

  @Test
  void findsTheFirstFrameAtOrAfterABoundaryExactly() {
    FrameGrid ntsc = new FrameGrid(30000, 1001);
    // frame 1828 is at 60.9943 s, 1829 at 61.0277 s
    assertThat(ntsc.firstFrameAtOrAfter(61_000_000)).isEqualTo(1829);
    // 1001 s is frame 30000 exactly
    assertThat(ntsc.firstFrameAtOrAfter(1_001_000_000)).isEqualTo(30000);
    assertThat(new FrameGrid(25, 1).firstFrameAtOrAfter(20_000_000)).isEqualTo(500);
  }

  @Test
  void placesFramesInATrackTimescaleOnlyWhereItCanExactly() {
    FrameGrid ntsc = new FrameGrid(30000, 1001);
    assertThat(ntsc.ticks(270, 30000)).isEqualTo(270_270);
    assertThat(new FrameGrid(25, 1).ticks(150, 12800)).isEqualTo(76_800);
    assertThatThrownBy(() -> ntsc.ticks(1, 1000)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot place frame 1");
    assertThat(ntsc.micros(270)).isEqualTo(9_009_000);
    assertThat(ntsc.micros(1829)).isEqualTo(61_027_633);
  }
}
