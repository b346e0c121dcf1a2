package io.vwmedia.simulation.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkRuleTest {

  private final ChunkRule rule = new ChunkRule(true, 120, 30, 1, 4);

  @Test
  void aShortSourceIsOneTask() {
    assertThat(rule.spans(120)).containsExactly(new Span(0, 0, 120));
    assertThat(ChunkRule.off().spans(7200)).containsExactly(new Span(0, 0, 7200));
  }

  @Test
  void segmentsStartOnTheWholeEncodesGrid() {
    assertThat(rule.segmentStarts(20)).containsExactly(0.0, 1.0, 2.0, 5.0, 9.0, 13.0, 17.0);
  }

  @Test
  void aLongSourceIsCutIntoContiguousChunksOfWholeSegmentsOfAtLeastTheTarget() {
    List<Span> spans = rule.spans(7200);
    assertThat(spans.get(0).start()).isZero();
    double end = 0;
    for (Span s : spans) {
      assertThat(s.start()).isEqualTo(end);
      end = s.start() + s.seconds();
      // every chunk ends on the segment grid (1 s, then every 4 s) or at the source's end
      assertThat(end == 7200 || (end - 1) % 4 == 0).as("chunk %s ends on a segment boundary", s).isTrue();
      assertThat(s.seconds()).isBetween(30.0, s.index() == spans.size() - 1 ? 45.0 : 33.0);
    }
    assertThat(end).isEqualTo(7200);
    assertThat(spans).hasSize(225); // 0-33 s, then 32 s chunks (8 segments)
  }

  @Test
  void aShortLastPieceJoinsTheChunkBeforeIt() {
    List<Span> spans = rule.spans(125);
    assertThat(spans).extracting(Span::seconds).allMatch(s -> s >= 15);
    assertThat(spans.stream().mapToDouble(Span::seconds).sum()).isEqualTo(125);
  }

  @Test
  void anAssetToppingOutBelow1080pGetsLongerChunksAsTheProductsPlannerDoes() {
    assertThat(rule.spans(7200, 2160, 1080)).isEqualTo(rule.spans(7200));
    assertThat(rule.spans(7200, 1080, 1080)).isEqualTo(rule.spans(7200));
    // 720p: 2.25 times fewer pixels, chunks of at least 67.5 s (68 s on the 4 s grid after the first 1 s)
    assertThat(rule.spans(7200, 720, 1080).get(1).seconds()).isEqualTo(68.0);
    // 360p: 9 times fewer, 270 s chunks; a 200 s source is not cut
    assertThat(rule.spans(200, 360, 1080)).containsExactly(new Span(0, 0, 200));
    // a template without targetChunkAt: the target as it is
    assertThat(rule.spans(7200, 720, 0)).isEqualTo(rule.spans(7200));
  }
}
