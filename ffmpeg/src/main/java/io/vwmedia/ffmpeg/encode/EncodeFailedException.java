package io.vwmedia.ffmpeg.encode;

/**
 * An encode did not produce a rung, with FFmpeg's own words on why, and what kind of failure it was: a killed,
 * starved or hung process or an unreachable source may pass when run again; a source FFmpeg cannot decode or a rung
 * it cannot make will not.
 */
public final class EncodeFailedException extends Exception {

  /** What kind of failure, the classes operators count errors by. */
  public enum Kind {
    /** Killed from outside, an I/O, network or resource error: may pass when run again. */
    TRANSIENT(true),
    /** Ran past its deadline and was stopped: may pass on a less loaded worker. */
    TIMEOUT(true),
    /** The source itself: data FFmpeg cannot decode, a truncated file. */
    INVALID_SOURCE(false),
    /** FFmpeg could not make the rung from a readable source (encoder refused its settings, crashed). */
    ENCODER(false);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }
  }

  private final Kind kind;

  public EncodeFailedException(String message, Kind kind) {
    super(message);
    this.kind = kind;
  }

  public EncodeFailedException(String message, Kind kind, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public boolean retryable() {
    return kind.retryable;
  }
}
