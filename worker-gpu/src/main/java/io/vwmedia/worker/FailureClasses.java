package io.vwmedia.worker;

import io.vwmedia.events.FailureClass;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungStatus;
import io.vwmedia.ffmpeg.encode.EncodeFailedException;
import java.time.Instant;

/** The one mapping from what failed in an encode to the class operators count it by, and whether it is retried. */
final class FailureClasses {

  private FailureClasses() {}

  static FailureClass of(EncodeFailedException e) {
    return switch (e.kind()) {
      case TRANSIENT -> FailureClass.RETRYABLE;
      case TIMEOUT -> FailureClass.TIMEOUT;
      case INVALID_SOURCE -> FailureClass.INVALID_SOURCE;
      case ENCODER -> FailureClass.ENCODER;
    };
  }

  /** The FAILED result of {@code task}, as {@code worker} reports it: retried or not as its class says. */
  static RenditionResult.Builder failedResult(RenditionTask task, String worker, String error, FailureClass failureClass,
      Instant finishedAt) {
    return RenditionResult.newBuilder()
        .setAssetId(task.getAssetId())
        .setCorrelationId(task.getCorrelationId())
        .setRung(task.getRung())
        .setStatus(RungStatus.FAILED)
        .setChunk(task.getChunk())
        .setWorker(worker)
        .setError(error == null ? "unknown error" : error)
        .setRetryable(retryable(failureClass))
        .setFailureClass(failureClass)
        .setFinishedAt(finishedAt);
  }

  /** A killed, starved or hung encode may pass when run again; a bad source or an encoder's refusal will not. */
  static boolean retryable(FailureClass failureClass) {
    return failureClass == FailureClass.RETRYABLE || failureClass == FailureClass.TIMEOUT;
  }
}
