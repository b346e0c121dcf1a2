package io.vwmedia.ffmpeg.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@link SourcePreparation#scale} does to a picture's colours, with the real FFmpeg: a flat frame written in a
 * source's matrix and range goes through the chain, and the Y, Cb and Cr that come out are read back. Red in BT.709
 * limited range is Y 62.6, Cb 102.0, Cr 240.0; in BT.601, Y 81.5, Cb 90.3, Cr 240.0 (8-bit rounding moves each by one).
 */
class SourcePreparationColourTest {

  private static final SourcePicture BT601 = new SourcePicture(false, null, "bt601", false);
  private static final SourcePicture BT709_FULL = new SourcePicture(false, null, "bt709", true);

  @Test
  void aBt601RedBecomesBt709Red() throws Exception {
    int[] red = prepared(BT601, "red");

    assertThat(red[0]).as("Y").isBetween(62, 63);
    assertThat(red[1]).as("Cb").isBetween(101, 103);
    assertThat(red[2]).as("Cr").isBetween(239, 240);
  }

  @Test
  void aBt601GreyKeepsItsLevelsForAGreyHasNoMatrixToChange() throws Exception {
    for (String grey : List.of("0x202020", "0x808080", "0xc0c0c0", "white")) {
      assertThat(prepared(BT601, grey)).as(grey).containsExactly(pixel(BT601, grey, ""));
    }
  }

  @Test
  void aFullRangeSourceComesOutInLimitedRange() throws Exception {
    assertThat(prepared(BT709_FULL, "white")).containsExactly(235, 128, 128);
    assertThat(prepared(BT709_FULL, "black")).containsExactly(16, 128, 128);
  }

  private static int[] prepared(SourcePicture source, String colour) throws IOException, InterruptedException {
    return pixel(source, colour, "," + SourcePreparation.scale(source, 64, 36));
  }

  /**
   * One 64x36 frame of {@code colour}, written in {@code source}'s matrix and range and tagged so, then the filters
   * of {@code chain}; the centre pixel's Y, Cb and Cr as FFmpeg writes them.
   */
  private static int[] pixel(SourcePicture source, String colour, String chain)
      throws IOException, InterruptedException {
    String range = source.fullRange() ? "pc" : "tv";
    String written = "color=c=" + colour + ":size=64x36:duration=0.04,scale=out_color_matrix=" + source.matrix()
        + ":out_range=" + range + ",format=yuv420p,setparams=colorspace="
        + (source.matrix().equals("bt601") ? "smpte170m" : source.matrix()) + ":range=" + range;
    Process ffmpeg = new ProcessBuilder(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
        written + chain, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-")).start();
    byte[] frame;
    try (InputStream out = ffmpeg.getInputStream()) {
      frame = out.readAllBytes();
    }
    String errors = new String(ffmpeg.getErrorStream().readAllBytes());
    assertThat(ffmpeg.waitFor()).as(errors).isZero();
    int lumaSize = 64 * 36;
    int chromaCentre = 9 * 32 + 16;
    return new int[] {frame[18 * 64 + 32] & 0xff, frame[lumaSize + chromaCentre] & 0xff,
        frame[lumaSize + lumaSize / 4 + chromaCentre] & 0xff};
  }
}
