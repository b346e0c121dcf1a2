package io.vwmedia.simulation.engine;

/** One scheduled action; {@link #cancel()} keeps it from running (it stays in the queue until its time). */
public final class Event implements Comparable<Event> {

  private final double time;
  private final long sequence;
  private final Runnable action;
  private boolean cancelled;

  Event(double time, long sequence, Runnable action) {
    this.time = time;
    this.sequence = sequence;
    this.action = action;
  }

  public double time() {
    return time;
  }

  Runnable action() {
    return action;
  }

  public void cancel() {
    cancelled = true;
  }

  public boolean cancelled() {
    return cancelled;
  }

  @Override
  public int compareTo(Event o) {
    int byTime = Double.compare(time, o.time);
    return byTime != 0 ? byTime : Long.compare(sequence, o.sequence);
  }
}
