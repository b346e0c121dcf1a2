package io.vwmedia.simulation.cluster;

/**
 * Fixed costs that are not encoding: per asset, from upload to its tasks on the topic (probe task, ffprobe, plan) and
 * from its last result to the published event (aggregate, package HLS + DASH, publish), and per task on a worker
 * (the Kafka hop, FFmpeg's start, reading back and storing the segments, the result).
 */
public record Overheads(double probeSeconds, double publishSeconds, double taskSeconds) {}
