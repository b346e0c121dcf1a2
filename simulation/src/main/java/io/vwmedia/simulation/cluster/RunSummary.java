package io.vwmedia.simulation.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A run's result as the figures people read: percentiles of the asset times, pool usage, counts; text or a map for JSON. */
public final class RunSummary {

  private final RunResult r;
  private final Percentiles playable;
  private final Percentiles published;

  public RunSummary(RunResult r) {
    this.r = r;
    this.playable = new Percentiles(r.assets().stream().map(AssetOutcome::toPlayable).toList());
    this.published = new Percentiles(r.assets().stream().map(AssetOutcome::toPublished).toList());
  }

  public Percentiles published() {
    return published;
  }

  public Percentiles playable() {
    return playable;
  }

  /** From the first upload to the last publish. */
  public double makespan() {
    return r.assets().stream().mapToDouble(a -> a.arrival() + a.toPublished()).max().orElse(Double.NaN)
        - r.assets().stream().mapToDouble(AssetOutcome::arrival).min().orElse(0);
  }

  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("assets", r.assets().size());
    m.put("unfinishedAssets", r.unfinishedAssets());
    m.put("sourceHours", round(r.sourceHours()));
    m.put("toPlayable", times(playable));
    m.put("toPublished", times(published));
    m.put("makespanSeconds", round(makespan()));
    Map<String, Object> pools = new LinkedHashMap<>();
    for (PoolUsage u : r.pools()) {
      pools.put(u.pool(), Map.of("peakReplicas", u.peakReplicas(), "provisionedPodHours", round(u.provisionedSeconds() / 3600),
          "busyPodHours", round(u.busySeconds() / 3600), "utilisation", round(u.utilisation())));
    }
    m.put("pools", pools);
    m.put("workerHoursPerAssetHour", round(r.workerHoursPerAssetHour()));
    m.put("tasksRun", r.tasksRun());
    m.put("chunkTasksRun", r.chunkTasksRun());
    m.put("crashes", r.crashes());
    m.put("speculativeCopies", r.speculativeCopies());
    m.put("wastedPodHours", round(r.wastedPodSeconds() / 3600));
    m.put("assetTimes", r.assets().stream().map(a -> Map.of("id", a.id(), "arrival", round(a.arrival()),
        "sourceSeconds", round(a.sourceSeconds()), "toPlayable", round(a.toPlayable()), "toPublished", round(a.toPublished()))).toList());
    return m;
  }

  private static Map<String, Object> times(Percentiles p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("p50", round(p.at(50)));
    m.put("p95", round(p.at(95)));
    m.put("p99", round(p.at(99)));
    m.put("mean", round(p.mean()));
    m.put("max", round(p.max()));
    return m;
  }

  private static Object round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : String.valueOf(v);
  }

  public String text() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "uploads measured: %d (%.2f h of source)%s%n", r.assets().size(), r.sourceHours(),
        r.unfinishedAssets() > 0 ? ", " + r.unfinishedAssets() + " not published by the end" : ""));
    s.append(line("upload -> first playable", playable));
    s.append(line("upload -> published", published));
    s.append(String.format(Locale.ROOT, "makespan (first upload -> last published): %s%n", duration(makespan())));
    for (PoolUsage u : r.pools()) {
      s.append(String.format(Locale.ROOT, "pool %-4s peak %d pods, %.2f pod-h provisioned, %.2f busy, utilisation %.0f%%%n",
          u.pool(), u.peakReplicas(), u.provisionedSeconds() / 3600, u.busySeconds() / 3600, 100 * u.utilisation()));
    }
    s.append(String.format(Locale.ROOT, "worker-hours per asset-hour: %.2f%n", r.workerHoursPerAssetHour()));
    s.append(String.format(Locale.ROOT, "tasks run %d (chunks %d), crashes %d, speculative copies %d, wasted %.2f pod-h%n",
        r.tasksRun(), r.chunkTasksRun(), r.crashes(), r.speculativeCopies(), r.wastedPodSeconds() / 3600));
    return s.toString();
  }

  private static String line(String what, Percentiles p) {
    return String.format(Locale.ROOT, "%-25s p50 %s  p95 %s  p99 %s  mean %s  max %s%n", what, duration(p.at(50)),
        duration(p.at(95)), duration(p.at(99)), duration(p.mean()), duration(p.max()));
  }

  public static String duration(double seconds) {
    if (!Double.isFinite(seconds)) {
      return "never";
    }
    if (seconds < 120) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    if (seconds < 7200) {
      return String.format(Locale.ROOT, "%.1f min", seconds / 60);
    }
    return String.format(Locale.ROOT, "%.2f h", seconds / 3600);
  }

  public static void writeQueueCsv(List<QueueSample> samples, java.nio.file.Path file) throws java.io.IOException {
    StringBuilder s = new StringBuilder("time_s,waiting,running");
    if (!samples.isEmpty()) {
      samples.get(0).replicas().keySet().forEach(k -> s.append(",pods_").append(k));
    }
    s.append('\n');
    for (QueueSample q : samples) {
      s.append(String.format(Locale.ROOT, "%.0f,%d,%d", q.time(), q.waiting(), q.running()));
      q.replicas().values().forEach(v -> s.append(',').append(v));
      s.append('\n');
    }
    java.nio.file.Files.writeString(file, s);
  }
}
