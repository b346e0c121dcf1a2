package io.vwmedia.worker.ffmpeg;

/** An encode did not produce a rung, with FFmpeg's own words on why. */
public final class EncodeFailedException extends Exception {

  public EncodeFailedException(String message) {
    super(message);
  }

  public EncodeFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
