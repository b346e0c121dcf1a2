package io.vwmedia.ffmpeg.encode;

/**
 * An encode did not produce a rung, with FFmpeg's own words on why, and whether running it again could succeed:
 * a killed, hung or starved process or an unreachable source may; a source FFmpeg cannot decode or a rung it
 * cannot make will not.
 */
public final class EncodeFailedException extends Exception {

  private final boolean retryable;

  public EncodeFailedException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public EncodeFailedException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
