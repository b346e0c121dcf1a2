package io.vwmedia.simulation.cli;

import io.vwmedia.simulation.cluster.ClusterModel;
import io.vwmedia.simulation.cluster.RunResult;
import io.vwmedia.simulation.cluster.RunSummary;
import io.vwmedia.simulation.model.Upload;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code simulate size}: the fewest pods of one fixed pool (the other pool off) for which the uploads' p95 upload ->
 * published stays within the target, found by doubling then bisection over whole runs of the model.
 */
@Command(name = "size", mixinStandardHelpOptions = true,
    description = "Finds the fewest pods of a fixed pool that publish the uploads within --target-p95-s at the 95th percentile.")
final class SizeCommand implements Callable<Integer> {

  @Mixin ModelOptions model;

  @Option(names = "--pool", defaultValue = "cpu", description = "cpu or gpu (default: ${DEFAULT-VALUE}).")
  String pool;

  @Option(names = "--target-p95-s", defaultValue = "1800", description = "Upload -> published, 95th percentile (default: ${DEFAULT-VALUE}).")
  double target;

  @Option(names = "--max-pods", defaultValue = "5000", description = "Give up above this (default: ${DEFAULT-VALUE}).")
  int maxPods;

  @Override
  public Integer call() {
    List<Upload> uploads = model.uploads();
    int low = 0;
    int high = 1;
    Sized atHigh;
    double previous = Double.POSITIVE_INFINITY;
    while (!(atHigh = simulate(uploads, high)).meets()) {
      double p95 = atHigh.summary.published().at(95);
      if (high >= 64 && p95 > 0.97 * previous) { // doubling the pool no longer helps: the tasks' own length sets p95
        System.out.printf(Locale.ROOT, "%s pods needed: none meets the target: p95 upload -> published stays at %s with %d"
            + " pods (%s with half as many): the longest tasks alone take that long%n", pool, RunSummary.duration(p95), high,
            RunSummary.duration(previous));
        return 1;
      }
      previous = p95;
      low = high;
      high *= 2;
      if (high > maxPods) {
        System.out.println("no pool of up to " + maxPods + " pods meets the target");
        return 1;
      }
    }
    while (high - low > 1) {
      int mid = (low + high) / 2;
      Sized s = simulate(uploads, mid);
      if (s.meets()) {
        high = mid;
        atHigh = s;
      } else {
        low = mid;
      }
    }
    System.out.printf(Locale.ROOT, "%s pods needed: %d (p95 upload -> published %s, p99 %s, first playable p95 %s;"
            + " utilisation %.0f%%; worker-hours per asset-hour %.2f)%n", pool, high,
        RunSummary.duration(atHigh.summary.published().at(95)), RunSummary.duration(atHigh.summary.published().at(99)),
        RunSummary.duration(atHigh.summary.playable().at(95)), 100 * atHigh.result.pools().get(0).utilisation(),
        atHigh.result.workerHoursPerAssetHour());
    return 0;
  }

  private record Sized(RunResult result, RunSummary summary, boolean ok) {
    boolean meets() {
      return ok;
    }
  }

  private Sized simulate(List<Upload> uploads, int pods) {
    model.cpuPods = pool.equals("cpu") ? pods : 0;
    model.gpuPods = pool.equals("gpu") ? pods : 0;
    int partitions = Math.max(model.partitions, pods); // a consumer group needs a partition per pod
    ClusterModel cluster = new ClusterModel(model.seed, model.cluster(partitions), model.planner(), model.encodeSpeeds());
    RunResult r = cluster.run(uploads, model.measureFrom(), model.measureTo(), model.horizon());
    RunSummary s = new RunSummary(r);
    boolean ok = r.unfinishedAssets() == 0 && s.published().at(95) <= target;
    System.err.printf(Locale.ROOT, "  %d %s pods: p95 %s%s%n", pods, pool, RunSummary.duration(s.published().at(95)), ok ? " (meets)" : "");
    return new Sized(r, s, ok);
  }
}
