package io.vwmedia.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.config.Settings;
import io.vwmedia.events.ChunkSpec;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungStatus;
import io.vwmedia.ffmpeg.encode.X264Encoder;
import io.vwmedia.storage.LocalObjectStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long chunk of a 29.97 fps rung, with real FFmpeg: its keyframes must land on the frames the whole rung's encode
 * forces, not on the encoder's own GOP count from the chunk's first frame. At 30000/1001 the two part after about
 * 26 s: the rung's keyframe at 35 s is frame 1049 (the first at or after 35 s: 1048.95 frames), while 60-frame GOPs
 * counted from frame 270 (9.009 s) give frame 1050. FFmpeg's {@code t} in {@code -force_key_frames expr:} counts
 * from the first frame the encoder gets, so the chunk's expression has to be told where that frame lies on the
 * rung's timeline.
 */
class ChunkKeyframeGridTest {

  @TempDir Path dir;

  /** 1200 frames at 30000/1001 (40.04 s); the rung of ChunkTranscoderTest: GOP 2 s, segments 4 s, the first 1 s. */
  @Test
  void aChunkOfHalfAMinuteAt2997FpsForcesTheWholeRungsKeyframes() throws Exception {
    Path source = dir.resolve("ntsc-40s.mp4");
    ChunkTranscoderTest.run("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
        "testsrc2=size=320x180:rate=30000/1001", "-frames:v", "1200", "-c:v", "libx264", "-preset", "ultrafast",
        "-g", "30", source.toString());
    LocalObjectStore store = new LocalObjectStore(dir.resolve("store"));
    WorkerConfig config = WorkerConfig.from(Settings.of(Map.of(
        "vw.worker.measure-quality", "false",
        "vw.worker.work-dir", dir.resolve("work").toString(),
        "vw.source.file-roots", dir.toString())));
    RungTranscoder transcoder = new RungTranscoder(config, new X264Encoder("superfast", 0), store, Clock.systemUTC());
    // segments start at 0, 1, 2, 5, 9, 13, ... 37 s: chunk 0 holds segments 1 to 4, chunk 1 segments 5 to 12
    ChunkSpec first = ChunkSpec.newBuilder(ChunkTranscoderTest.chunk(0, 1, 4, 0, 270, 0, 9)).setCount(2).build();
    ChunkSpec second = ChunkSpec.newBuilder(ChunkTranscoderTest.chunk(1, 5, 8, 270, 930, 9, 40.04)).setCount(2).build();

    RenditionResult whole = transcoder.transcode(task(source, null), ProgressListener.NONE);
    List<RenditionResult> chunks = new ArrayList<>();
    for (ChunkSpec c : List.of(first, second)) {
      chunks.add(transcoder.transcode(task(source, c), ProgressListener.NONE));
    }

    assertThat(whole.getStatus()).as(whole.getError()).isEqualTo(RungStatus.DONE);
    assertThat(chunks).allSatisfy(r -> assertThat(r.getStatus()).as(r.getError()).isEqualTo(RungStatus.DONE));
    List<Integer> wholeKeyframes =
        keyframes(ChunkTranscoderTest.joined(store, dir.resolve("whole.mp4"), List.of(whole)));
    assertThat(wholeKeyframes).as("the rung's own grid").contains(270, 1049).doesNotContain(1050);
    assertThat(keyframes(ChunkTranscoderTest.joined(store, dir.resolve("chunks.mp4"), chunks)))
        .as("the same frames, past the point where 60-frame GOPs drift").isEqualTo(wholeKeyframes);
  }

  private static RenditionTask task(Path source, ChunkSpec chunk) {
    return RenditionTask.newBuilder()
        .setAssetId("a1").setCorrelationId("c1").setSourceUri(source.toUri().toString())
        .setSourceDurationSeconds(40.04).setRung(ChunkTranscoderTest.rung()).setOutputPrefix("assets/a1/180p/")
        .setChunk(chunk).setIssuedAt(Instant.now())
        .build();
  }

  /** Indices of the keyframes, in decode order (no B-frame reorders across a closed GOP's first frame). */
  private static List<Integer> keyframes(Path file) throws Exception {
    List<String> flags = ChunkTranscoderTest.run("ffprobe", "-v", "error", "-select_streams", "v:0",
        "-show_entries", "packet=flags", "-of", "csv=p=0", file.toString()).stdout().lines().toList();
    return IntStream.range(0, flags.size()).filter(i -> flags.get(i).startsWith("K")).boxed().toList();
  }
}
