package io.vwmedia.worker;

import io.vwmedia.events.FailureClass;
import io.vwmedia.events.QualityScores;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungKind;
import io.vwmedia.ffmpeg.encode.ChunkWindow;
import io.vwmedia.ffmpeg.encode.EncodeFailedException;
import io.vwmedia.ffmpeg.encode.Encoder;
import io.vwmedia.ffmpeg.encode.EncoderSelection;
import io.vwmedia.ffmpeg.encode.FfmpegCommandBuilder;
import io.vwmedia.ffmpeg.encode.FfmpegRunner;
import io.vwmedia.ffmpeg.encode.X264Encoder;
import io.vwmedia.ffmpeg.encode.X265Encoder;
import io.vwmedia.ffmpeg.quality.QualityMeter;
import io.vwmedia.ffmpeg.source.FfmpegInput;
import io.vwmedia.ffmpeg.source.SourceRefusedException;
import io.vwmedia.storage.AssetLayout;
import io.vwmedia.storage.ObjectStore;
import io.vwmedia.worker.cmaf.CmafFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one rendition task into one rendition result: encode with FFmpeg into a scratch folder, read back the
 * CMAF segments it wrote, store them under the task's prefix, and describe them. Never throws for a bad encode:
 * the failure is the result, so the asset can still be published with the other rungs. A task for a chunk of a rung
 * is encoded alone, its segments made and checked by {@link ChunkTranscoder} and stored in the chunk copy's own
 * folder.
 */
public final class RungTranscoder {

  private static final Logger log = LoggerFactory.getLogger(RungTranscoder.class);
  /** How far below the worker's priority an encode behind another runs: Linux then gives it about a tenth of a core. */
  static final int BEHIND_NICENESS = 10;

  private final WorkerConfig config;
  private final FfmpegCommandBuilder commands;
  private final FfmpegRunner runner;
  private final EncoderSelection encoders;
  private final ObjectStore store;
  private final Clock clock;
  private final QualityMeter quality;
  private final GpuFallback fallback;
  private final ChunkTranscoder chunks;
  private final EncodeGroups groups;

  /** With one CPU encoder for its codec, and x265 (at the configured preset) for HEVC rungs unless it is that one. */
  public RungTranscoder(WorkerConfig config, Encoder videoEncoder, ObjectStore store, Clock clock) {
    this(config, videoEncoder.codec().equals("hevc")
        ? EncoderSelection.cpu(new X264Encoder(config.x264Preset(), config.threads()), videoEncoder)
        : EncoderSelection.cpu(videoEncoder, new X265Encoder(config.x264Preset())), store, clock);
  }

  /** With the encoders a worker selected at start-up: a failed GPU encode is retried on the CPU fallback. */
  public RungTranscoder(WorkerConfig config, EncoderSelection encoders, ObjectStore store, Clock clock) {
    this.config = config;
    this.commands = new FfmpegCommandBuilder(config.ffmpeg());
    this.runner = new FfmpegRunner();
    this.encoders = encoders;
    this.store = store;
    this.clock = clock;
    this.quality = config.measureQuality() ? new QualityMeter(config.ffmpeg(), QualityMeter.hasVmaf(config.ffmpeg())) : null;
    this.fallback = new GpuFallback(encoders);
    this.chunks = new ChunkTranscoder(config);
    this.groups = new EncodeGroups(config.firstRungFirst(), encoders);
  }

  /** The same transcoder whose FFmpeg runs on {@code runner}. */
  private RungTranscoder(RungTranscoder of, FfmpegRunner runner) {
    this.config = of.config;
    this.commands = of.commands;
    this.runner = runner;
    this.encoders = of.encoders;
    this.store = of.store;
    this.clock = of.clock;
    this.quality = of.quality;
    this.fallback = of.fallback;
    this.chunks = of.chunks;
    this.groups = of.groups;
  }

  /**
   * This transcoder with its FFmpeg at a lower CPU priority ({@value #BEHIND_NICENESS} steps): for the encodes that
   * run alongside a source's first rung ({@code vw.worker.overlap-encodes}), taking the cores it leaves idle.
   */
  public RungTranscoder behind() {
    return new RungTranscoder(this, runner.niced(BEHIND_NICENESS));
  }

  /** Tells {@code listener} each time a GPU encode fails and the rung is encoded again on the CPU. */
  public void reportFallbacksTo(EncoderFallbackListener listener) {
    fallback.reportTo(listener);
  }

  /** Whether a source's encodes after its first start alongside it ({@code vw.worker.overlap-encodes}). */
  public boolean overlapsEncodes() {
    return config.firstRungFirst() && config.overlapEncodes();
  }

  /** How many rung tasks a worker takes in one poll to encode together. */
  public int rungsPerEncode() {
    return config.rungsPerEncode();
  }

  public RenditionResult transcode(RenditionTask task, ProgressListener progress) throws InterruptedException {
    return transcode(task, progress, LiveReports.NONE);
  }

  /**
   * One task's encode; a whole rung's segments are stored as FFmpeg finishes each and reported to {@code live}
   * ({@code vw.worker.live-segments}), each attempt (a GPU encode, then its CPU retry) in a folder of its own.
   */
  public RenditionResult transcode(RenditionTask task, ProgressListener progress, LiveReports live)
      throws InterruptedException {
    long started = System.nanoTime();
    String rungName = task.getRung().getName();
    Path scratch = null;
    try {
      Files.createDirectories(config.workDir());
      scratch = Files.createTempDirectory(config.workDir(), task.getAssetId() + "-" + rungName + "-");
      FfmpegInput input = config.sources().check(task.getSourceUri());
      Path out = scratch;
      if (task.getChunk() == null) {
        LiveSegments[] attempt = new LiveSegments[1];
        Encoder used = fallback.encode(task, scratch, encoder -> {
          attempt[0] = liveSegments(task, out, live);
          try (LiveReporter reporter = LiveReporter.start(present(attempt[0]), live, config.workerId(), clock)) {
            encode(task, input, encoder, out, progress);
          }
        });
        return finish(task, input, null, scratch, started, used, attempt[0]);
      }
      ChunkWindow window = chunks.window(task, input);
      Encoder used = fallback.encode(task, scratch, encoder -> chunks.encode(task, window, input, encoder, out, progress));
      return finish(task, input, window, chunks.segments(task, window, scratch), started, used, null);
    } catch (EncodeFailedException e) {
      return failed(task, started, e.getMessage(), FailureClasses.of(e));
    } catch (SourceRefusedException e) {
      return failed(task, started, e.getMessage(), FailureClass.INVALID_SOURCE);
    } catch (CmafFormatException | IllegalArgumentException e) {
      return failed(task, started, e.getMessage(), FailureClass.ENCODER);
    } catch (IOException | UncheckedIOException e) {
      return failed(task, started, "I/O error: " + e.getMessage(), FailureClass.RETRYABLE);
    } finally {
      deleteQuietly(scratch);
    }
  }

  /**
   * Several rungs of one source, each with its own result: rungs that share a decode ({@link
   * FfmpegCommandBuilder#sharesDecode}) run as one FFmpeg command, which reads and decodes the source once for all of
   * them. Should that command fail, each of its rungs is encoded again on its own, so one rung FFmpeg cannot make
   * does not take the others down with it. Results come back in the order of the tasks.
   */
  public List<RenditionResult> transcodeAll(List<RenditionTask> tasks, ProgressListener progress) throws InterruptedException {
    Map<RenditionTask, RenditionResult> results = new HashMap<>();
    for (List<RenditionTask> group : encodes(tasks)) {
      List<RenditionResult> together = transcodeGroup(group, progress);
      for (int i = 0; i < group.size(); i++) {
        results.put(group.get(i), together.get(i));
      }
    }
    return tasks.stream().map(results::get).toList();
  }

  /** One encode from {@link #encodes}: its rungs' results, in the order of its tasks. */
  public List<RenditionResult> transcodeGroup(List<RenditionTask> group, ProgressListener progress) throws InterruptedException {
    return transcodeGroup(group, progress, LiveReports.NONE);
  }

  /** As above, reporting each whole rung's segments to {@code live} while FFmpeg writes them. */
  public List<RenditionResult> transcodeGroup(List<RenditionTask> group, ProgressListener progress, LiveReports live)
      throws InterruptedException {
    return group.size() == 1 ? List.of(transcode(group.get(0), progress, live)) : transcodeTogether(group, progress, live);
  }

  /** The FFmpeg runs these tasks take, in order: {@link EncodeGroups}. */
  public List<List<RenditionTask>> encodes(List<RenditionTask> tasks) {
    return groups.encodes(tasks);
  }

  private List<RenditionResult> transcodeTogether(List<RenditionTask> tasks, ProgressListener progress, LiveReports live)
      throws InterruptedException {
    long started = System.nanoTime();
    RenditionTask first = tasks.get(0);
    String names = tasks.stream().map(t -> t.getRung().getName()).collect(Collectors.joining(","));
    Path scratch = null;
    try {
      Files.createDirectories(config.workDir());
      scratch = Files.createTempDirectory(config.workDir(), first.getAssetId() + "-together-");
      FfmpegInput input = config.sources().check(first.getSourceUri());
      List<FfmpegCommandBuilder.RungOutput> outputs = new ArrayList<>();
      Map<RenditionTask, LiveSegments> liveRungs = new HashMap<>();
      for (RenditionTask task : tasks) {
        Path dir = Files.createDirectory(scratch.resolve(task.getRung().getName().replaceAll("[^A-Za-z0-9._-]", "_")));
        boolean video = task.getRung().getKind() == RungKind.VIDEO;
        outputs.add(new FfmpegCommandBuilder.RungOutput(task, video ? encoders.primary(task.getRung().getCodec()) : null, dir));
        Optional.ofNullable(liveSegments(task, dir, live)).ifPresent(l -> liveRungs.put(task, l));
      }
      List<String> command = commands.build(input, outputs);
      log.debug("encoding {}/{} together: {}", first.getAssetId(), names, command);
      try (LiveReporter reporter = LiveReporter.start(List.copyOf(liveRungs.values()), live, config.workerId(), clock)) {
        runner.run(command, first.getSourceDurationSeconds(),
            config.encodeTimeout(first.getSourceDurationSeconds()).multipliedBy(tasks.size()),
            fraction -> tasks.forEach(t -> progress.onProgress(t.getAssetId(), t.getRung().getName(), fraction)));
      }
      List<RenditionResult> results = new ArrayList<>();
      for (FfmpegCommandBuilder.RungOutput o : outputs) {
        results.add(finishOrFail(o.task(), input, o.outputDir(), started, o.encoder(), liveRungs.get(o.task())));
      }
      return results;
    } catch (EncodeFailedException | SourceRefusedException | IllegalArgumentException | IOException e) {
      log.warn("{}: encoding {} together failed, encoding each on its own: {}", first.getAssetId(), names, e.getMessage());
      deleteQuietly(scratch);
      scratch = null;
      List<RenditionResult> results = new ArrayList<>();
      for (RenditionTask task : tasks) {
        results.add(transcode(task, progress, live));
      }
      return results;
    } finally {
      deleteQuietly(scratch);
    }
  }

  private RenditionResult finishOrFail(RenditionTask task, FfmpegInput input, Path dir, long started, Encoder used,
      LiveSegments live) throws InterruptedException {
    try {
      return finish(task, input, null, dir, started, used, live);
    } catch (CmafFormatException | IllegalArgumentException e) {
      return failed(task, started, e.getMessage(), FailureClass.ENCODER);
    } catch (IOException | UncheckedIOException e) {
      return failed(task, started, "I/O error: " + e.getMessage(), FailureClass.RETRYABLE);
    }
  }

  /**
   * After a successful encode whose segments are in {@code segments}: measure quality if asked (a chunk against the
   * same window of the source, {@code window}; null for a whole rung), store the segments in this encode's own folder
   * (the one {@code live} stored them in while FFmpeg ran, when it did), describe them.
   */
  private RenditionResult finish(RenditionTask task, FfmpegInput input, ChunkWindow window, Path segments, long started,
      Encoder used, LiveSegments live) throws IOException, InterruptedException {
    String rungName = task.getChunk() == null ? task.getRung().getName() : ChunkTranscoder.label(task);
    QualityScores scores = null;
    if (quality != null && task.getRung().getKind() == RungKind.VIDEO) {
      double seconds = window == null ? task.getSourceDurationSeconds() : window.seconds();
      scores = quality.measure(StoredRung.joined(segments), input, task, window, config.encodeTimeout(seconds))
          .orElse(null);
      if (scores == null) {
        log.warn("{}/{}: quality could not be measured", task.getAssetId(), rungName);
      }
    }
    boolean video = task.getRung().getKind() == RungKind.VIDEO;
    RenditionResult.Builder stored = task.getChunk() == null
        ? live == null
            ? StoredRung.store(task, segments, store, AssetLayout.encodeFolder(task.getOutputPrefix()))
            : StoredRung.store(task, segments, store, live.prefix(), live.stored())
        : chunks.store(task, segments, store);
    RenditionResult result = stored
        .setEncodeDurationMs(elapsedMs(started))
        .setFfmpegEncoder(video ? used.name() : "aac")
        .setQuality(scores)
        .setWorker(config.workerId())
        .setFinishedAt(clock.instant())
        .build();
    log.info("{}/{} done in {} ms: {} segments, {} kbit/s average",
        task.getAssetId(), rungName, result.getEncodeDurationMs(), result.getSegmentCount(),
        result.getAverageBitrate() / 1000);
    return result;
  }

  private void encode(RenditionTask task, FfmpegInput input, Encoder encoder, Path scratch, ProgressListener progress)
      throws EncodeFailedException, InterruptedException {
    List<String> command = commands.build(input, task, encoder, scratch);
    log.debug("encoding {}/{}: {}", task.getAssetId(), task.getRung().getName(), command);
    runner.run(
        command,
        task.getSourceDurationSeconds(),
        config.encodeTimeout(task.getSourceDurationSeconds()),
        fraction -> progress.onProgress(task.getAssetId(), task.getRung().getName(), fraction));
  }

  /** The live segments of one attempt at a whole rung, in a new encode folder; null when not publishing live. */
  private LiveSegments liveSegments(RenditionTask task, Path dir, LiveReports live) {
    if (live == LiveReports.NONE || !config.liveSegments() || task.getChunk() != null) {
      return null;
    }
    return new LiveSegments(task, dir, store, AssetLayout.encodeFolder(task.getOutputPrefix()));
  }

  private static List<LiveSegments> present(LiveSegments live) {
    return live == null ? List.of() : List.of(live);
  }

  private RenditionResult failed(RenditionTask task, long started, String error, FailureClass failureClass) {
    log.warn("{}/{} failed: {}", task.getAssetId(), task.getRung().getName(), error);
    return FailureClasses.failedResult(task, config.workerId(), error, failureClass, clock.instant())
        .setEncodeDurationMs(elapsedMs(started))
        .setFfmpegEncoder(task.getRung().getKind() == RungKind.VIDEO
            ? Optional.ofNullable(encoders.primary().get(task.getRung().getCodec())).map(Encoder::name).orElse(null)
            : "aac")
        .build();
  }

  private static long elapsedMs(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("could not remove scratch folder {}: {}", dir, e.getMessage());
    }
  }
}
