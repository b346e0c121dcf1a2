package io.vwmedia.ffmpeg.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a source's picture becomes a rung's picture, as FFmpeg filters: deinterlace, tone-map HDR to SDR, scale to
 * the rung's size with square pixels, convert to 8-bit 4:2:0 BT.709 limited range, and make the frame rate
 * constant. The encode, the quality meter's reference and the per-title probe all use this one chain, so what is
 * measured is the picture that is encoded.
 */
public final class SourcePreparation {

  private SourcePreparation() {}

  /**
   * The whole CPU chain for one rung: {@link #beforeScaling}, {@link #scale}, then the {@code fps} filter, which
   * fills frames a source drops the same way wherever it is used.
   */
  public static String chain(SourcePicture source, int width, int height, double fps) {
    String before = beforeScaling(source);
    return (before.isEmpty() ? "" : before + ",") + scale(source, width, height) + ",fps=" + rate(fps);
  }

  /** Filters before scaling, as the source needs them: deinterlace, then tone-map HDR to SDR BT.709; may be empty. */
  public static String beforeScaling(SourcePicture source) {
    List<String> filters = new ArrayList<>();
    if (source.interlaced()) {
      filters.add("bwdif=mode=send_frame:parity=auto:deint=interlaced");
    }
    if (source.isHdr()) {
      filters.add("zscale=t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,tonemap=tonemap=hable:desat=0,"
          + "zscale=t=bt709:m=bt709:r=tv");
    }
    return String.join(",", filters);
  }

  /**
   * Whether the source's picture needs nothing but scaling and a frame rate: progressive, SDR, BT.709 limited range
   * (what a GPU scaler alone may make of it).
   */
  public static boolean onlyScales(SourcePicture source) {
    return beforeScaling(source).isEmpty() && !convertsRange(source) && !convertsMatrix(source);
  }

  /**
   * Scale on the CPU to the rung's size, square pixels, 8-bit 4:2:0, BT.709 limited range. The range is converted
   * by the scaler and the matrix by zimg ({@code zscale}) on the scaled picture, each only when the source differs:
   * naming them otherwise would make FFmpeg convert every frame even where the size does not change. Not swscale's
   * own matrix conversion ({@code in_color_matrix}): it darkens a grey BT.601 picture by one to two levels, where a
   * grey has no matrix to change (docs/benchmarks.md, "Where each goal stands, the same afternoon"). A tone-mapped
   * source is BT.709 limited range already.
   */
  public static String scale(SourcePicture source, int width, int height) {
    StringBuilder scale = new StringBuilder("scale=").append(width).append(':').append(height).append(":flags=bicubic");
    if (convertsRange(source)) {
      scale.append(":in_range=full:out_range=limited");
    }
    scale.append(",setsar=1,format=yuv420p");
    if (convertsMatrix(source)) {
      scale.append(",zscale=matrixin=").append(zimgMatrix(source.matrix()))
          .append(":matrix=709:rangein=limited:range=limited");
    }
    return scale.toString();
  }

  /** A source in full range, not tone-mapped (tone-mapping makes limited range already). */
  private static boolean convertsRange(SourcePicture source) {
    return !source.isHdr() && source.fullRange();
  }

  /** A source in a matrix other than BT.709, not tone-mapped (tone-mapping makes BT.709 already). */
  private static boolean convertsMatrix(SourcePicture source) {
    return !source.isHdr() && source.matrix() != null && !"bt709".equals(source.matrix());
  }

  /** A {@link SourcePicture#matrix} as zimg names it. */
  private static String zimgMatrix(String matrix) {
    return switch (matrix) {
      case "bt601" -> "170m";
      case "bt2020" -> "2020_ncl";
      default -> throw new IllegalArgumentException("no zimg name for the matrix " + matrix);
    };
  }

  /** A frame rate as FFmpeg takes it exactly: NTSC rates as N/1001 (29.97 is 30000/1001), others as numbers. */
  public static String rate(double fps) {
    long ntsc = Math.round(fps * 1001);
    if (fps != Math.rint(fps) && ntsc % 1000 == 0 && Math.abs(fps * 1001 - ntsc) < 0.5) {
      return ntsc + "/1001";
    }
    return num(fps);
  }

  /** A number as FFmpeg reads it: whole numbers without a point, others without trailing zeros. */
  public static String num(double value) {
    if (value == Math.rint(value)) {
      return Long.toString((long) value);
    }
    return String.format(Locale.ROOT, "%.6f", value).replaceAll("0+$", "");
  }
}
