package io.vwmedia.simulation.cluster;

import io.vwmedia.simulation.engine.Simulation;
import io.vwmedia.simulation.model.Task;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A share group (KIP-932): any idle member acquires the next available record, whatever its partition; a record
 * whose member dies becomes available again when its acquisition lock times out, before newer records.
 */
final class ShareGroupDispatch implements Dispatch {

  private final Simulation sim;
  private final double lockTimeout;
  private final Deque<Task> available = new ArrayDeque<>();
  private int inFlight;

  ShareGroupDispatch(Simulation sim, double lockTimeout) {
    this.sim = sim;
    this.lockTimeout = lockTimeout;
  }

  @Override
  public void offer(Task task) {
    available.addLast(task);
  }

  @Override
  public Task next(Pod pod) {
    Task t = available.pollFirst();
    if (t != null) {
      inFlight++;
    }
    return t;
  }

  @Override
  public void committed(Task task) {
    inFlight--;
  }

  @Override
  public void lost(Pod pod, Task task, Runnable wake) {
    sim.after(lockTimeout, () -> {
      inFlight--;
      available.addFirst(task);
      wake.run();
    });
  }

  @Override
  public double rejoinDelay(double restartSeconds) {
    return restartSeconds;
  }

  @Override
  public void joined(Pod pod) {}

  @Override
  public void left(Pod pod) {}

  @Override
  public int waiting() {
    return available.size();
  }

  @Override
  public int lag() {
    return available.size() + inFlight;
  }

  @Override
  public int maxConsumers() {
    return Integer.MAX_VALUE;
  }
}
