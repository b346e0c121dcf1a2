package io.vwmedia.topology.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vwmedia.events.ChunkSpec;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungSpec;
import io.vwmedia.topology.template.LadderTemplate;
import io.vwmedia.topology.template.TemplateCatalog;
import io.vwmedia.topology.template.TemplateException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChunkPlannerTest {

  static final LadderTemplate HLS_V3 = TemplateCatalog.builtIn().resolve("vw-media-hls-v3", null);

  static RungSpec video(double fps) {
    return RungSpec.newBuilder(ChunkGridTest.rung(2, 4, 1)).setFrameRate(fps).build();
  }

  static RungSpec video(int width, int height, double fps) {
    return RungSpec.newBuilder(video(fps)).setWidth(width).setHeight(height).build();
  }

  /** The rung's chunks when it is the asset's only video rung. */
  static List<ChunkSpec> chunks(ChunkPlanner planner, LadderTemplate template, RungSpec rung, double sourceSeconds) {
    return planner.chunks(template, rung, List.of(rung), sourceSeconds);
  }

  @Test
  void theBuiltInTemplateChunksSourcesOfTwoMinutesOrMoreIntoChunksOfAboutThirtyTwoSecondsAt1080p30() {
    ChunkPlanner planner = new ChunkPlanner();
    assertThat(HLS_V3.chunking())
        .isEqualTo(new LadderTemplate.Chunking(120, 32, new LadderTemplate.ChunkWork(1920, 1080, 30)));
    RungSpec top = video(1920, 1080, 30);

    assertThat(chunks(planner, HLS_V3, top, 119.9)).as("below the threshold: whole").isEmpty();
    List<ChunkSpec> chunks = chunks(planner, HLS_V3, top, 600);
    assertThat(chunks).hasSizeBetween(17, 19);
    assertThat(chunks.subList(1, chunks.size() - 1)).allSatisfy(c -> {
      assertThat(c.getSegmentCount()).isEqualTo(8);
      assertThat(c.getEndSeconds() - c.getStartSeconds()).isEqualTo(32.0);
    });
  }

  @Test
  void anAssetWhoseTopRungMakesFewerPixelsPerSecondGetsLongerChunksSoEachHoldsAboutTheSameWork() {
    ChunkPlanner planner = new ChunkPlanner();
    RungSpec low = video(640, 360, 30);
    RungSpec top720 = video(1280, 720, 30);

    // 720p30 is 2.25 times fewer pixels per second than 1080p30: chunks of about 72 s, the same in every rung
    List<ChunkSpec> lowChunks = planner.chunks(HLS_V3, low, List.of(low, top720), 600);
    assertThat(lowChunks.subList(1, lowChunks.size() - 1))
        .allSatisfy(c -> assertThat(c.getEndSeconds() - c.getStartSeconds()).isEqualTo(72.0));
    assertThat(planner.chunks(HLS_V3, top720, List.of(low, top720), 600)).isEqualTo(lowChunks);

    // a 768x432 source at 10 fps (19 times less work per second than 1080p30): its 139 s are one chunk's work, whole
    RungSpec small = video(768, 432, 10);
    assertThat(chunks(planner, HLS_V3, small, 139.4)).isEmpty();

    // a larger top rung keeps the target: 2160p chunks are still about 32 s
    RungSpec uhd = video(3840, 2160, 30);
    List<ChunkSpec> uhdChunks = planner.chunks(HLS_V3, low, List.of(low, uhd), 600);
    assertThat(uhdChunks.get(2).getEndSeconds() - uhdChunks.get(2).getStartSeconds()).isEqualTo(32.0);
  }

  @Test
  void theLengthSetAsASettingIsTakenAsItIsWhateverTheTopRung() {
    ChunkPlanner forced = new ChunkPlanner(new ChunkingSettings.Config(Optional.of(10.0), Optional.of(8.0), 0, Duration.ofSeconds(10)));
    assertThat(chunks(forced, HLS_V3, video(320, 180, 10), 30)).hasSize(4);
  }

  @Test
  void audioIsNeverChunked() {
    RungSpec audio = RungSpec.newBuilder(video(25)).setKind(RungKind.AUDIO).setName("audio").build();
    assertThat(new ChunkPlanner().chunks(HLS_V3, audio, List.of(audio, video(1920, 1080, 30)), 3600)).isEmpty();
  }

  @Test
  void theSettingsOverrideTheTemplatesThresholdAndLength() {
    ChunkPlanner forced = new ChunkPlanner(new ChunkingSettings.Config(Optional.of(10.0), Optional.of(8.0), 0, Duration.ofSeconds(10)));
    List<ChunkSpec> chunks = chunks(forced, HLS_V3, video(25), 30);
    assertThat(chunks).extracting(ChunkSpec::getStartSeconds).containsExactly(0.0, 9.0, 17.0, 25.0);
    LadderTemplate unchunked = new LadderTemplate("plain", 1, "no chunking", 2, 4, 60, HLS_V3.video(), HLS_V3.audio());
    assertThat(chunks(forced, unchunked, video(25), 30)).as("the settings alone turn it on").hasSize(4);
    assertThat(chunks(new ChunkPlanner(), unchunked, video(25), 3600)).as("no chunking declared, none set").isEmpty();
  }

  @Test
  void framesAreCountedExactlyInTheRungsGridAtNtscRates() {
    ChunkPlanner planner = new ChunkPlanner(new ChunkingSettings.Config(Optional.of(10.0), Optional.of(8.0), 0, Duration.ofSeconds(10)));
    List<ChunkSpec> chunks = chunks(planner, HLS_V3, video(29.97), 60);

    // 9 s at 30000/1001 fps: frame 270 is at 9.009 s, frame 269 at 8.975 s; the chunk starts on the first at or after 9 s
    assertThat(chunks.get(1).getFirstFrame()).isEqualTo(270);
    // what the fps filter makes of 60 s: 60 x 30000/1001 = 1798.2, rounded to the nearest frame (checked with FFmpeg)
    assertThat(chunks.stream().mapToLong(ChunkSpec::getFrameCount).sum()).isEqualTo(1798);
    for (int i = 1; i < chunks.size(); i++) {
      assertThat(chunks.get(i).getFirstFrame()).isEqualTo(chunks.get(i - 1).getFirstFrame() + chunks.get(i - 1).getFrameCount());
    }
  }

  @Test
  void aTemplateRefusesAChunkShorterThanASegmentOrLongerThanItsThreshold() {
    LadderTemplate shortChunks = new LadderTemplate("t", 1, "d", 2, 4, 60, HLS_V3.video(), HLS_V3.audio(), null, 1.0, null,
        null, new LadderTemplate.Chunking(120, 2));
    assertThatThrownBy(() -> TemplateCatalog.of(shortChunks)).isInstanceOf(TemplateException.class)
        .hasMessageContaining("chunking needs minSourceSeconds > 0 and targetChunkSeconds from segmentSeconds (4.0)");
    LadderTemplate longChunks = new LadderTemplate("t", 1, "d", 2, 4, 60, HLS_V3.video(), HLS_V3.audio(), null, 1.0, null,
        null, new LadderTemplate.Chunking(60, 90));
    assertThatThrownBy(() -> TemplateCatalog.of(longChunks)).isInstanceOf(TemplateException.class);
  }
}
