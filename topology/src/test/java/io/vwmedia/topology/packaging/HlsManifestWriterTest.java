package io.vwmedia.topology.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungSpec;
import io.vwmedia.events.RungStatus;
import io.vwmedia.events.Segment;
import io.vwmedia.storage.SegmentTimeline;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HlsManifestWriterTest {

  final HlsManifestWriter hls = new HlsManifestWriter();

  static RungMedia video(String name, int width, int height, List<Segment> segments) {
    RungSpec rung = RungSpec.newBuilder().setName(name).setKind(RungKind.VIDEO).setCodec("h264").setProfile("high")
        .setLevel("3.1").setWidth(width).setHeight(height).setFrameRate(25).setBitrateKbps(3000)
        .setMaxBitrateKbps(4500).setBufferKbits(6000).setGopSeconds(2).setSegmentSeconds(4).build();
    RenditionResult result = RenditionResult.newBuilder().setAssetId("a").setCorrelationId("c").setRung(rung)
        .setStatus(RungStatus.DONE).setOutputPrefix("assets/a/" + name + "/").setInitSegment("init.mp4").setTimescale(12800)
        .setCodecs("avc1.64001f").setWidth(width).setHeight(height).setFrameRate(25).setAverageBitrate(2_900_000)
        .setPeakBitrate(3_400_000).setEncodeDurationMs(1).setWorker("w").setFinishedAt(Instant.EPOCH).build();
    return new RungMedia(result, new SegmentTimeline(12800, segments));
  }

  static final List<Segment> SEGMENTS = List.of(
      new Segment("seg_00001.m4s", 1024L, 51200L, 1_500_000L, 100_000L),
      new Segment("seg_00002.m4s", 52224L, 25600L, 700_000L, 80_000L));

  @Test
  void namesEachSegmentsKeyframeAsAByteRangeOfTheSameFile() {
    assertThat(hls.iframes(video("720p", 1280, 720, SEGMENTS))).isEqualTo("""
        #EXTM3U
        #EXT-X-VERSION:7
        #EXT-X-TARGETDURATION:4
        #EXT-X-MEDIA-SEQUENCE:0
        #EXT-X-PLAYLIST-TYPE:VOD
        #EXT-X-I-FRAMES-ONLY
        #EXT-X-INDEPENDENT-SEGMENTS
        #EXT-X-MAP:URI="init.mp4"
        #EXTINF:4.000000,
        #EXT-X-BYTERANGE:100000@0
        seg_00001.m4s
        #EXTINF:2.000000,
        #EXT-X-BYTERANGE:80000@0
        seg_00002.m4s
        #EXT-X-ENDLIST
        """);
  }

  @Test
  void listsAnIframeStreamPerVideoRenditionWithItsOwnBandwidth() {
    String master = hls.master(List.of(video("720p", 1280, 720, SEGMENTS)), null);

    // peak: 80000 bytes over 2 s = 320000 bit/s; average: 180000 bytes over 6 s = 240000 bit/s
    assertThat(master).contains("#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=320000,AVERAGE-BANDWIDTH=240000,"
        + "CODECS=\"avc1.64001f\",RESOLUTION=1280x720,URI=\"720p/iframes.m3u8\"");
  }

  @Test
  void leavesOutTheIframeStreamOfARenditionWhoseKeyframesAreUnknown() {
    RungMedia older = video("720p", 1280, 720, List.of(new Segment("seg_00001.m4s", 0L, 51200L, 1_500_000L, 0L)));

    assertThat(HlsManifestWriter.hasIframes(older)).isFalse();
    assertThat(hls.master(List.of(older), null)).doesNotContain("I-FRAME");
  }
}
