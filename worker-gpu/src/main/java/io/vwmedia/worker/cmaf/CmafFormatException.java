package io.vwmedia.worker.cmaf;

/** An encoder's output is not the CMAF we expect: a permanent error for the rung that produced it. */
public final class CmafFormatException extends RuntimeException {
  public CmafFormatException(String message) {
    super(message);
  }
}
