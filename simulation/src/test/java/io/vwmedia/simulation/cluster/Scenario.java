package io.vwmedia.simulation.cluster;

import io.vwmedia.simulation.model.ChunkRule;
import io.vwmedia.simulation.model.EncodeSpeeds;
import io.vwmedia.simulation.model.Encoder;
import io.vwmedia.simulation.model.Ladder;
import io.vwmedia.simulation.model.Rung;
import io.vwmedia.simulation.model.TaskOrder;
import io.vwmedia.simulation.model.TaskPlanner;
import io.vwmedia.simulation.model.Upload;
import java.util.ArrayList;
import java.util.List;

/** A small cluster for the tests: one 1080p video rung "v" (no audio) at a fixed speed, fixed pools, nothing else unless asked. */
final class Scenario {

  /** The rung's and the sources' height: 1080p, where the chunk rule takes its target as it is. */
  static final int HEIGHT = 1080;

  boolean shareGroup;
  int partitions = 12;
  double hostCores;
  double coreScaling = 1;
  int pods = 1;
  double podCores = 2;
  double startup;
  double speed = 1;
  Overheads overheads = new Overheads(0, 0, 0, 0);
  Faults faults = Faults.none();
  Speculation speculation = Speculation.off();
  ChunkRule chunks = ChunkRule.off();
  final List<Upload> uploads = new ArrayList<>();
  long seed = 1;
  Encoder encoder = Encoder.X264;

  Scenario upload(String id, double arrival, double seconds) {
    uploads.add(new Upload(id, arrival, seconds, HEIGHT));
    return this;
  }

  RunResult run() {
    return run(0, Double.POSITIVE_INFINITY);
  }

  RunResult run(double from, double to) {
    String preset = encoder == Encoder.NVENC ? "p5" : "fast";
    PoolSpec pool = new PoolSpec(encoder.name(), encoder, preset, podCores, pods, pods, startup, 5, 0);
    ClusterConfig config = new ClusterConfig(List.of(pool), shareGroup, partitions, FetchOrder.OLDEST, hostCores, coreScaling, coreScaling, 1, 0,
        overheads,
        faults, speculation, Autoscaling.keda(), 0);
    Ladder ladder = new Ladder(List.of(new Rung("v", HEIGHT)), null, 1, 4, 1080); // chunks sized at 1080p, as the template
    EncodeSpeeds speeds = new EncodeSpeeds().add(encoder, preset, "v", HEIGHT, speed).referenceCores(2);
    return new ClusterModel(seed, config, new TaskPlanner(ladder, chunks, TaskOrder.LONGEST_FIRST), speeds)
        .run(uploads, from, to, 1e9);
  }

  static double published(RunResult r, String id) {
    return r.assets().stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow().toPublished();
  }
}
