package io.vwmedia.simulation.cluster;

/** One worker pod: one task at a time, on the cores of its {@link Host}. */
public final class Pod {

  enum State { STARTING, IDLE, BUSY, DEAD, GONE }

  private final int id;
  private final PoolSpec pool;
  private final Host host;
  private final double provisionedAt;
  State state = State.STARTING;
  boolean draining;
  Encode encode;
  double removedAt = Double.NaN;
  double busySeconds;

  Pod(int id, PoolSpec pool, Host host, double provisionedAt) {
    this.id = id;
    this.pool = pool;
    this.host = host;
    this.provisionedAt = provisionedAt;
  }

  public int id() {
    return id;
  }

  public PoolSpec pool() {
    return pool;
  }

  Host host() {
    return host;
  }

  /** Pod-seconds from when it was asked for until it went (or {@code now}), within [from, to]. */
  double provisionedSeconds(double from, double to) {
    double end = Double.isNaN(removedAt) ? to : Math.min(removedAt, to);
    return Math.max(0, end - Math.max(provisionedAt, from));
  }

  boolean alive() {
    return state != State.GONE;
  }

  /** Counted by the autoscaler as one of the pool's replicas. */
  boolean replica() {
    return state != State.GONE && !draining;
  }

  @Override
  public String toString() {
    return pool.name() + "-" + id;
  }
}
