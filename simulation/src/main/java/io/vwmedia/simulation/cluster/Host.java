package io.vwmedia.simulation.cluster;

import io.vwmedia.simulation.engine.Simulation;
import io.vwmedia.simulation.model.Encoder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The cores pods encode on. In a cluster each pod has its own (its CPU request and limit); on one machine several
 * worker processes share its cores, and an encode gets {@code min(pod cores, host cores / encodes running)}: processor
 * sharing, so every start or end on the host changes the others' speed and their end is scheduled again.
 * An encode with {@code c} cores progresses at {@code (c / referenceCores) ^ e} reference seconds a second: {@code e}
 * is {@code coreScaling} for more cores than the measuring machine had (a bigger pod) and {@code sharing} for fewer
 * (encodes sharing a machine), since the two are not the same physics: threads spreading over more cores, against
 * processes contending for the same cores and caches.
 */
final class Host {

  private final Simulation sim;
  private final double cores;
  private final double referenceCores;
  private final double coreScaling;
  private final double sharing;
  private final Consumer<Encode> reachedEnd;
  private final List<Encode> running = new ArrayList<>();

  Host(Simulation sim, double cores, double referenceCores, double coreScaling, double sharing,
      Consumer<Encode> reachedEnd) {
    this.sim = sim;
    this.cores = cores;
    this.referenceCores = referenceCores;
    this.coreScaling = coreScaling;
    this.sharing = sharing;
    this.reachedEnd = reachedEnd;
  }

  void begin(Encode e) {
    advance();
    e.lastUpdate = sim.now();
    running.add(e);
    reshare();
  }

  void end(Encode e) {
    advance();
    running.remove(e);
    if (e.next != null) {
      e.next.cancel();
    }
    reshare();
  }

  /** What an encode of a pod with {@code podCores} gets while {@code n} encodes share this host. */
  double rate(double podCores, int n) {
    double c = Math.min(podCores, cores / Math.max(1, n));
    return Math.pow(c / referenceCores, c >= referenceCores ? coreScaling : sharing);
  }

  private void advance() {
    double now = sim.now();
    for (Encode e : running) {
      e.remaining -= (now - e.lastUpdate) * e.rate;
      e.lastUpdate = now;
    }
  }

  private void reshare() {
    for (Encode e : running) {
      // an NVENC pod's speed is its GPU's, as published: the reference rate whatever its cores
      double podCores = e.pod.pool().encoder() == Encoder.NVENC ? referenceCores : e.pod.pool().cores();
      e.rate = rate(podCores, running.size());
      if (e.next != null) {
        e.next.cancel();
      }
      double target = Math.max(0, e.fails() ? e.failAtRemaining : 0);
      e.next = sim.after(Math.max(0, e.remaining - target) / e.rate, () -> {
        advance();
        reachedEnd.accept(e);
      });
    }
  }
}
