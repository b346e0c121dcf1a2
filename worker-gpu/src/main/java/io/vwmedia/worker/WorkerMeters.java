package io.vwmedia.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.vwmedia.events.FailureClass;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RungStatus;
import io.vwmedia.observability.metrics.LatencyTimers;
import io.vwmedia.topics.DeadLetters;
import java.time.Duration;
import java.util.Locale;

/**
 * The worker's meters, named as the story has them (docs/observability.md lists every one): how long each rung's
 * encode took, by encoder and outcome, as a histogram (Prometheus buckets, Datadog p50/p95); errors by class;
 * retries and dead letters; bytes produced per rung; GPU-to-CPU fallbacks.
 */
public final class WorkerMeters {

  public static final String TRANSCODE_DURATION = "media.transcode.duration";
  public static final String TRANSCODE_ERRORS = "media.transcode.errors";
  public static final String TRANSCODE_RETRIES = "media.transcode.retries";
  public static final String TRANSCODE_DEAD_LETTERS = "media.transcode.dead.letters";
  public static final String TRANSCODE_BYTES = "media.transcode.output";
  public static final String ENCODER_FALLBACKS = "media.transcode.encoder.fallbacks";

  private final MeterRegistry registry;

  public WorkerMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * One attempt's result. {@code outcome} is {@code done}, {@code skipped}, {@code retried} (failed, will run again)
   * or {@code failed} (failed for good).
   */
  void attempt(RenditionResult result, boolean retried) {
    String rung = result.getRung().getName();
    String outcome = switch (result.getStatus()) {
      case DONE -> "done";
      case SKIPPED -> "skipped";
      default -> retried ? "retried" : "failed";
    };
    if (result.getStatus() != RungStatus.SKIPPED) {
      LatencyTimers.histogram(TRANSCODE_DURATION,
              "Wall time of one rung's encode (one attempt), upload of its segments included",
              Duration.ofMillis(100), Duration.ofHours(6))
          .tag("rung", rung)
          .tag("codec", result.getRung().getCodec())
          .tag("encoder", encoderFamily(result.getFfmpegEncoder()))
          .tag("outcome", outcome)
          .register(registry)
          .record(Duration.ofMillis(result.getEncodeDurationMs()));
    }
    if (result.getStatus() == RungStatus.FAILED) {
      Counter.builder(TRANSCODE_ERRORS)
          .description("Failed rung encodes (each attempt), by class of failure")
          .tag("rung", rung)
          .tag("reason", reasonTag(result.getFailureClass(), result.getRetryable()))
          .register(registry)
          .increment();
    }
    if (result.getStatus() == RungStatus.DONE) {
      DistributionSummary.builder(TRANSCODE_BYTES)
          .description("Bytes of media segments one rung produced")
          .baseUnit("bytes")
          .tag("rung", rung)
          .tag("codec", result.getRung().getCodec())
          .register(registry)
          .record(result.getSegmentBytes());
    }
  }

  /** A failed attempt sent to a retry topic. */
  void retried(RenditionResult result, String retryTopic) {
    Counter.builder(TRANSCODE_RETRIES).description("Rung tasks sent to a retry topic")
        .tag("rung", result.getRung().getName()).tag("topic", retryTopic).register(registry).increment();
  }

  /** A task sent to the dead-letter topic: failed for good, or unreadable ({@code rung} unknown). */
  void deadLettered(String rung, DeadLetters.Stage stage) {
    Counter.builder(TRANSCODE_DEAD_LETTERS).description("Rung tasks sent to media.rendition.tasks-dlt")
        .tag("rung", rung).tag("stage", stage.name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .register(registry).increment();
  }

  /** A GPU encode failed and the rung was encoded again on the CPU. */
  void fallback(String fromEncoder, String toEncoder) {
    Counter.builder(ENCODER_FALLBACKS).description("GPU encodes that failed and ran again on the CPU")
        .tag("from", encoderFamily(fromEncoder)).tag("to", encoderFamily(toEncoder)).register(registry).increment();
  }

  /** {@code x264}, {@code x265}, {@code nvenc}, {@code aac}: the encoder family of an FFmpeg encoder name. */
  static String encoderFamily(String ffmpegEncoder) {
    if (ffmpegEncoder == null) return "none";
    if (ffmpegEncoder.endsWith("_nvenc")) return "nvenc";
    return ffmpegEncoder.startsWith("lib") ? ffmpegEncoder.substring(3) : ffmpegEncoder;
  }

  /** The {@code reason} tag: retryable, timeout, invalid-source, encoder. */
  static String reasonTag(FailureClass failureClass, boolean retryable) {
    if (failureClass == null) return retryable ? "retryable" : "encoder";
    return failureClass.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
