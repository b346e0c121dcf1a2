package io.vwmedia.topology.progress;

import io.vwmedia.events.AssetProgress;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.Rendition;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungSpec;
import io.vwmedia.events.RungStatus;
import io.vwmedia.storage.AssetLayout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The rules that turn rung results into an asset's outcome: which status, which reason, which renditions. One
 * place, so the aggregator, the packager and the publisher cannot disagree.
 */
public final class AssetOutcomes {

  private static final String NO_VIDEO = "no video rung could be produced";

  private AssetOutcomes() {}

  /**
   * Whether the renditions done so far make a playable asset: a video rung is DONE, and the audio, if the plan has
   * it, has its result (a version without the audio would stay without it for a player that started on it).
   */
  public static boolean playable(AssetProgress progress) {
    boolean video = progress.getResults().values().stream()
        .anyMatch(r -> r.getStatus() == RungStatus.DONE && r.getRung().getKind() == RungKind.VIDEO);
    boolean audioSettled = progress.getPlanned().stream()
        .filter(r -> r.getKind() == RungKind.AUDIO)
        .allMatch(r -> progress.getResults().containsKey(r.getName()));
    return video && audioSettled;
  }

  /**
   * Whether the asset can be published live (manifest version 0, growing HLS playlists): some video rung reports its
   * segments as it encodes, and so does the audio, if the plan has it and it has not ended without a rendition.
   */
  public static boolean playableLive(AssetProgress progress) {
    boolean video = progress.getLive().entrySet().stream()
        .anyMatch(e -> e.getValue().getRung().getKind() == RungKind.VIDEO && !progress.getResults().containsKey(e.getKey()));
    boolean audioLive = progress.getPlanned().stream()
        .filter(r -> r.getKind() == RungKind.AUDIO)
        .allMatch(r -> progress.getLive().containsKey(r.getName())
            || progress.getResults().containsKey(r.getName()) && progress.getResults().get(r.getName()).getStatus() != RungStatus.DONE);
    return video && audioLive;
  }

  /** Whether every planned rung has a terminal result. */
  public static boolean allRungsTerminal(AssetProgress progress) {
    return progress.getPlanned().stream().allMatch(r -> progress.getResults().containsKey(r.getName()));
  }

  /**
   * PUBLISHED when every planned rung is DONE or SKIPPED; DEGRADED when some video rung is DONE but another
   * rung FAILED; FAILED when no video rung is DONE.
   */
  public static AssetStatus decide(AssetProgress progress) {
    boolean anyVideo = false;
    boolean anyFailed = false;
    for (RenditionResult r : progress.getResults().values()) {
      if (r.getStatus() == RungStatus.DONE && r.getRung().getKind() == RungKind.VIDEO) anyVideo = true;
      if (r.getStatus() == RungStatus.FAILED) anyFailed = true;
    }
    if (!anyVideo) return AssetStatus.FAILED;
    return anyFailed ? AssetStatus.DEGRADED : AssetStatus.PUBLISHED;
  }

  /**
   * Why an asset is DEGRADED or FAILED, in words a user reads: one clause per failed rendition ({@code 720p failed:
   * FFmpeg exited with code 1: ...}) in the renditions' order, and for FAILED, inside {@code no video rung could be
   * produced (...)}. The one place a reason is made from rung errors; null for any other status.
   */
  public static String reason(AssetStatus status, List<Rendition> renditions) {
    if (status != AssetStatus.DEGRADED && status != AssetStatus.FAILED) {
      return null;
    }
    List<String> failures = renditions.stream()
        .filter(r -> r.getStatus() == RungStatus.FAILED)
        .map(r -> r.getName() + " failed: " + Objects.requireNonNullElse(r.getError(), "no reason given"))
        .toList();
    String joined = String.join("; ", failures);
    if (status == AssetStatus.DEGRADED) {
      return failures.isEmpty() ? "some renditions failed" : joined;
    }
    return failures.isEmpty() ? NO_VIDEO : NO_VIDEO + " (" + joined + ")";
  }

  /** Every planned rung as a {@link Rendition}: video from lowest to highest, then audio. */
  public static List<Rendition> renditions(AssetProgress progress, String assetId) {
    List<Rendition> out = new ArrayList<>();
    List<RungSpec> planned = new ArrayList<>(progress.getPlanned());
    planned.sort(Comparator.comparing((RungSpec r) -> r.getKind() == RungKind.AUDIO).thenComparingInt(RungSpec::getHeight));
    for (RungSpec spec : planned) {
      RenditionResult r = progress.getResults().get(spec.getName());
      RungStatus status = r != null ? r.getStatus() : progress.getOutcome() == null ? RungStatus.ENCODING : RungStatus.FAILED;
      boolean done = status == RungStatus.DONE;
      boolean video = spec.getKind() == RungKind.VIDEO;
      out.add(Rendition.newBuilder()
          .setName(spec.getName())
          .setKind(spec.getKind())
          .setStatus(status)
          .setWidth(done && video ? r.getWidth() : 0)
          .setHeight(done && video ? r.getHeight() : 0)
          .setFrameRate(done && video ? r.getFrameRate() : 0)
          .setTargetBitrateKbps(spec.getBitrateKbps())
          .setMaxBitrateKbps(spec.getMaxBitrateKbps())
          .setBufferKbits(spec.getBufferKbits())
          .setBandwidth(done ? r.getPeakBitrate() : 0)
          .setAverageBandwidth(done ? r.getAverageBitrate() : 0)
          .setCodecs(done ? r.getCodecs() : null)
          .setPlaylist(done ? AssetLayout.mediaPlaylist(assetId, spec.getName()) : null)
          // a result of a worker from before the timeline file counts its segments in its own list
          .setSegmentCount(done ? Math.max(r.getSegmentCount(), r.getSegments().size()) : 0)
          .setFfmpegEncoder(r == null ? null : r.getFfmpegEncoder())
          .setQuality(done ? r.getQuality() : null)
          .setEncodeDurationMs(r == null ? 0 : r.getEncodeDurationMs())
          .setError(r == null ? "no result" : r.getError())
          .build());
    }
    return out;
  }
}
