package io.vwmedia.topology.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungSpec;
import io.vwmedia.topology.plan.ChunkGrid.Chunk;
import io.vwmedia.ffmpeg.encode.FrameGrid;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkGridTest {

  static RungSpec rung(double gop, double segment, double first) {
    return RungSpec.newBuilder().setName("720p").setKind(RungKind.VIDEO).setCodec("h264").setProfile("high")
        .setWidth(1280).setHeight(720).setFrameRate(25).setBitrateKbps(3000).setMaxBitrateKbps(4500).setBufferKbits(6000)
        .setGopSeconds(gop).setSegmentSeconds(segment).setFirstSegmentSeconds(first).build();
  }

  @Test
  void segmentsStartWhereTheWholeRungEncodeCutsThem() {
    // vw-media-hls-v3: a 1 s first segment, the muxer's second 1 s one, then 4 s segments
    assertThat(ChunkGrid.segmentStarts(rung(2, 4, 1), 14)).containsExactly(0.0, 1.0, 2.0, 5.0, 9.0, 13.0);
    assertThat(ChunkGrid.segmentStarts(rung(2, 4, 0), 10)).containsExactly(0.0, 4.0, 8.0);
    assertThat(ChunkGrid.segmentStarts(rung(2, 4, 1), 5)).containsExactly(0.0, 1.0, 2.0);
  }

  @Test
  void chunksAreWholeSegmentsNearTheTargetWithTheShortFirstSegmentsInChunkZero() {
    List<Chunk> chunks = ChunkGrid.chunks(rung(2, 4, 1), 61, 20);

    assertThat(chunks).extracting(Chunk::index, Chunk::firstSegment, Chunk::segmentCount, Chunk::startSeconds, Chunk::endSeconds)
        .containsExactly(
            tuple(0, 1, 7, 0.0, 21.0),   // 0, 1, 2, 5, 9, 13, 17
            tuple(1, 8, 5, 21.0, 41.0),
            tuple(2, 13, 5, 41.0, 61.0));
    assertThat(chunks).allSatisfy(c -> assertThat(c.count()).isEqualTo(3));
    // every segment in exactly one chunk, in order
    assertThat(chunks.stream().mapToInt(Chunk::segmentCount).sum()).isEqualTo(ChunkGrid.segmentStarts(rung(2, 4, 1), 61).size());
  }

  @Test
  void aShortTailJoinsTheChunkBeforeIt() {
    List<Chunk> chunks = ChunkGrid.chunks(rung(2, 4, 0), 44, 20);

    assertThat(chunks).extracting(Chunk::startSeconds, Chunk::endSeconds).containsExactly(tuple(0.0, 20.0), tuple(20.0, 44.0));
  }

  @Test
  void aSourceShorterThanTheTargetIsOneChunk() {
    assertThat(ChunkGrid.chunks(rung(2, 4, 1), 9, 60)).singleElement()
        .satisfies(c -> assertThat(c.segmentCount()).isEqualTo(4));
  }

  @Test
  void frameIndicesAreExactAt2997AndEveryFrameIsInOneChunk() {
    FrameGrid ntsc = FrameGrid.of(29.97002997);
    assertThat(ntsc).isEqualTo(new FrameGrid(30000, 1001));
    List<Chunk> chunks = ChunkGrid.chunks(rung(2, 4, 1), 600, 60);

    // chunk 1 starts on the segment boundary at 61 s; at 30000/1001 frame 1828 is at 60.9943 s, frame 1829 at 61.0277 s
    assertThat(chunks.get(1).startSeconds()).isEqualTo(61.0);
    assertThat(chunks.get(1).firstFrame(ntsc)).isEqualTo(1829);
    long total = chunks.stream().mapToLong(c -> c.frameCount(ntsc)).sum();
    assertThat(total).as("frames the fps filter makes of 600 s: 17982.018, rounded").isEqualTo(17982);
    for (int i = 1; i < chunks.size(); i++) {
      assertThat(chunks.get(i).firstFrame(ntsc)).isEqualTo(chunks.get(i - 1).firstFrame(ntsc) + chunks.get(i - 1).frameCount(ntsc));
    }
  }

  @Test
  void theLastChunkEndsOnTheFramesTheFpsFilterMakesNotOneMore() {
    FrameGrid film = FrameGrid.of(24);
    // 7921 frames at 24 fps last 330.0416666 s, which ffprobe prints as 330.041667: a hair past frame 7921's start
    List<Chunk> chunks = ChunkGrid.chunks(rung(2, 4, 1), 330.041667, 92);
    Chunk last = chunks.get(chunks.size() - 1);
    assertThat(last.firstFrame(film) + last.frameCount(film)).isEqualTo(7921);
    // FFmpeg's fps filter rounds the end to the nearest frame (25 fps to 24: 13 frames, 0.52 s, make 12; 38 make 36)
    assertThat(film.framesEndingAt(520_000)).isEqualTo(12);
    assertThat(film.framesEndingAt(1_520_000)).isEqualTo(36);
    assertThat(film.framesEndingAt(1_530_000)).as("36.72 frames").isEqualTo(37);
  }

  @Test
  void aFrameExactlyOnABoundaryStartsTheChunkAt25Fps() {
    FrameGrid pal = FrameGrid.of(25);
    List<Chunk> chunks = ChunkGrid.chunks(rung(2, 4, 0), 40, 20);

    assertThat(chunks.get(1).firstFrame(pal)).isEqualTo(500);
    assertThat(chunks.get(1).frameCount(pal)).isEqualTo(500);
  }
}
