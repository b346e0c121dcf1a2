package io.vwmedia.simulation.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationTest {

  @Test
  void runsEventsInTimeOrderAndTiesInTheOrderTheyWereScheduled() {
    Simulation sim = new Simulation();
    List<String> seen = new ArrayList<>();
    sim.at(5, () -> seen.add("b@" + sim.now()));
    sim.at(1, () -> seen.add("a@" + sim.now()));
    sim.at(5, () -> seen.add("c@" + sim.now()));
    sim.at(1, () -> sim.after(10, () -> seen.add("d@" + sim.now())));
    sim.run();
    assertThat(seen).containsExactly("a@1.0", "b@5.0", "c@5.0", "d@11.0");
  }

  @Test
  void aCancelledEventDoesNotRun() {
    Simulation sim = new Simulation();
    List<String> seen = new ArrayList<>();
    Event e = sim.at(2, () -> seen.add("cancelled"));
    sim.at(1, e::cancel);
    sim.at(3, () -> seen.add("kept"));
    sim.run();
    assertThat(seen).containsExactly("kept");
    assertThat(sim.executed()).isEqualTo(2);
  }

  @Test
  void refusesAnEventInThePast() {
    Simulation sim = new Simulation();
    sim.at(10, () -> {});
    sim.run();
    assertThatThrownBy(() -> sim.at(5, () -> {})).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stopsAtTheGivenTimeWithLaterEventsStillQueued() {
    Simulation sim = new Simulation();
    List<Double> seen = new ArrayList<>();
    for (int t = 1; t <= 10; t++) {
      sim.at(t, () -> seen.add(sim.now()));
    }
    sim.runUntil(4.5);
    assertThat(seen).containsExactly(1.0, 2.0, 3.0, 4.0);
    assertThat(sim.idle()).isFalse();
  }

  @Test
  void theSameSeedGivesTheSameDraws() {
    Rng a = new Rng(7);
    Rng b = new Rng(7);
    for (int i = 0; i < 100; i++) {
      assertThat(a.lognormal(3, 0.5)).isEqualTo(b.lognormal(3, 0.5));
    }
  }
}
