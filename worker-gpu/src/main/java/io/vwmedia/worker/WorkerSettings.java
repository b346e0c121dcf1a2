package io.vwmedia.worker;

import io.vwmedia.config.Setting;
import io.vwmedia.config.SettingsGroup;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The settings of a rendition worker ({@link WorkerConfig}), and of the source probes workers run. */
public final class WorkerSettings extends SettingsGroup.Declared {

  public static final List<String> X264_PRESETS = List.of(
      "ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow");

  public static final Setting<Integer> CONCURRENCY = Setting.integer("vw.worker.concurrency", 1, 1, 64,
      "encodes run side by side in one process, each with its own consumer");
  public static final Setting<Integer> CHUNK_CONCURRENCY = Setting.integer("vw.worker.chunk-concurrency", 1, 0, 64,
      "chunk encodes (a long source's rungs cut into chunks) run side by side in one process, each a member of the"
          + " share group `vw-media-chunk-worker` on `media.chunk.tasks`, beside the rung encodes of"
          + " `vw.worker.concurrency`; 0 takes no chunks (a pool kept for whole rungs)");
  public static final Setting<Integer> CHUNK_MAX_DELIVERIES = Setting.integer("vw.worker.chunk-max-deliveries", 4, 2, 4,
      "a chunk task delivered this many times (every worker before died or hung holding it) is not encoded again: it"
          + " is dead-lettered and its rung FAILED, one delivery before the broker would archive it silently (the"
          + " group's `share.delivery.count.limit`, 5)");
  public static final Setting<Duration> CHUNK_PREROLL = Setting.duration("vw.worker.chunk-preroll", "0s", "30s",
      "a chunk's encode starts this long before the chunk (from the rung's keyframe at or before that time) and throws"
          + " those frames away, so the one-pass rate control has settled by the chunk's first GOP: with 2s (one GOP)"
          + " the GOP after a join measured as good as the whole rung's encode's instead of up to 0.65 dB below it"
          + " (16 s chunks; 2-3.5 dB at some joins of cartoon footage), but the rate control spends in the chunk"
          + " what its cold start saved in the pre-roll, so the chunked rung came out 1-3.6 % larger than without it;"
          + " plus one GOP encoded per chunk. 0s (the default) starts on the chunk");
  public static final Setting<String> ENCODER = Setting.choice("vw.worker.encoder", "auto",
      List.of("auto", "nvenc", "x264"),
      "`auto`: NVENC (`h264_nvenc`, `hevc_nvenc`) when FFmpeg has it and a CUDA device answers a trial encode at"
          + " start-up, the CPU encoders (x264, x265 for HEVC rungs) otherwise; `nvenc`; `x264` (CPU only). With NVENC,"
          + " a rung whose GPU encode fails is retried on the CPU encoder of its codec and the result names the"
          + " encoder that ran");
  public static final Setting<String> NVENC_PRESET = Setting.choice("vw.worker.nvenc-preset", "p5",
      List.of("p1", "p2", "p3", "p4", "p5", "p6", "p7"), "NVENC preset, p1 (fastest) to p7 (best)");
  public static final Setting<String> X264_PRESET = Setting.choice("vw.worker.x264-preset", "fast", X264_PRESETS,
      "x264 speed preset: ultrafast … veryslow (also used for x265)");
  public static final Setting<Integer> THREADS = Setting.integer("vw.worker.threads", 0, 0, 256,
      "encoder threads per encode; 0 lets x264 size them to the cores");
  public static final Setting<Boolean> MEASURE_QUALITY = Setting.bool("vw.worker.measure-quality", false,
      "score each video rung against its source: PSNR and SSIM (and VMAF when the FFmpeg build has libvmaf), carried"
          + " on the rung result and the published event. Off by default: it decodes the source once more per rung"
          + " (2.1x the pipeline time of an 8 s 1080p clip on 2 cores)");
  public static final Setting<Integer> RUNGS_PER_ENCODE = Setting.integer("vw.worker.rungs-per-encode", 8, 1, 32,
      "rung tasks of the same source a worker takes in one poll and encodes with one FFmpeg run, which reads and"
          + " decodes the source once for all of them (audio included); 1 runs one FFmpeg per rung. Tasks are keyed"
          + " per rung, so in a cluster an asset's rungs still spread over the workers that own their partitions");
  public static final Setting<Boolean> FIRST_RUNG_FIRST = Setting.bool("vw.worker.first-rung-first", true,
      "of the rungs encoded together, the lowest video rung and the audio run first on their own, so the asset's first"
          + " version (HLS and DASH) comes early, for one more decode of the source. false encodes every rung in one"
          + " FFmpeg run: the live version (`vw.publish.live`) still comes early, the first version only with the whole"
          + " ladder; it pays where decoding is heavy (the grainy 20 s 1080p clip of `bench/first-playable.sh`: 88 s"
          + " against 123-127 s) and not on the clips of `bench/run-vs-ffmpeg.sh` (docs/benchmarks.md)");
  public static final Setting<Boolean> OVERLAP_ENCODES = Setting.bool("vw.worker.overlap-encodes", true,
      "with `vw.worker.first-rung-first`, a source's other rungs start at the same time as its first rung and audio,"
          + " their FFmpeg ten steps lower in CPU priority (`nice -n 10`): they take the cores the first rung's encode"
          + " leaves idle, and it keeps nearly its own pace: the grainy clip's whole ladder 13 % sooner, its first version"
          + " 9 % later (docs/benchmarks.md). false starts them when the first rung is done: with `vw.publish.live` off,"
          + " the choice for the earliest first version");
  public static final Setting<Boolean> LIVE_SEGMENTS = Setting.bool("vw.worker.live-segments", true,
      "store each segment of a whole-rung encode as soon as FFmpeg has written it, and report the rung's segments so"
          + " far (an ENCODING result on `media.rendition.done`), so the topology can publish the asset live while it"
          + " encodes (`vw.publish.live`); false stores a rung's segments only when its encode is done");
  public static final Setting<String> FFMPEG = Setting.string("vw.worker.ffmpeg", "ffmpeg",
      "the FFmpeg binary, for encodes and the per-title rate-quality probe").replacing("vw.topology.ffmpeg");
  public static final Setting<String> FFPROBE = Setting.string("vw.worker.ffprobe", "ffprobe",
      "the ffprobe binary").replacing("vw.topology.ffprobe");
  public static final Setting<Integer> PROBE_CONCURRENCY = Setting.integer("vw.worker.probe-concurrency", 2, 1, 64,
      "probe tasks (ffprobe; the per-title probe encodes) run side by side in one process, each with its own"
          + " consumer, beside the encodes: a burst of uploads is planned while long encodes run");
  public static final Setting<Duration> PROBE_TIMEOUT = Setting.duration("vw.worker.probe-timeout", "30s",
      "how long probing a source may take").replacing("vw.topology.probe-timeout");
  public static final Setting<Duration> PER_TITLE_TIMEOUT = Setting.duration("vw.worker.per-title-timeout", "120s",
      "how long the rate-quality probe of a per-title template may take (two x264 encodes of a window of the source"
          + " per rung, in one FFmpeg run); past it the asset gets the template's bitrates")
      .replacing("vw.topology.per-title-timeout");
  public static final Setting<Path> WORK_DIR = Setting.path("vw.worker.work-dir",
      "scratch folder; each encode's folder is removed when it ends")
      .computedDefault(() -> Path.of(System.getProperty("java.io.tmpdir"), "vw-media-work"),
          "`<tmp>/vw-media-work` (`<data-dir>/work` embedded)");
  public static final Setting<Double> TIMEOUT_FACTOR = Setting.decimal("vw.worker.timeout-factor", 20, 1, 1000,
      "an encode may run this many times the source's duration before it is killed…");
  public static final Setting<Duration> MIN_TIMEOUT = Setting.duration("vw.worker.min-timeout", "5m",
      "…but never less than this");
  public static final Setting<String> ID = Setting.optionalString("vw.worker.id", "reported on each rung result")
      .computedDefault(() -> ManagementFactory.getRuntimeMXBean().getName(), "host and pid");
  public static final Setting<Duration> SESSION_TIMEOUT = Setting.duration("vw.worker.session-timeout", "45s",
      "how long a worker that stopped answering (killed, frozen, cut off) keeps its tasks before the other workers"
          + " take them over; at least the broker's `group.min.session.timeout.ms` (6 s by default). A long encode"
          + " does not count: the worker keeps answering while FFmpeg runs");
  public static final Setting<Duration> FETCH_MAX_WAIT = Setting.duration("vw.worker.fetch-max-wait", "500ms", "30s",
      "how long an idle worker's fetch waits at the broker for a task before it asks again (Kafka's"
          + " `fetch.max.wait.ms`). A stopping worker waits out the fetch in flight, so a shorter wait stops"
          + " it sooner and asks more often while idle; `run` uses 100ms unless it is set");

  public WorkerSettings() {
    super("worker", "Worker", List.of("run", "serve", "worker"),
        CONCURRENCY, CHUNK_CONCURRENCY, CHUNK_MAX_DELIVERIES, CHUNK_PREROLL, ENCODER, NVENC_PRESET, X264_PRESET, THREADS, MEASURE_QUALITY, RUNGS_PER_ENCODE, FIRST_RUNG_FIRST, OVERLAP_ENCODES, LIVE_SEGMENTS,
        FFMPEG, FFPROBE, PROBE_CONCURRENCY, PROBE_TIMEOUT, PER_TITLE_TIMEOUT, WORK_DIR, TIMEOUT_FACTOR, MIN_TIMEOUT, ID,
        SESSION_TIMEOUT, FETCH_MAX_WAIT);
  }
}
