package io.vwmedia.simulation.engine;

import java.util.PriorityQueue;

/**
 * The discrete-event engine: a clock and a priority queue of events, nothing else. Events at the same time run in the
 * order they were scheduled, so a run is deterministic for a seed. Written here rather than taken from a framework
 * (DSOL, SSJ, JSL): the model needs only "at time t, do this", cancellation and a clock, and forty lines a reader
 * can check beat a dependency whose process-interaction world view the model would not use.
 */
public final class Simulation {

  private final PriorityQueue<Event> queue = new PriorityQueue<>();
  private double now;
  private long scheduled;
  private long executed;

  /** The current time, in seconds since the start. */
  public double now() {
    return now;
  }

  /** Runs {@code action} at time {@code time} (not before now). */
  public Event at(double time, Runnable action) {
    if (time < now) {
      throw new IllegalArgumentException("an event at " + time + " is in the past (now " + now + ")");
    }
    Event e = new Event(time, scheduled++, action);
    queue.add(e);
    return e;
  }

  /** Runs {@code action} {@code delay} seconds from now. */
  public Event after(double delay, Runnable action) {
    return at(now + Math.max(0, delay), action);
  }

  /** Runs events until none is left or the next one is after {@code end}; the clock stops at the last event run. */
  public void runUntil(double end) {
    while (!queue.isEmpty() && queue.peek().time() <= end) {
      Event e = queue.poll();
      if (e.cancelled()) {
        continue;
      }
      now = e.time();
      executed++;
      e.action().run();
    }
  }

  /** Runs every event. */
  public void run() {
    runUntil(Double.POSITIVE_INFINITY);
  }

  /** Events run so far (cancelled ones not counted). */
  public long executed() {
    return executed;
  }

  /** Whether anything is scheduled. */
  public boolean idle() {
    return queue.stream().allMatch(Event::cancelled);
  }
}
