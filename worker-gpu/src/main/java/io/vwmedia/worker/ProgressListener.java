package io.vwmedia.worker;

/** Hears how far each rung's encode has got, from FFmpeg's {@code -progress} output. */
@FunctionalInterface
public interface ProgressListener {

  ProgressListener NONE = (assetId, rung, fraction) -> {};

  /**
   * @param fraction 0 to 1 of the source's duration encoded so far
   */
  void onProgress(String assetId, String rung, double fraction);
}
