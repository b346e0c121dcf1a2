package io.vwmedia.simulation.model;

import io.vwmedia.simulation.engine.Rng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Encode speeds (source seconds per second of encoding) per encoder, preset, rung and source height: x264 measured here
 * ({@code bench/data/encode-speed.tsv}, one encode a row, each rung alone on the measuring machine's cores), NVENC
 * from published figures ({@code bench/data/nvenc-speed.tsv}, not measured here). A task's speed is one of the measured
 * samples for its rung and the nearest measured source height, times per-task log-normal noise.
 *
 * <p>The measuring machine's core count is the reference. Encodes sharing its cores slow down by an exponent measured
 * here too, from encodes run two at a time on the same cores (each then gets half of them: {@link
 * #measuredSharingExponent()}; 1 would be a fair halving).
 */
public final class EncodeSpeeds {

  private static final Pattern CORES = Pattern.compile("(\\d+) cores");

  private record Key(Encoder encoder, String preset, String rung, int sourceHeight) {}

  private final Map<Key, List<Double>> samples = new HashMap<>();
  private final Map<Key, List<Double>> sideBySide = new HashMap<>();
  private int referenceCores = 2;

  public static EncodeSpeeds read(Path x264, Path nvenc) {
    return read(x264, nvenc, null);
  }

  /**
   * Reads the speed files; with {@code sources}, only the x264 rows whose source name matches it (the same kind of
   * content as the uploads modelled, e.g. the generated sources of the calibration batch).
   */
  public static EncodeSpeeds read(Path x264, Path nvenc, Pattern sources) {
    EncodeSpeeds speeds = new EncodeSpeeds();
    speeds.readFile(x264, Encoder.X264, sources);
    if (nvenc != null && Files.exists(nvenc)) {
      speeds.readFile(nvenc, Encoder.NVENC, null);
    }
    return speeds;
  }

  /** Adds a sample by hand (tests, and what-if speeds). */
  public EncodeSpeeds add(Encoder encoder, String preset, String rung, int sourceHeight, double speed) {
    samples.computeIfAbsent(new Key(encoder, preset, rung, sourceHeight), k -> new ArrayList<>()).add(speed);
    return this;
  }

  public EncodeSpeeds referenceCores(int cores) {
    referenceCores = cores;
    return this;
  }

  private void readFile(Path file, Encoder encoder, Pattern sources) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the encode speeds " + file, e);
    }
    List<String> header = null;
    for (String line : lines) {
      if (line.startsWith("# machine")) {
        Matcher m = CORES.matcher(line);
        if (m.find() && encoder == Encoder.X264) {
          referenceCores = Integer.parseInt(m.group(1));
        }
      }
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      if (header == null) {
        header = List.of(f);
        continue;
      }
      if (sources != null && header.contains("source") && !sources.matcher(f[header.indexOf("source")]).find()) {
        continue;
      }
      String rung = f[header.indexOf("rung")];
      String preset = f[header.indexOf("preset")];
      int height = Integer.parseInt(f[header.indexOf("source_height")]);
      double speed = Double.parseDouble(f[header.indexOf("speed")]);
      int concurrent = header.contains("concurrent") ? Integer.parseInt(f[header.indexOf("concurrent")]) : 1;
      Key key = new Key(encoder, preset, rung, height);
      (concurrent == 1 ? samples : sideBySide).computeIfAbsent(key, k -> new ArrayList<>()).add(speed);
    }
  }

  /** The measured speeds of this rung, preset and encoder from the measured source height nearest to this one. */
  public List<Double> samples(Encoder encoder, String preset, Rung rung, int sourceHeight) {
    Key best = null;
    for (Key k : samples.keySet()) {
      boolean sameRung = rung.audio() ? k.rung().equals("audio") : k.rung().equals(rung.name());
      // audio is AAC on the pod's CPU whatever its video encoder: the measured rows serve every pool
      if (!sameRung || !(rung.audio() || (k.encoder() == encoder && k.preset().equals(preset)))) {
        continue;
      }
      if (best == null || distance(k.sourceHeight(), sourceHeight) < distance(best.sourceHeight(), sourceHeight)) {
        best = k;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException("no " + encoder + " " + preset + " speed for " + rung.name() + " in the data");
    }
    return samples.get(best);
  }

  private static double distance(int measured, int wanted) {
    return measured == 0 ? 0.5 : Math.abs(Math.log((double) Math.max(measured, 1) / Math.max(wanted, 1)));
  }

  /** A task's speed at the reference cores: a measured sample of its kind, times log-normal noise. */
  public double draw(Encoder encoder, String preset, Rung rung, int sourceHeight, double noiseSigma, Rng rng) {
    return rng.pick(samples(encoder, preset, rung, sourceHeight)) * rng.lognormal(1, noiseSigma);
  }

  /** The mean measured speed, for reporting. */
  public double mean(Encoder encoder, String preset, Rung rung, int sourceHeight) {
    return samples(encoder, preset, rung, sourceHeight).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  public int referenceCores() {
    return referenceCores;
  }

  /**
   * The core-scaling exponent measured from the encodes run side by side: each got half the cores, so
   * {@code speed_pair / speed_alone = (1/2)^a}. NaN when the data has no such pair.
   */
  public double measuredSharingExponent() {
    List<Double> exponents = new ArrayList<>();
    sideBySide.forEach((key, pair) -> {
      List<Double> alone = samples.get(key);
      if (alone != null && !alone.isEmpty()) {
        double a = alone.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double p = pair.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        exponents.add(Math.log(a / p) / Math.log(2));
      }
    });
    return exponents.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }
}
