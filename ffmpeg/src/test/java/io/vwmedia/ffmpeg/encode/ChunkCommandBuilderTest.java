package io.vwmedia.ffmpeg.encode;

import static io.vwmedia.ffmpeg.encode.FfmpegCommandBuilderTest.after;
import static io.vwmedia.ffmpeg.encode.FfmpegCommandBuilderTest.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vwmedia.events.ChunkSpec;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkCommandBuilderTest {

  final Encoder x264 = new X264Encoder("fast", 0);

  /** 29.97 fps, 1 s first segment, 4 s segments: the chunk from 9 s starts on frame 270 (9.009 s). */
  static RenditionTask chunkTask(double start, long firstFrame, long frames) {
    RenditionTask whole = FfmpegCommandBuilderTest.task(false, null, 30000.0 / 1001);
    return RenditionTask.newBuilder(whole)
        .setRung(RungSpec.newBuilder(whole.getRung()).setFirstSegmentSeconds(1).build())
        .setChunk(ChunkSpec.newBuilder().setIndex(1).setCount(2).setFirstSegment(5).setSegmentCount(2)
            .setFirstFrame(firstFrame).setFrameCount(frames).setStartSeconds(start).setEndSeconds(14).build())
        .build();
  }

  @Test
  void encodesTheChunksFramesWithTheWholeRungsEncoderArgumentsAndKeyframes() {
    RenditionTask task = chunkTask(9, 270, 150);
    List<String> whole = new FfmpegCommandBuilder("ffmpeg").build(input("file:/s.mp4"), task, x264, Path.of("/out"));
    List<String> chunk = new ChunkCommandBuilder("ffmpeg").build(input("file:/s.mp4"), task, ChunkWindow.of(task), x264,
        Path.of("/out"));

    assertThat(after(chunk, "-vf")).isEqualTo(after(whole, "-vf") + ",trim=start_pts=270:end_pts=420");
    for (String option : List.of("-c:v", "-preset", "-profile:v", "-b:v", "-maxrate", "-bufsize", "-g", "-keyint_min",
        "-sc_threshold", "-flags", "-r", "-colorspace")) {
      assertThat(after(chunk, option)).as(option).isEqualTo(after(whole, option));
    }
    assertThat(after(chunk, "-force_key_frames"))
        .as("n_forced counts on from the 6 keyframes before 9 s; t counts from frame 270, at 9.009 s")
        .isEqualTo(after(whole, "-force_key_frames").replace("n_forced", "(n_forced+6)")
            .replace("gte(t,", "gte(t+9.009001,"));
    assertThat(after(chunk, "-fps_mode")).as("cfr would fill the frames before 270").isEqualTo("passthrough");
  }

  @Test
  void withoutALocatedKeyframeDecodesFromAMarginBeforeTheChunkAndHandsTheMuxerTimestampsFromZero() {
    RenditionTask task = chunkTask(9, 270, 150);
    List<String> cmd = new ChunkCommandBuilder("ffmpeg").build(input("file:/s.mp4"), task, ChunkWindow.of(task), x264,
        Path.of("/out"));

    assertThat(cmd.subList(0, cmd.indexOf("-i"))).containsSequence("-copyts", "-start_at_zero")
        .containsSequence("-noaccurate_seek", "-ss", "6.009000");
    assertThat(after(cmd, "-output_ts_offset")).isEqualTo("-9.009000");
    assertThat(after(cmd, "-hls_time")).as("a fragment at every keyframe, joined by the worker").isEqualTo("0");
    assertThat(after(cmd, "-hls_segment_filename")).isEqualTo("/out/frag_%05d.m4s");
    assertThat(cmd).doesNotContain("-hls_init_time");
  }

  @Test
  void decodesFromTheKeyframeItsWindowWasSoughtTo() {
    RenditionTask task = chunkTask(9, 270, 150);
    ChunkWindow window = ChunkWindow.of(task).seekingTo(8_975_633);

    List<String> cmd = new ChunkCommandBuilder("ffmpeg").build(input("file:/s.mp4"), task, window, x264, Path.of("/out"));

    assertThat(cmd.subList(0, cmd.indexOf("-i"))).containsSequence("-noaccurate_seek", "-ss", "8.975633");
    assertThat(after(cmd, "-vf")).endsWith(",trim=start_pts=270:end_pts=420");
    assertThat(after(cmd, "-output_ts_offset")).as("the timeline is the chunk's, wherever decoding starts")
        .isEqualTo("-9.009000");
  }

  @Test
  void aWindowCannotSeekPastItsFirstFrame() {
    ChunkWindow window = ChunkWindow.of(chunkTask(9, 270, 150));

    assertThatThrownBy(() -> window.seekingTo(9_010_000)).isInstanceOf(IllegalArgumentException.class);
    assertThat(window.keyframeDeadlineMicros()).as("two frames before frame 270").isEqualTo(8_942_267);
  }

  @Test
  void aPreRolledChunkIsEncodedFromTheRungsKeyframeBeforeItWithTheWholeRungsKeyframes() {
    RenditionTask task = chunkTask(9, 270, 150);
    List<String> whole = new FfmpegCommandBuilder("ffmpeg").build(input("file:/s.mp4"), task, x264, Path.of("/out"));
    // 60 frames before frame 270: from frame 210 (7.007 s), the first after the rung's keyframe at 7 s
    ChunkWindow window = ChunkWindow.of(task).withPreroll(60);

    List<String> cmd = new ChunkCommandBuilder("ffmpeg").build(input("file:/s.mp4"), task, window, x264, Path.of("/out"));

    assertThat(window.encodeFirst()).isEqualTo(210);
    assertThat(after(cmd, "-vf")).isEqualTo(after(whole, "-vf") + ",trim=start_pts=210:end_pts=420");
    assertThat(after(cmd, "-output_ts_offset")).as("the muxer's timeline starts on the pre-roll").isEqualTo("-7.007000");
    assertThat(after(cmd, "-force_key_frames"))
        .as("n_forced counts on from the 5 keyframes before 7 s; t counts from frame 210")
        .isEqualTo(after(whole, "-force_key_frames").replace("n_forced", "(n_forced+5)")
            .replace("gte(t,", "gte(t+7.007001,"));
    assertThat(cmd.subList(0, cmd.indexOf("-i"))).as("a margin before the pre-roll until a keyframe is located")
        .containsSequence("-noaccurate_seek", "-ss", "4.007000");
    assertThat(window.keyframeDeadlineMicros()).as("two frames before frame 210").isEqualTo(6_940_267);
    assertThat(window.trim()).as("what the quality meter compares: the chunk's own frames")
        .isEqualTo("trim=start_pts=270:end_pts=420");
    assertThat(window.seconds()).isEqualTo(150 * 1001 / 30000.0);
    assertThat(window.encodedSeconds()).isEqualTo(210 * 1001 / 30000.0);
    assertThatThrownBy(() -> window.seekingTo(7_010_000)).as("past the pre-roll's first frame")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChunkWindow.of(task).withPreroll(271)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theFirstChunkNeedsNoSeekNorOffset() {
    RenditionTask task = chunkTask(0, 0, 150);
    List<String> cmd = new ChunkCommandBuilder("ffmpeg").build(input("file:/s.mp4"), task, ChunkWindow.of(task), x264,
        Path.of("/out"));

    assertThat(cmd).doesNotContain("-ss", "-noaccurate_seek", "-output_ts_offset");
    assertThat(after(cmd, "-force_key_frames")).contains("eq(n_forced,0)");
  }

  @Test
  void refusesToChunkAnAudioRung() {
    RenditionTask task = chunkTask(9, 270, 150);
    RenditionTask audio = RenditionTask.newBuilder(task)
        .setRung(RungSpec.newBuilder(task.getRung()).setName("audio").setKind(RungKind.AUDIO).build()).build();

    assertThatThrownBy(() -> new ChunkCommandBuilder("ffmpeg").build(input("file:/s.mp4"), audio,
        ChunkWindow.of(audio), x264, Path.of("/out")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only video rungs");
  }
}
