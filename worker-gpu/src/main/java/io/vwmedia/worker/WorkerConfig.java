package io.vwmedia.worker;

import static io.vwmedia.worker.WorkerSettings.*;

import io.vwmedia.config.Settings;
import io.vwmedia.ffmpeg.encode.EncoderSelection;
import io.vwmedia.ffmpeg.encode.NvencEncoder;
import io.vwmedia.ffmpeg.encode.X264Encoder;
import io.vwmedia.ffmpeg.encode.X265Encoder;
import io.vwmedia.ffmpeg.probe.SourceProber;
import io.vwmedia.ffmpeg.quality.RateQualityProbe;
import io.vwmedia.ffmpeg.source.SourcePolicy;
import io.vwmedia.topics.RetryPolicy;
import io.vwmedia.worker.probe.SourceProbing;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * How a worker runs, read once at start-up from {@code vw.worker.*} settings and validated.
 *
 * @param ffmpeg the FFmpeg binary ({@code vw.worker.ffmpeg}, default {@code ffmpeg} on the PATH)
 * @param ffprobe the ffprobe binary, for probe tasks ({@code vw.worker.ffprobe}, default {@code ffprobe} on the PATH)
 * @param probeConcurrency probe tasks run side by side in this process, each with its own consumer
 *     ({@code vw.worker.probe-concurrency}, default 2)
 * @param probeTimeout how long probing a source may take ({@code vw.worker.probe-timeout}, default 30s; past it the
 *     asset fails)
 * @param perTitleTimeout how long a per-title template's rate-quality probe may take: two encodes of a window of the
 *     source per rung ({@code vw.worker.per-title-timeout}, default 120s; past it the template's bitrates apply)
 * @param x264Preset x264 speed preset ({@code vw.worker.x264-preset}, default {@code fast})
 * @param threads encoder threads per encode, 0 lets the encoder size them to the cores ({@code vw.worker.threads})
 * @param concurrency encodes run side by side in this process, each with its own consumer
 *     ({@code vw.worker.concurrency}, default 1)
 * @param workDir where encodes write before upload ({@code vw.worker.work-dir})
 * @param timeoutFactor an encode may take this many times the source duration ({@code vw.worker.timeout-factor})
 * @param minTimeout but never less than this ({@code vw.worker.min-timeout}, default 5m)
 * @param workerId reported on each result ({@code vw.worker.id}, default host and pid)
 * @param encoder {@code auto} (NVENC when a CUDA device answers, else the CPU encoders), {@code nvenc} or
 *     {@code x264} (CPU only: x264, and x265 for HEVC rungs; the preset applies to both)
 *     ({@code vw.worker.encoder})
 * @param nvencPreset NVENC preset p1 (fastest) to p7 (best) ({@code vw.worker.nvenc-preset}, default p5)
 * @param measureQuality score each video rung against its source: PSNR, SSIM, VMAF where available
 *     ({@code vw.worker.measure-quality}, default false: it decodes the source once more per rung, which
 *     measured 2.1x the pipeline time of an 8-second 1080p clip on 2 cores)
 * @param rungsPerEncode at most this many rung tasks of one source taken together and encoded by one FFmpeg run
 *     that decodes the source once ({@code vw.worker.rungs-per-encode}, default 8; 1 encodes each rung on its own)
 * @param firstRungFirst of the rungs taken together, encode the lowest video rung and the audio first, on their
 *     own, so the first version (HLS and DASH) comes early, for one more decode ({@code vw.worker.first-rung-first},
 *     default true; false encodes every rung in one FFmpeg run, and live publishing still makes the asset playable
 *     early)
 * @param sources what a task's source may be ({@code vw.source.*}, see {@link SourcePolicy}): checked again here,
 *     whoever wrote the task
 * @param retries how a failed rung is tried again ({@code vw.retry.*}, see {@link RetryPolicy})
 * @param sessionTimeout how long a worker that stopped answering (killed, frozen, cut off) keeps its tasks before
 *     the others take them over ({@code vw.worker.session-timeout}, default 45s; at least the broker's
 *     {@code group.min.session.timeout.ms}, 6s by default). An encode in progress does not count: the worker keeps
 *     answering while FFmpeg runs.
 * @param chunkConcurrency chunk encodes run side by side in this process, each a member of the chunk tasks' share
 *     group ({@code vw.worker.chunk-concurrency}, default 1; 0 takes no chunks)
 * @param chunkMaxDeliveries the delivery of a chunk task at which it is dead-lettered instead of encoded
 *     ({@code vw.worker.chunk-max-deliveries}, default 4)
 * @param chunkPreroll how long before a chunk its encode starts, those frames thrown away, so the chunk's first GOP
 *     is coded by a settled rate control ({@code vw.worker.chunk-preroll}, default 0s: none; 2s is one GOP of the
 *     template's)
 * @param fetchMaxWait how long an idle worker's fetch waits at the broker for a task ({@code vw.worker.fetch-max-wait},
 *     Kafka's {@code fetch.max.wait.ms}, default 500ms, 100ms in {@code run}): a consumer's close waits out the fetch in
 *     flight, so it bounds how long a stopping worker takes
 * @param overlapEncodes with {@code firstRungFirst}, a source's other rungs start alongside its first, their FFmpeg
 *     at a lower CPU priority ({@code vw.worker.overlap-encodes}, default true)
 * @param liveSegments store a whole-rung encode's segments as FFmpeg finishes each and report them as ENCODING
 *     results, for live publishing ({@code vw.worker.live-segments}, default true)
 */
public record WorkerConfig(
    String ffmpeg,
    String ffprobe,
    int probeConcurrency,
    Duration probeTimeout,
    Duration perTitleTimeout,
    String x264Preset,
    int threads,
    int concurrency,
    Path workDir,
    double timeoutFactor,
    Duration minTimeout,
    String workerId,
    String encoder,
    String nvencPreset,
    boolean measureQuality,
    int rungsPerEncode,
    boolean firstRungFirst,
    boolean overlapEncodes,
    SourcePolicy sources,
    RetryPolicy retries,
    Duration sessionTimeout,
    int chunkConcurrency,
    int chunkMaxDeliveries,
    Duration chunkPreroll,
    Duration fetchMaxWait,
    boolean liveSegments) {

  public static WorkerConfig from(Settings s) {
    return new WorkerConfig(s.get(FFMPEG), s.get(FFPROBE), s.get(PROBE_CONCURRENCY), s.get(PROBE_TIMEOUT), s.get(PER_TITLE_TIMEOUT),
        s.get(X264_PRESET), s.get(THREADS), s.get(CONCURRENCY), s.get(WORK_DIR), s.get(TIMEOUT_FACTOR),
        s.get(MIN_TIMEOUT), s.get(ID), s.get(ENCODER), s.get(NVENC_PRESET), s.get(MEASURE_QUALITY),
        s.get(RUNGS_PER_ENCODE), s.get(FIRST_RUNG_FIRST), s.get(OVERLAP_ENCODES), SourcePolicy.from(s), RetryPolicy.from(s),
        s.get(SESSION_TIMEOUT), s.get(CHUNK_CONCURRENCY), s.get(CHUNK_MAX_DELIVERIES), s.get(CHUNK_PREROLL),
        s.get(FETCH_MAX_WAIT),
        s.get(LIVE_SEGMENTS));
  }

  /** This configuration with another source policy (e.g. one that can sign {@code s3:} sources). */
  public WorkerConfig withSources(SourcePolicy policy) {
    return new WorkerConfig(ffmpeg, ffprobe, probeConcurrency, probeTimeout, perTitleTimeout, x264Preset, threads,
        concurrency, workDir, timeoutFactor, minTimeout, workerId, encoder, nvencPreset, measureQuality, rungsPerEncode,
        firstRungFirst, overlapEncodes, policy, retries, sessionTimeout, chunkConcurrency, chunkMaxDeliveries,
        chunkPreroll, fetchMaxWait,
        liveSegments);
  }

  /** The video encoder this worker runs, decided by asking FFmpeg once. */
  public EncoderSelection selectEncoder() {
    return EncoderSelection.choose(encoder, EncoderSelection.ffmpegProbe(ffmpeg),
        List.of(new X264Encoder(x264Preset, threads), new X265Encoder(x264Preset)),
        List.of(new NvencEncoder("h264", nvencPreset), new NvencEncoder("hevc", nvencPreset)));
  }

  /** Whether FFmpeg answers at {@link #ffmpeg} with the CPU encoder every rung can fall back to. */
  public boolean ffmpegAnswers() {
    return EncoderSelection.ffmpegProbe(ffmpeg).listsEncoder("libx264");
  }

  /** What answers probe tasks on this worker: its source policy, ffprobe, and the per-title probe's FFmpeg. */
  public SourceProbing sourceProbing(Clock clock) {
    return new SourceProbing(sources, new SourceProber(ffprobe, probeTimeout, sources),
        new RateQualityProbe(ffmpeg, perTitleTimeout), workerId, clock);
  }

  /** How long one encode of a source of this duration may run before it is killed. */
  public Duration encodeTimeout(double sourceSeconds) {
    Duration scaled = Duration.ofMillis((long) (sourceSeconds * timeoutFactor * 1000));
    return scaled.compareTo(minTimeout) > 0 ? scaled : minTimeout;
  }
}
