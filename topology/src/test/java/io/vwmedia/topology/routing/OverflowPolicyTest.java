package io.vwmedia.topology.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class OverflowPolicyTest {

  /** Each reading in turn, and whether new assets overflow after it. */
  static List<Boolean> after(OverflowPolicy policy, long... lags) {
    return LongStream.of(lags).mapToObj(policy::observe).toList();
  }

  @Test
  void switchesOnAtTheThresholdAndOffOnlyAtHalfOfIt() {
    assertThat(after(new OverflowPolicy(100), 0, 99, 100, 70, 51, 50, 60, 99, 100, 250, 49))
        .containsExactly(false, false, true, true, true, false, false, false, true, true, false);
  }

  @Test
  void aLagHoveringAroundTheThresholdDoesNotFlapEveryReading() {
    OverflowPolicy policy = new OverflowPolicy(100);
    List<Boolean> decisions = after(policy, 101, 99, 102, 98, 100, 97);

    assertThat(decisions).containsOnly(true);
  }

  @Test
  void aThresholdOfZeroNeverOverflows() {
    assertThat(after(new OverflowPolicy(0), 0, 1, 1_000_000)).containsOnly(false);
  }
}
