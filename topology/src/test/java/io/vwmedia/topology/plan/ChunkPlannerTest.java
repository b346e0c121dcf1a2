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

  @Test
  void theBuiltInTemplateChunksSourcesOfTwoMinutesOrMoreIntoChunksOfAboutThirtyTwoSeconds() {
    ChunkPlanner planner = new ChunkPlanner();
    assertThat(HLS_V3.chunking()).isEqualTo(new LadderTemplate.Chunking(120, 32));

    assertThat(planner.chunks(HLS_V3, video(25), 119.9)).as("below the threshold: whole").isEmpty();
    List<ChunkSpec> chunks = planner.chunks(HLS_V3, video(25), 600);
    assertThat(chunks).hasSizeBetween(17, 19);
    assertThat(chunks.subList(1, chunks.size() - 1)).allSatisfy(c -> {
      assertThat(c.getSegmentCount()).isEqualTo(8);
      assertThat(c.getEndSeconds() - c.getStartSeconds()).isEqualTo(32.0);
    });
  }

  @Test
  void audioIsNeverChunked() {
    RungSpec audio = RungSpec.newBuilder(video(25)).setKind(RungKind.AUDIO).setName("audio").build();
    assertThat(new ChunkPlanner().chunks(HLS_V3, audio, 3600)).isEmpty();
  }

  @Test
  void theSettingsOverrideTheTemplatesThresholdAndLength() {
    ChunkPlanner forced = new ChunkPlanner(new ChunkingSettings.Config(Optional.of(10.0), Optional.of(8.0), 0, Duration.ofSeconds(10)));
    List<ChunkSpec> chunks = forced.chunks(HLS_V3, video(25), 30);
    assertThat(chunks).extracting(ChunkSpec::getStartSeconds).containsExactly(0.0, 9.0, 17.0, 25.0);
    LadderTemplate unchunked = new LadderTemplate("plain", 1, "no chunking", 2, 4, 60, HLS_V3.video(), HLS_V3.audio());
    assertThat(forced.chunks(unchunked, video(25), 30)).as("the settings alone turn it on").hasSize(4);
    assertThat(new ChunkPlanner().chunks(unchunked, video(25), 3600)).as("no chunking declared, none set").isEmpty();
  }

  @Test
  void framesAreCountedExactlyInTheRungsGridAtNtscRates() {
    ChunkPlanner planner = new ChunkPlanner(new ChunkingSettings.Config(Optional.of(10.0), Optional.of(8.0), 0, Duration.ofSeconds(10)));
    List<ChunkSpec> chunks = planner.chunks(HLS_V3, video(29.97), 60);

    // 9 s at 30000/1001 fps: frame 270 is at 9.009 s, frame 269 at 8.975 s; the chunk starts on the first at or after 9 s
    assertThat(chunks.get(1).getFirstFrame()).isEqualTo(270);
    assertThat(chunks.stream().mapToLong(ChunkSpec::getFrameCount).sum()).isEqualTo(1799); // ceil(60 x 30000/1001)
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
