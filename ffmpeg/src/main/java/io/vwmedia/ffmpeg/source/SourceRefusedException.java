package io.vwmedia.ffmpeg.source;

/** A source the {@link SourcePolicy} does not let FFmpeg open; the message says why, for the user who sent it. */
public final class SourceRefusedException extends Exception {

  public SourceRefusedException(String reason) {
    super(reason);
  }
}
