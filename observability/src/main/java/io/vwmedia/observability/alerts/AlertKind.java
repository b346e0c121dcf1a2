package io.vwmedia.observability.alerts;

/** What went wrong, one kind per EventBridge {@code detail-type}. */
public enum AlertKind {
  /** An asset ended FAILED: nothing playable was published. */
  ASSET_FAILED("vw-media Asset Failed", "critical"),
  /** An asset ended DEGRADED: playable, but a rung failed. */
  ASSET_DEGRADED("vw-media Asset Degraded", "warning"),
  /** A task could not be handled after its retries and went to a dead-letter topic. */
  RUNG_DEAD_LETTERED("vw-media Rung Dead-Lettered", "warning"),
  /** A worker meant to encode on a GPU (NVENC) fell back to the CPU (x264). */
  ENCODER_FALLBACK("vw-media Encoder Fallback", "warning");

  private final String detailType;
  private final String severity;

  AlertKind(String detailType, String severity) {
    this.detailType = detailType;
    this.severity = severity;
  }

  /** The EventBridge {@code detail-type} of this kind's events. */
  public String detailType() {
    return detailType;
  }

  /** {@code critical} or {@code warning}. */
  public String severity() {
    return severity;
  }
}
