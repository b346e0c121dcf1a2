package io.vwmedia.simulation.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vwmedia.simulation.engine.Rng;
import io.vwmedia.simulation.model.ChunkRule;
import org.junit.jupiter.api.Test;

class ClusterModelTest {

  @Test
  void oneWorkerOneTaskTakesTheOverheadsPlusDurationOverSpeedExactly() {
    Scenario s = new Scenario();
    s.speed = 2.0;
    s.overheads = new Overheads(0.6, 0.7, 0.5, 0);
    RunResult r = s.upload("a", 10, 60).run();
    assertThat(Scenario.published(r, "a")).isCloseTo(0.6 + 0.5 + 60 / 2.0 + 0.7, within(1e-9));
    assertThat(r.assets().get(0).toPlayable()).isCloseTo(31.8, within(1e-9));
    assertThat(r.tasksRun()).isEqualTo(1);
  }

  @Test
  void eachChunkPaysTheWorkAChunkDoesBeyondItsFramesAndAWholeRungDoesNot() {
    Scenario s = new Scenario();
    s.speed = 2.0;
    s.overheads = new Overheads(0.6, 0.7, 0.5, 1.5);
    s.chunks = new ChunkRule(true, 60, 32, 1, 4);
    int chunks = s.chunks.spans(100).size();
    RunResult r = s.upload("long", 0, 100).upload("short", 1000, 40).run();
    assertThat(chunks).isEqualTo(3);
    assertThat(r.tasksRun()).isEqualTo(chunks + 1);
    assertThat(r.chunkTasksRun()).isEqualTo(chunks);
    assertThat(Scenario.published(r, "long")).isCloseTo(0.6 + chunks * (0.5 + 1.5) + 100 / 2.0 + 0.7, within(1e-9));
    assertThat(Scenario.published(r, "short")).isCloseTo(0.6 + 0.5 + 40 / 2.0 + 0.7, within(1e-9));
  }

  @Test
  void everyChunkButARungsFirstEncodesItsPreRollToo() {
    Scenario s = new Scenario();
    s.speed = 2.0;
    s.overheads = new Overheads(0.6, 0.7, 0.5, 1.5, 2);
    s.chunks = new ChunkRule(true, 60, 32, 1, 4);
    int chunks = s.chunks.spans(100).size();
    RunResult r = s.upload("long", 0, 100).upload("short", 1000, 40).run();
    assertThat(Scenario.published(r, "long"))
        .isCloseTo(0.6 + chunks * (0.5 + 1.5) + (100 + (chunks - 1) * 2) / 2.0 + 0.7, within(1e-9));
    assertThat(Scenario.published(r, "short")).as("a whole rung has none").isCloseTo(0.6 + 0.5 + 40 / 2.0 + 0.7, within(1e-9));
  }

  @Test
  void aGpuPodEncodesAtItsPublishedSpeedWhateverItsCores() {
    Scenario s = new Scenario();
    s.encoder = io.vwmedia.simulation.model.Encoder.NVENC;
    s.podCores = 0;
    s.speed = 8;
    assertThat(Scenario.published(s.upload("a", 0, 80).run(), "a")).isCloseTo(10, within(1e-9));
  }

  @Test
  void oneServerWithPoissonArrivalsAndExponentialWorkWaitsAsMM1Says() {
    // M/M/1, lambda 0.5/s, mu 1/s: mean time in the system 1 / (mu - lambda) = 2 s
    Scenario s = new Scenario();
    Rng rng = new Rng(11);
    double t = 0;
    int n = 150_000;
    for (int i = 0; i < n; i++) {
      t += rng.exponential(2.0);
      s.upload("u" + i, t, rng.exponential(1.0));
    }
    RunResult r = s.run(s.uploads.get(n / 10).arrival(), t);
    double mean = r.assets().stream().mapToDouble(AssetOutcome::toPublished).average().orElseThrow();
    assertThat(mean).isCloseTo(2.0, within(0.06));
  }

  @Test
  void aConsumerGroupLeavesAPodIdleBehindABusyPartitionWhereAShareGroupUsesIt() {
    // two pods, one partition: in a consumer group only its owner takes tasks (head-of-line blocking)
    Scenario group = new Scenario();
    group.pods = 2;
    group.partitions = 1;
    group.upload("a", 0, 100).upload("b", 0, 100);
    RunResult byGroup = group.run();
    assertThat(Scenario.published(byGroup, "a")).isEqualTo(100);
    assertThat(Scenario.published(byGroup, "b")).isEqualTo(200);

    Scenario share = new Scenario();
    share.pods = 2;
    share.shareGroup = true;
    share.upload("a", 0, 100).upload("b", 0, 100);
    RunResult byShare = share.run();
    assertThat(Scenario.published(byShare, "a")).isEqualTo(100);
    assertThat(Scenario.published(byShare, "b")).isEqualTo(100);
  }

  @Test
  void encodesSharingAMachinesCoresSlowEachOtherDownUntilOneEnds() {
    // two pods on one 2-core machine: together each gets 1 core (half speed); alone, both
    Scenario s = new Scenario();
    s.pods = 2;
    s.shareGroup = true;
    s.hostCores = 2;
    RunResult r = s.upload("short", 0, 10).upload("long", 0, 20).run();
    assertThat(Scenario.published(r, "short")).isCloseTo(20, within(1e-9));
    assertThat(Scenario.published(r, "long")).isCloseTo(30, within(1e-9));
  }

  @Test
  void aLostTaskComesBackAfterTheSessionTimeoutInAGroupAndTheLockTimeoutInAShareGroup() {
    // every run of the task dies; after 2 runs its rung fails (dead-lettered) and the asset is DEGRADED
    RunResult[] runs = new RunResult[2];
    for (int share = 0; share < 2; share++) {
      Scenario s = new Scenario();
      s.shareGroup = share == 1;
      s.startup = 10;
      s.faults = new Faults(0, 1, 1.0, 45, 30, 2);
      runs[share] = s.upload("a", 0, 100).run();
      assertThat(runs[share].crashes()).isEqualTo(2);
      assertThat(runs[share].assets().get(0).degraded()).isTrue();
    }
    // the same draws both ways: each of the two losses costs 45 s against 30 s
    assertThat(Scenario.published(runs[0], "a") - Scenario.published(runs[1], "a")).isCloseTo(30, within(1e-9));
  }

  @Test
  void speculativeCopiesOfStragglingChunksShortenTheAsset() {
    double[] makespan = new double[2];
    long copies = 0;
    for (int spec = 0; spec < 2; spec++) {
      Scenario s = new Scenario();
      s.pods = 12;
      s.shareGroup = true;
      s.chunks = new ChunkRule(true, 60, 30, 1, 4);
      s.faults = new Faults(0.2, 10, 0, 45, 30, 4);
      s.speculation = new Speculation(spec == 1, 2, 0.5, 5);
      RunResult r = s.upload("a", 0, 300).run();
      makespan[spec] = Scenario.published(r, "a");
      copies = r.speculativeCopies();
    }
    assertThat(copies).isPositive();
    assertThat(makespan[1]).isLessThan(makespan[0]);
  }

  @Test
  void theSameSeedGivesTheSameRun() {
    RunResult[] runs = new RunResult[2];
    for (int i = 0; i < 2; i++) {
      Scenario s = new Scenario();
      s.pods = 3;
      s.faults = new Faults(0.1, 4, 0.05, 45, 30, 4);
      Rng rng = new Rng(3);
      for (int u = 0; u < 200; u++) {
        s.upload("u" + u, u * 20.0, 10 + rng.exponential(40));
      }
      runs[i] = s.run();
    }
    assertThat(new RunSummary(runs[0]).asMap()).isEqualTo(new RunSummary(runs[1]).asMap());
  }
}
