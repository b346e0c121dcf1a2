package io.vwmedia.simulation.model;

/**
 * One task record on the task topic: a rung of an upload, whole or one chunk of it. A retry is the same task again
 * (its {@link #attempt} counts); a speculative copy is a second task for the same chunk.
 */
public final class Task {

  private final Upload upload;
  private final Rung rung;
  private final Span span;
  private final int chunks;
  private final boolean speculative;
  private final String key;
  private int attempt;
  private double enqueuedAt;

  public Task(Upload upload, Rung rung, Span span, int chunks, boolean speculative) {
    this.upload = upload;
    this.rung = rung;
    this.span = span;
    this.chunks = chunks;
    this.speculative = speculative;
    this.key = upload.id() + "/" + rung.name() + (chunks > 1 ? "/" + span.index() : "") + (speculative ? "/spec" : "");
  }

  public Task speculativeCopy() {
    return new Task(upload, rung, span, chunks, true);
  }

  public Upload upload() {
    return upload;
  }

  public Rung rung() {
    return rung;
  }

  public Span span() {
    return span;
  }

  /** Chunks of this task's rung (1: a whole-rung task). */
  public int chunks() {
    return chunks;
  }

  public boolean chunk() {
    return chunks > 1;
  }

  public boolean speculative() {
    return speculative;
  }

  /** The record key (a chunk's includes its index, so an asset's chunks spread over partitions). */
  public String key() {
    return key;
  }

  public int attempt() {
    return attempt;
  }

  public void retried() {
    attempt++;
  }

  public double enqueuedAt() {
    return enqueuedAt;
  }

  public void enqueuedAt(double time) {
    enqueuedAt = time;
  }

  @Override
  public String toString() {
    return key + (attempt > 0 ? "#" + attempt : "");
  }
}
