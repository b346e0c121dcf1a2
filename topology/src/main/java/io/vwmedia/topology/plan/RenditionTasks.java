package io.vwmedia.topology.plan;

import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungSpec;
import io.vwmedia.ffmpeg.probe.SourceInfo;
import io.vwmedia.storage.AssetLayout;
import java.time.Instant;

/** Makes the task a worker receives for one planned rung: what to encode, from where, to where, and the source's traits. */
public final class RenditionTasks {

  private RenditionTasks() {}

  public static RenditionTask forRung(
      String assetId, String correlationId, String sourceUri, SourceInfo source, RungSpec rung, Instant issuedAt) {
    return RenditionTask.newBuilder()
        .setAssetId(assetId)
        .setCorrelationId(correlationId)
        .setSourceUri(sourceUri)
        .setSourceDurationSeconds(source.durationSeconds())
        .setRung(rung)
        .setSourceInterlaced(source.interlaced())
        .setSourceTransfer(source.colorTransfer())
        .setSourceColorMatrix(source.colorMatrix())
        .setSourceFullRange(source.fullRange())
        .setOutputPrefix(AssetLayout.rungPrefix(assetId, rung.getName()))
        .setIssuedAt(issuedAt)
        .build();
  }
}
