package io.vwmedia.simulation.model;

import io.vwmedia.simulation.engine.Rng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Where the uploads of a run come from: a Poisson stream at a rate, or a trace file replayed. */
public final class Uploads {

  private Uploads() {}

  /**
   * Poisson arrivals at {@code perHour} for {@code windowSeconds}, each upload's length drawn log-normal (median,
   * sigma) and clamped to [minSeconds, maxSeconds], all of one source height.
   */
  public static List<Upload> poisson(double perHour, double windowSeconds, double medianSeconds, double sigma,
      double minSeconds, double maxSeconds, int sourceHeight, Rng rng) {
    List<Upload> uploads = new ArrayList<>();
    double t = rng.exponential(3600 / perHour);
    while (t < windowSeconds) {
      double seconds = Math.max(minSeconds, Math.min(maxSeconds, rng.lognormal(medianSeconds, sigma)));
      uploads.add(new Upload("u" + uploads.size(), t, seconds, sourceHeight));
      t += rng.exponential(3600 / perHour);
    }
    return uploads;
  }

  /**
   * A trace: one upload a line, {@code arrival_seconds duration_seconds source_height} separated by tabs, commas or
   * spaces; lines starting with {@code #} and a header line are skipped.
   */
  public static List<Upload> trace(Path file) {
    try {
      List<Upload> uploads = new ArrayList<>();
      for (String line : Files.readAllLines(file)) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#") || Character.isLetter(l.charAt(0))) {
          continue;
        }
        String[] f = l.split("[\\t, ]+");
        uploads.add(new Upload(f.length > 3 ? f[3] : "t" + uploads.size(), Double.parseDouble(f[0]),
            Double.parseDouble(f[1]), Integer.parseInt(f[2])));
      }
      uploads.sort(Comparator.comparingDouble(Upload::arrival));
      return uploads;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the trace " + file, e);
    }
  }

  /** Hours of source in these uploads. */
  public static double sourceHours(List<Upload> uploads) {
    return uploads.stream().mapToDouble(Upload::seconds).sum() / 3600;
  }

  public static String describe(List<Upload> uploads) {
    return String.format(Locale.ROOT, "%d uploads, %.1f h of source", uploads.size(), sourceHours(uploads));
  }
}
