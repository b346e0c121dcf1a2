package io.vwmedia.simulation.cluster;

/**
 * Fixed costs that are not encoding a task's own frames: per asset, from upload to its tasks on the topic (probe task,
 * ffprobe, plan) and from its last result to the published event (aggregate, package HLS + DASH, publish); per task on
 * a worker, beside its encode (the Kafka hop, reading back and storing the segments, the result); and per chunk task,
 * the encode work a chunk does beyond its frames, in seconds at the reference cores like the encodes (its own FFmpeg
 * start, the keyframe probe, the decode from the keyframe before the chunk, the rate control starting cold, the checks
 * of its segments), which a whole-rung task pays once.
 */
public record Overheads(double probeSeconds, double publishSeconds, double taskSeconds, double chunkWorkSeconds) {

  public Overheads {
    if (probeSeconds < 0 || publishSeconds < 0 || taskSeconds < 0 || chunkWorkSeconds < 0) {
      throw new IllegalArgumentException("overheads cannot be negative");
    }
  }
}
