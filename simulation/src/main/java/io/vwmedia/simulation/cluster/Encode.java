package io.vwmedia.simulation.cluster;

import io.vwmedia.simulation.engine.Event;
import io.vwmedia.simulation.model.Task;

/**
 * A task running on a pod. Its work is in seconds at the reference cores ({@code source seconds / measured speed});
 * the host turns that into wall time at the rate its cores give, and {@code failAtRemaining} marks where the pod dies
 * (negative: it does not).
 */
final class Encode {

  final Task task;
  final Pod pod;
  final double work;
  final double failAtRemaining;
  final double startedAt;
  double remaining;
  double rate;
  double lastUpdate;
  Event next;

  Encode(Task task, Pod pod, double work, double failAtRemaining, double startedAt) {
    this.task = task;
    this.pod = pod;
    this.work = work;
    this.remaining = work;
    this.failAtRemaining = failAtRemaining;
    this.startedAt = startedAt;
  }

  boolean fails() {
    return failAtRemaining >= 0;
  }
}
