package io.vwmedia.launcher.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.Rendition;
import io.vwmedia.events.RungKind;

/**
 * The one-line JSON form of a published event that {@code vw-media run --json} prints: a contract scripts rely
 * on, so fields are only ever added, never renamed.
 */
final class JsonReport {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonReport() {}

  static String line(AssetPublished event) {
    return line(event, null, null);
  }

  /**
   * @param firstPlayable the asset's first PLAYABLE event (the live version, or a version of progressive publishing),
   *     if one came before this
   * @param firstVersion the asset's first PLAYABLE event of a version (1 or later: HLS and DASH), if one came before
   */
  static String line(AssetPublished event, AssetPublished firstPlayable, AssetPublished firstVersion) {
    ObjectNode o = JSON.createObjectNode();
    o.put("assetId", event.getAssetId());
    o.put("status", event.getStatus().name());
    o.put("reason", event.getReason());
    o.put("hls", event.getHlsUrl());
    o.put("dash", event.getDashUrl());
    o.put("correlationId", event.getCorrelationId());
    ArrayNode renditions = o.putArray("renditions");
    for (Rendition r : event.getRenditions()) {
      ObjectNode n = renditions.addObject();
      n.put("name", r.getName());
      n.put("type", r.getKind() == RungKind.VIDEO ? "video" : "audio");
      if (r.getKind() == RungKind.VIDEO) {
        n.put("width", r.getWidth());
        n.put("height", r.getHeight());
        n.put("frameRate", r.getFrameRate());
      }
      n.put("targetBitrateKbps", r.getTargetBitrateKbps());
      n.put("maxBitrateKbps", r.getMaxBitrateKbps());
      n.put("bufferKbits", r.getBufferKbits());
      n.put("bandwidth", r.getBandwidth());
      n.put("averageBandwidth", r.getAverageBandwidth());
      n.put("codecs", r.getCodecs());
      n.put("status", r.getStatus().name());
      n.put("segments", r.getSegmentCount());
      n.put("encoder", r.getFfmpegEncoder());
      n.put("encodeMs", r.getEncodeDurationMs());
      if (r.getQuality() != null) {
        n.put("psnr", Math.round(r.getQuality().getPsnr() * 100) / 100.0);
        n.put("ssim", Math.round(r.getQuality().getSsim() * 10000) / 10000.0);
        if (r.getQuality().getVmaf() != null) {
          n.put("vmaf", Math.round(r.getQuality().getVmaf() * 100) / 100.0);
        }
      }
      if (r.getError() != null) {
        n.put("error", r.getError());
      }
    }
    var t = event.getTimings();
    o.put("requestedAt", t.getRequestedAt().toString());
    if (t.getPublishedAt() != null) {
      o.put("elapsedMs", t.getPublishedAt().toEpochMilli() - t.getRequestedAt().toEpochMilli());
    }
    o.put("manifestVersion", event.getManifestVersion());
    // upload to the first playable manifest: an earlier PLAYABLE event (the live version or a version), or this event
    // when it was the first; and to the first version (HLS and DASH), which the live version (HLS) may precede
    AssetPublished self = event.getManifestVersion() > 0 ? event : null;
    putElapsed(o, "firstPlayableMs", firstPlayable != null ? firstPlayable : self, t.getRequestedAt());
    putElapsed(o, "firstVersionMs", firstVersion != null ? firstVersion : self, t.getRequestedAt());
    return o.toString();
  }

  private static void putElapsed(ObjectNode o, String field, AssetPublished at, java.time.Instant since) {
    if (at != null && at.getTimings().getPublishedAt() != null) {
      o.put(field, at.getTimings().getPublishedAt().toEpochMilli() - since.toEpochMilli());
    }
  }
}
