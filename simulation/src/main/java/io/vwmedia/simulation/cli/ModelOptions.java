package io.vwmedia.simulation.cli;

import io.vwmedia.simulation.cluster.Autoscaling;
import io.vwmedia.simulation.cluster.ClusterConfig;
import io.vwmedia.simulation.cluster.Faults;
import io.vwmedia.simulation.cluster.FetchOrder;
import io.vwmedia.simulation.cluster.Overheads;
import io.vwmedia.simulation.cluster.PoolSpec;
import io.vwmedia.simulation.cluster.Speculation;
import io.vwmedia.simulation.engine.Rng;
import io.vwmedia.simulation.model.ChunkRule;
import io.vwmedia.simulation.model.EncodeSpeeds;
import io.vwmedia.simulation.model.Encoder;
import io.vwmedia.simulation.model.Ladder;
import io.vwmedia.simulation.model.TaskOrder;
import io.vwmedia.simulation.model.TaskPlanner;
import io.vwmedia.simulation.model.Upload;
import io.vwmedia.simulation.model.Uploads;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The model's parameters, shared by {@code run} and {@code size}; every default is documented in docs/scaling.md. */
public final class ModelOptions {

  // --- data
  @Option(names = "--root", defaultValue = "${sys:vw.simulation.root:-.}", description = "The repository, where the default data files are read (default: ${DEFAULT-VALUE}).")
  Path root;

  @Option(names = "--template", description = "Ladder template file (default: topology/src/main/resources/templates/vw-media-hls-v3.json).")
  Path template;

  @Option(names = "--speeds", description = "Measured x264 speeds (default: bench/data/encode-speed.tsv).")
  Path speeds;

  @Option(names = "--nvenc-speeds", description = "Published NVENC speeds (default: bench/data/nvenc-speed.tsv).")
  Path nvencSpeeds;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed; a seed gives the same run (default: ${DEFAULT-VALUE}).")
  long seed;

  // --- uploads
  @Option(names = "--trace", description = "Replay a trace: arrival_seconds, duration_seconds, source_height[, id] per line.")
  Path trace;

  @Option(names = "--uploads-per-hour", description = "Poisson arrivals at this rate.")
  Double uploadsPerHour;

  @Option(names = "--source-hours-per-day", description = "Poisson arrivals at the rate that brings this many hours of source a day.")
  Double sourceHoursPerDay;

  @Option(names = "--window-hours", defaultValue = "24", description = "Arrivals for this long (default: ${DEFAULT-VALUE}).")
  double windowHours;

  @Option(names = "--warmup-hours", defaultValue = "2", description = "Uploads arriving before this are not measured (default: ${DEFAULT-VALUE}).")
  double warmupHours;

  @Option(names = "--duration-median-s", defaultValue = "300", description = "Median upload length (log-normal; default: ${DEFAULT-VALUE}).")
  double durationMedian;

  @Option(names = "--duration-sigma", defaultValue = "1.0", description = "Log-space spread of upload lengths (default: ${DEFAULT-VALUE}).")
  double durationSigma;

  @Option(names = "--duration-min-s", defaultValue = "10", description = "Shortest upload (default: ${DEFAULT-VALUE}).")
  double durationMin;

  @Option(names = "--duration-max-s", defaultValue = "10800", description = "Longest upload (default: ${DEFAULT-VALUE}).")
  double durationMax;

  @Option(names = "--source-height", defaultValue = "1080", description = "Source picture height of Poisson uploads (default: ${DEFAULT-VALUE}).")
  int sourceHeight;

  // --- planning
  @Option(names = "--chunking", negatable = true, defaultValue = "false", description = "Cut long sources into chunk tasks (default: ${DEFAULT-VALUE}).")
  boolean chunking;

  @Option(names = "--min-source-seconds", defaultValue = "120", description = "Chunk sources longer than this (default: ${DEFAULT-VALUE}).")
  double minSourceSeconds;

  @Option(names = "--target-chunk-seconds", defaultValue = "32", description = "Chunk length aimed at for an asset whose top rung is 1080p or larger, longer in proportion to fewer pixels below it, rounded to whole segments (default: ${DEFAULT-VALUE}).")
  double targetChunkSeconds;

  @Option(names = "--segment-seconds", description = "Segment length (default: the template's).")
  Double segmentSeconds;

  @Option(names = "--first-segment-seconds", description = "First segment's length (default: the template's).")
  Double firstSegmentSeconds;

  @Option(names = "--order", defaultValue = "LONGEST_FIRST", description = "Order of an asset's tasks on the topic: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  TaskOrder order;

  // --- cluster
  @Option(names = "--dispatch", defaultValue = "consumer-group", description = "consumer-group or share-group (default: ${DEFAULT-VALUE}).")
  String dispatch;

  @Option(names = "--fetch-order", defaultValue = "fetched", description = "Which of its partitions a consumer-group pod reads next: oldest (head record), partition (the same partition while it has records, then the next) or fetched (batches per partition in the order fetched, as Kafka's consumer) (default: ${DEFAULT-VALUE}).")
  String fetchOrder;

  @Option(names = "--partitions", defaultValue = "12", description = "Partitions of the task topic (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--cpu-pods", description = "A fixed CPU pool of this many pods (sets --cpu-min and --cpu-max).")
  Integer cpuPods;

  @Option(names = "--cpu-min", defaultValue = "2", description = "CPU pool minimum (default: ${DEFAULT-VALUE}, the prod overlay's).")
  int cpuMin;

  @Option(names = "--cpu-max", defaultValue = "4", description = "CPU pool maximum (default: ${DEFAULT-VALUE}, the prod overlay's).")
  int cpuMax;

  @Option(names = "--cpu-cores", defaultValue = "4", description = "Cores per CPU pod (default: ${DEFAULT-VALUE}, the manifests' request).")
  double cpuCores;

  @Option(names = "--preset", defaultValue = "fast", description = "x264 preset of the CPU pods: fast or veryfast (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--cpu-startup-s", defaultValue = "30", description = "A new CPU pod's start: image pull, JVM, group join (default: ${DEFAULT-VALUE}).")
  double cpuStartup;

  @Option(names = "--cpu-lag-threshold", defaultValue = "5", description = "KEDA lagThreshold of the CPU pool (default: ${DEFAULT-VALUE}).")
  double cpuLagThreshold;

  @Option(names = "--gpu-pods", description = "A fixed GPU pool of this many pods (sets --gpu-min and --gpu-max).")
  Integer gpuPods;

  @Option(names = "--gpu-min", defaultValue = "0", description = "GPU pool minimum (default: ${DEFAULT-VALUE}).")
  int gpuMin;

  @Option(names = "--gpu-max", defaultValue = "0", description = "GPU pool maximum (default: ${DEFAULT-VALUE}).")
  int gpuMax;

  @Option(names = "--nvenc-preset", defaultValue = "p5", description = "NVENC preset of the GPU pods (default: ${DEFAULT-VALUE}).")
  String nvencPreset;

  @Option(names = "--gpu-startup-s", defaultValue = "180", description = "A new GPU pod's start, a node's boot included (default: ${DEFAULT-VALUE}).")
  double gpuStartup;

  @Option(names = "--gpu-lag-threshold", defaultValue = "15", description = "KEDA lagThreshold of the GPU pool (default: ${DEFAULT-VALUE}).")
  double gpuLagThreshold;

  @Option(names = "--gpu-activation-lag", defaultValue = "10", description = "KEDA activationLagThreshold of the GPU pool (default: ${DEFAULT-VALUE}).")
  double gpuActivationLag;

  @Option(names = "--host-cores", defaultValue = "0", description = "0: each pod has its own cores; N: all pods share one machine of N cores (calibration) (default: ${DEFAULT-VALUE}).")
  double hostCores;

  @Option(names = "--core-scaling", defaultValue = "0.9", description = "Speed ~ cores^this for pods with more cores than the measuring machine (default: ${DEFAULT-VALUE}, assumed).")
  double coreScaling;

  @Option(names = "--sharing-exponent", description = "Speed ~ cores^this for encodes sharing a machine's cores (default: measured, from encodes run side by side).")
  Double sharingExponent;

  @Option(names = "--speed-factor", defaultValue = "1", description = "Multiplies every drawn speed: the share of the measuring machine's speed the pods get, e.g. with other work on the same machine (default: ${DEFAULT-VALUE}).")
  double speedFactor;

  @Option(names = "--speed-sources", description = "Draw x264 speeds only from measured sources whose name matches this regex, e.g. gen_ (default: all).")
  String speedSources;

  @Option(names = "--keda-polling-s", defaultValue = "30", description = "KEDA pollingInterval (default: ${DEFAULT-VALUE}, KEDA's; the manifests use 15).")
  double kedaPolling;

  @Option(names = "--cooldown-s", defaultValue = "600", description = "KEDA cooldownPeriod before scaling to zero (default: ${DEFAULT-VALUE}).")
  double cooldown;

  @Option(names = "--stabilization-s", defaultValue = "300", description = "HPA scale-down stabilization window (default: ${DEFAULT-VALUE}).")
  double stabilization;

  // --- overheads, noise and faults
  @Option(names = "--probe-s", defaultValue = "0.6", description = "Per asset, upload to tasks on the topic (default: ${DEFAULT-VALUE}).")
  double probeSeconds;

  @Option(names = "--publish-s", defaultValue = "0.7", description = "Per asset, last result to published (default: ${DEFAULT-VALUE}).")
  double publishSeconds;

  @Option(names = "--task-overhead-s", defaultValue = "0.5", description = "Per task on a worker, besides the encode (default: ${DEFAULT-VALUE}).")
  double taskOverhead;

  @Option(names = "--chunk-overhead-s", defaultValue = "1.9", description = "Per chunk task, the work it does beyond its frames (probes, checks, its own FFmpeg), in seconds at the measuring machine's cores (default: ${DEFAULT-VALUE}, measured: bench/calibrate-simulation.sh with a chunked run).")
  double chunkOverhead;

  @Option(names = "--chunk-preroll-s", defaultValue = "0", description = "Per chunk task but a rung's first, seconds of source encoded before the chunk and thrown away, at the rung's speed (vw.worker.chunk-preroll; default: ${DEFAULT-VALUE}).")
  double chunkPreroll;

  @Option(names = "--noise-sigma", defaultValue = "0.05", description = "Per-task log-normal noise on the drawn speed (default: ${DEFAULT-VALUE}).")
  double noiseSigma;

  @Option(names = "--straggler-fraction", defaultValue = "0", description = "Fraction of tasks that straggle (default: ${DEFAULT-VALUE}).")
  double stragglerFraction;

  @Option(names = "--straggler-factor", defaultValue = "4", description = "How many times slower a straggler is (default: ${DEFAULT-VALUE}).")
  double stragglerFactor;

  @Option(names = "--failure-probability", defaultValue = "0", description = "Probability that a task's pod dies during it (default: ${DEFAULT-VALUE}).")
  double failureProbability;

  @Option(names = "--session-timeout-s", defaultValue = "45", description = "Consumer group session timeout, vw.worker.session-timeout (default: ${DEFAULT-VALUE}).")
  double sessionTimeout;

  @Option(names = "--lock-timeout-s", defaultValue = "30", description = "Share group record lock, share.record.lock.duration.ms (default: ${DEFAULT-VALUE}).")
  double lockTimeout;

  @Option(names = "--max-attempts", defaultValue = "4", description = "Runs of a task before its rung fails, vw.retry.attempts (default: ${DEFAULT-VALUE}).")
  int maxAttempts;

  @Option(names = "--speculate", negatable = true, defaultValue = "false", description = "Speculative copies of slow chunks (default: ${DEFAULT-VALUE}).")
  boolean speculate;

  @Option(names = "--speculate-factor", defaultValue = "2", description = "Copy a chunk running this many times its siblings' median (default: ${DEFAULT-VALUE}).")
  double speculateFactor;

  @Option(names = "--sample-s", defaultValue = "60", description = "Queue sampling interval for --queue-csv (default: ${DEFAULT-VALUE}).")
  double sampleSeconds;

  Path resolve(Path given, String fallback) {
    return given != null ? given : root.resolve(fallback);
  }

  Ladder ladder() {
    return Ladder.fromTemplate(resolve(template, "topology/src/main/resources/templates/vw-media-hls-v3.json"));
  }

  EncodeSpeeds encodeSpeeds() {
    return EncodeSpeeds.read(resolve(speeds, "bench/data/encode-speed.tsv"), resolve(nvencSpeeds, "bench/data/nvenc-speed.tsv"),
        speedSources == null ? null : java.util.regex.Pattern.compile(speedSources));
  }

  TaskPlanner planner() {
    Ladder ladder = ladder();
    ChunkRule rule = new ChunkRule(chunking, minSourceSeconds, targetChunkSeconds,
        firstSegmentSeconds != null ? firstSegmentSeconds : ladder.firstSegmentSeconds(),
        segmentSeconds != null ? segmentSeconds : ladder.segmentSeconds());
    return new TaskPlanner(ladder, rule, order);
  }

  /** The uploads of the run: the trace, or Poisson arrivals over the window. */
  List<Upload> uploads() {
    if (trace != null) {
      return Uploads.trace(trace);
    }
    double rate;
    if (uploadsPerHour != null) {
      rate = uploadsPerHour;
    } else if (sourceHoursPerDay != null) {
      rate = sourceHoursPerDay / 24 * 3600 / meanDuration();
    } else {
      throw new IllegalArgumentException("give --trace, --uploads-per-hour or --source-hours-per-day");
    }
    return Uploads.poisson(rate, windowHours * 3600, durationMedian, durationSigma, durationMin, durationMax, sourceHeight,
        new Rng(seed).split());
  }

  /** The mean of the clamped upload-length distribution, by sampling it (a fixed seed: the same for every run). */
  double meanDuration() {
    Rng rng = new Rng(42);
    double sum = 0;
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      sum += Math.max(durationMin, Math.min(durationMax, rng.lognormal(durationMedian, durationSigma)));
    }
    return sum / n;
  }

  double measureFrom() {
    return trace != null ? 0 : warmupHours * 3600;
  }

  double measureTo() {
    return trace != null ? Double.POSITIVE_INFINITY : windowHours * 3600;
  }

  ClusterConfig cluster(int partitionsOverride) {
    List<PoolSpec> pools = new ArrayList<>();
    int cMin = cpuPods != null ? cpuPods : cpuMin;
    int cMax = cpuPods != null ? cpuPods : cpuMax;
    int gMin = gpuPods != null ? gpuPods : gpuMin;
    int gMax = gpuPods != null ? gpuPods : gpuMax;
    if (cMax > 0) {
      pools.add(new PoolSpec("cpu", Encoder.X264, preset, cpuCores, cMin, cMax, cpuStartup, cpuLagThreshold, 0));
    }
    if (gMax > 0) {
      pools.add(new PoolSpec("gpu", Encoder.NVENC, nvencPreset, 0, gMin, gMax, gpuStartup, gpuLagThreshold, gpuActivationLag));
    }
    return new ClusterConfig(pools, dispatch.equals("share-group"), partitionsOverride > 0 ? partitionsOverride : partitions,
        FetchOrder.valueOf(fetchOrder.toUpperCase(java.util.Locale.ROOT)),
        hostCores, coreScaling, sharingExponent == null ? Double.NaN : sharingExponent, speedFactor, noiseSigma,
        new Overheads(probeSeconds, publishSeconds, taskOverhead, chunkOverhead, chunkPreroll),
        new Faults(stragglerFraction, stragglerFactor, failureProbability, sessionTimeout, lockTimeout, maxAttempts),
        new Speculation(speculate, speculateFactor, 0.5, 15),
        new Autoscaling(kedaPolling, cooldown, stabilization, 1, 120), sampleSeconds);
  }

  double horizon() {
    return trace != null ? 30 * 24 * 3600 : windowHours * 3600 + 7 * 24 * 3600;
  }
}
