package io.vwmedia.worker;

import io.vwmedia.events.FailureClass;
import io.vwmedia.ffmpeg.encode.EncodeFailedException;

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

  /** A killed, starved or hung encode may pass when run again; a bad source or an encoder's refusal will not. */
  static boolean retryable(FailureClass failureClass) {
    return failureClass == FailureClass.RETRYABLE || failureClass == FailureClass.TIMEOUT;
  }
}
