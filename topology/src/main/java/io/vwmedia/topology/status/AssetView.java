package io.vwmedia.topology.status;

import java.util.List;

/**
 * One asset as the status API shows it (the JSON of {@code GET /api/assets/{id}} and of each item of the list):
 * what the topology's asset-progress store knows, in words an operator reads. Made by {@link AssetViews}.
 *
 * @param status PROBING or ENCODING while running, PLAYABLE once a version is published and more renditions are
 *     coming, then PUBLISHED, DEGRADED or FAILED
 * @param reason why an asset is DEGRADED or FAILED; null otherwise
 * @param rungsDone rungs with a terminal result (DONE, FAILED or SKIPPED), of {@code rungsPlanned}
 * @param manifests the published manifests; null before the asset is first playable
 */
public record AssetView(
    String assetId,
    String correlationId,
    String status,
    String reason,
    String templateId,
    String sourceUri,
    double sourceDurationSeconds,
    int rungsDone,
    int rungsPlanned,
    List<Rung> rungs,
    Manifests manifests,
    Timings timings) {

  /**
   * One rung of the ladder.
   *
   * @param status ENCODING until the worker reports, then DONE, FAILED or SKIPPED
   * @param averageBitrate measured, bit/s; 0 until DONE
   * @param peakBitrate the peak segment bit rate (RFC 8216 section 4.1), bit/s; 0 until DONE
   * @param sizeBytes the media segments' bytes, init segment not included; 0 until DONE
   */
  public record Rung(
      String name,
      String kind,
      String status,
      int width,
      int height,
      String encoder,
      long encodeDurationMs,
      int targetBitrateKbps,
      int maxBitrateKbps,
      long averageBitrate,
      long peakBitrate,
      long sizeBytes,
      int segmentCount,
      Quality quality,
      String error) {}

  /** PSNR (dB), SSIM (0 to 1) and, where FFmpeg has libvmaf, VMAF (0 to 100) against the source. */
  public record Quality(double psnr, double ssim, Double vmaf) {}

  /**
   * The stable manifests (always the latest version) and each version's own, never rewritten.
   *
   * @param version the latest version handed to packaging; 0 for the live version (HLS only: {@code dash} is null
   *     until version 1)
   */
  public record Manifests(int version, String hls, String dash, List<Version> versions) {}

  public record Version(int version, String hls, String dash) {}

  /** Milestones as ISO-8601 instants (UTC); null until reached. */
  public record Timings(String requestedAt, String plannedAt, String renditionsDoneAt) {}
}
