package io.vwmedia.simulation.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void nearestRankAndNeverDoneCountsAsInfinite() {
    Percentiles p = new Percentiles(IntStream.rangeClosed(1, 100).mapToObj(i -> (double) i).toList());
    assertThat(p.at(50)).isEqualTo(50);
    assertThat(p.at(95)).isEqualTo(95);
    assertThat(p.at(100)).isEqualTo(100);
    assertThat(new Percentiles(List.of(1.0, Double.NaN)).at(99)).isInfinite();
  }
}
