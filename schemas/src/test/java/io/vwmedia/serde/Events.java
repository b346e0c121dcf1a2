package io.vwmedia.serde;

import io.vwmedia.events.AssetPackaged;
import io.vwmedia.events.AssetProgress;
import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.Rendition;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungSpec;
import io.vwmedia.events.RungStatus;
import io.vwmedia.events.TemplateOverrides;
import io.vwmedia.events.Timings;
import io.vwmedia.events.UploadRequested;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import java.util.List;
import java.util.Map;

/** One filled-in example of every event, for round trips. */
final class Events {

  static final Instant T0 = Instant.parse("2026-11-24T10:00:00.123Z");

  private Events() {}

  static UploadRequested upload() {
    return UploadRequested.newBuilder()
        .setAssetId("a1")
        .setSourceUri("file:///media/a1.mp4")
        .setOverrides(TemplateOverrides.newBuilder()
            .setDropRungs(List.of("2160p"))
            .setBitrateKbps(Map.of("720p", 2500))
            .build())
        .setCorrelationId("c1")
        .setRequestedAt(T0)
        .build();
  }

  /** An upload as a producer still on the first schema (no overrides field) writes it. */
  static GenericRecord uploadV1(Schema v1) {
    GenericRecord old = new GenericData.Record(v1);
    old.put("assetId", "old-1");
    old.put("sourceUri", "file:///old.mp4");
    old.put("templateId", "vw-media-hls-v3");
    old.put("correlationId", "c-old");
    old.put("requestedAt", T0.toEpochMilli());
    return old;
  }

  static RungSpec rung() {
    return RungSpec.newBuilder()
        .setName("720p").setKind(RungKind.VIDEO).setCodec("h264").setProfile("high").setLevel("3.1")
        .setWidth(1280).setHeight(720).setFrameRate(29.97).setBitrateKbps(3000).setMaxBitrateKbps(4500)
        .setBufferKbits(6000).setGopSeconds(2).setSegmentSeconds(4)
        .build();
  }

  static RenditionTask task() {
    return RenditionTask.newBuilder()
        .setAssetId("a1").setCorrelationId("c1").setSourceUri("file:///media/a1.mp4")
        .setSourceDurationSeconds(30.5).setRung(rung()).setOutputPrefix("assets/a1/720p/").setIssuedAt(T0)
        .build();
  }

  static RenditionResult result() {
    return RenditionResult.newBuilder()
        .setAssetId("a1").setCorrelationId("c1").setRung(rung()).setStatus(RungStatus.DONE)
        .setOutputPrefix("assets/a1/720p/").setInitSegment("init.mp4").setTimescale(15360)
        .setTimeline("assets/a1/720p/timeline.tsv").setSegmentCount(1).setDurationTicks(61440L).setSegmentBytes(1_500_000L)
        .setCodecs("avc1.64001f").setWidth(1280).setHeight(720).setFrameRate(29.97)
        .setAverageBitrate(2_900_000).setPeakBitrate(3_100_000).setEncodeDurationMs(4200)
        .setFfmpegEncoder("libx264").setWorker("w1").setFinishedAt(T0)
        .build();
  }

  static Rendition rendition() {
    return Rendition.newBuilder()
        .setName("720p").setKind(RungKind.VIDEO).setStatus(RungStatus.DONE).setWidth(1280).setHeight(720)
        .setFrameRate(29.97).setBandwidth(3_100_000).setAverageBandwidth(2_900_000).setCodecs("avc1.64001f")
        .setPlaylist("assets/a1/720p/playlist.m3u8").setSegmentCount(8).setFfmpegEncoder("libx264")
        .setEncodeDurationMs(4200)
        .build();
  }

  static Timings timings() {
    return Timings.newBuilder().setRequestedAt(T0).setPlannedAt(T0.plusSeconds(1)).setPublishedAt(T0.plusSeconds(9)).build();
  }

  static AssetPackaged packaged() {
    return AssetPackaged.newBuilder()
        .setAssetId("a1").setCorrelationId("c1").setDegraded(false)
        .setHlsMaster("assets/a1/master.m3u8").setDashManifest("assets/a1/manifest.mpd")
        .setRenditions(List.of(rendition())).setTimings(timings())
        .build();
  }

  static AssetPublished published() {
    return AssetPublished.newBuilder()
        .setAssetId("a1").setCorrelationId("c1").setStatus(AssetStatus.PUBLISHED)
        .setHlsUrl("https://cdn/assets/a1/master.m3u8").setDashUrl("https://cdn/assets/a1/manifest.mpd")
        .setRenditions(List.of(rendition())).setTimings(timings())
        .build();
  }

  static AssetProgress progress() {
    return AssetProgress.newBuilder()
        .setAssetId("a1").setCorrelationId("c1").setSourceDurationSeconds(30.5).setTimings(timings())
        .setPlanned(List.of(rung())).setResults(Map.of("720p", result())).setOutcome(AssetStatus.PUBLISHED)
        .build();
  }
}
