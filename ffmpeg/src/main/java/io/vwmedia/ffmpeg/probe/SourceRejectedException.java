package io.vwmedia.ffmpeg.probe;

/** The source cannot become an asset (unreadable, no video, unsupported): a permanent failure with a user's reason. */
public final class SourceRejectedException extends Exception {
  public SourceRejectedException(String message) {
    super(message);
  }
}
