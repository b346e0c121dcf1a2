package io.vwmedia.worker.cmaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vwmedia.ffmpeg.encode.SegmentGrid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Joining a whole rung's fragments, written by real FFmpeg, into the segments of a ramp (1, 1, 2, then 4 s). */
class RampSegmentsTest {

  /** 1 s first segment, 4 s segments, 2 s GOP. */
  static final SegmentGrid RAMP = new SegmentGrid(1_000_000, 4_000_000, 2_000_000);

  @TempDir Path dir;

  @Test
  void joinsTheFragmentsOfEachSegmentAndNumbersThemFromOne() throws Exception {
    Path fragments = encode("gte(t,if(eq(n_forced,0),0,if(eq(n_forced,1),1,if(eq(n_forced,2),2,4+(n_forced-3)*2))))");

    List<Path> segments = RampSegments.write(fragments, dir.resolve("joined"), RAMP);

    TrackInfo track = CmafInspector.readInit(dir.resolve("joined/init.mp4"));
    List<FragmentInfo> infos = segments.stream().map(s -> read(s, track)).toList();
    assertThat(infos).extracting(f -> (double) f.duration() / track.timescale()).containsExactly(1.0, 1.0, 2.0, 4.0, 2.0);
    assertThat(infos).allSatisfy(f -> assertThat(f.startsWithSyncSample()).isTrue());
    assertThat(infos.stream().mapToInt(FragmentInfo::sampleCount).sum()).isEqualTo(250);
    for (int i = 1; i < infos.size(); i++) {
      assertThat(infos.get(i).baseDecodeTime()).as("no gap, no overlap")
          .isEqualTo(infos.get(i - 1).baseDecodeTime() + infos.get(i - 1).duration());
    }
    assertThat(segments.get(0).getFileName().toString()).isEqualTo("seg_00001.m4s");
  }

  @Test
  void refusesFragmentsWithoutAKeyframeWhereASegmentMustStart() throws Exception {
    Path fragments = encode("gte(t,n_forced*2)"); // keyframes at 0, 2, 4...: none at 1 s

    assertThatThrownBy(() -> RampSegments.write(fragments, dir.resolve("joined"), RAMP))
        .isInstanceOf(CmafFormatException.class)
        .hasMessage("no cut at 1.0 s, where segment 2 starts: the next one is at 2.0 s");
  }

  /** 10 s of 25 fps video, keyframes forced by {@code expression}, one fragment per keyframe, as the worker has FFmpeg do. */
  private Path encode(String expression) throws Exception {
    Path out = Files.createDirectories(dir.resolve("ffmpeg"));
    Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
        "testsrc2=size=320x180:rate=25:duration=10", "-c:v", "libx264", "-preset", "ultrafast", "-g", "50",
        "-keyint_min", "50", "-sc_threshold", "0", "-force_key_frames", "expr:" + expression,
        "-f", "hls", "-hls_time", "0", "-hls_list_size", "0", "-hls_segment_type", "fmp4",
        "-hls_fmp4_init_filename", "init.mp4", "-start_number", "1",
        "-hls_segment_filename", out.resolve("frag_%05d.m4s").toString(), out.resolve("ffmpeg.m3u8").toString())
        .inheritIO().start();
    assertThat(p.waitFor()).isZero();
    return out;
  }

  private static FragmentInfo read(Path segment, TrackInfo track) {
    try {
      return CmafInspector.readSegment(segment, track);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
