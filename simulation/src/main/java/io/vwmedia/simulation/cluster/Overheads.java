package io.vwmedia.simulation.cluster;

/**
 * Fixed costs that are not encoding a task's own frames: per asset, from upload to its tasks on the topic (probe task,
 * ffprobe, plan) and from its last result to the published event (aggregate, package HLS + DASH, publish); per task on
 * a worker, beside its encode (the Kafka hop, reading back and storing the segments, the result); and per chunk task,
 * the work a chunk does beyond its frames, in seconds at the reference cores like the encodes (the header and keyframe
 * probes, checking and storing its segments, its own FFmpeg: steps a whole-rung task pays once). Measured in the
 * pipeline; its FFmpeg runs alone do nearly none of it on a 1 s-GOP source (docs/scaling.md, "Chunked runs"). Apart
 * from it, every chunk but a rung's first encodes {@code chunkPrerollSeconds} of source before its own frames and
 * throws them away ({@code vw.worker.chunk-preroll}): encoding, at the rung's speed.
 */
public record Overheads(double probeSeconds, double publishSeconds, double taskSeconds, double chunkWorkSeconds,
    double chunkPrerollSeconds) {

  /** Without a pre-roll. */
  public Overheads(double probeSeconds, double publishSeconds, double taskSeconds, double chunkWorkSeconds) {
    this(probeSeconds, publishSeconds, taskSeconds, chunkWorkSeconds, 0);
  }

  public Overheads {
    if (probeSeconds < 0 || publishSeconds < 0 || taskSeconds < 0 || chunkWorkSeconds < 0 || chunkPrerollSeconds < 0) {
      throw new IllegalArgumentException("overheads cannot be negative");
    }
  }
}
