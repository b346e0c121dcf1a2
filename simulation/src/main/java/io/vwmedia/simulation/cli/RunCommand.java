package io.vwmedia.simulation.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vwmedia.simulation.cluster.ClusterModel;
import io.vwmedia.simulation.cluster.RunResult;
import io.vwmedia.simulation.cluster.RunSummary;
import io.vwmedia.simulation.model.Upload;
import io.vwmedia.simulation.model.Uploads;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code simulate run}: one run of the model; prints its figures (or one JSON object with --json). */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Simulates one run and prints its figures.")
final class RunCommand implements Callable<Integer> {

  @Mixin ModelOptions model;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Option(names = "--queue-csv", description = "Write the queue and the pools over time to this CSV file.")
  Path queueCsv;

  @Override
  public Integer call() throws Exception {
    List<Upload> uploads = model.uploads();
    ClusterModel cluster = new ClusterModel(model.seed, model.cluster(0), model.planner(), model.encodeSpeeds());
    RunResult result = cluster.run(uploads, model.measureFrom(), model.measureTo(), model.horizon());
    RunSummary summary = new RunSummary(result);
    if (queueCsv != null) {
      RunSummary.writeQueueCsv(result.queue(), queueCsv);
    }
    if (json) {
      Map<String, Object> m = new java.util.LinkedHashMap<>(summary.asMap());
      m.put("sharingExponent", Math.round(cluster.sharingExponent() * 1000) / 1000.0);
      System.out.println(new ObjectMapper().writeValueAsString(m));
    } else {
      System.out.printf(Locale.ROOT, "%s; exponent of encodes sharing cores %.2f%n", Uploads.describe(uploads),
          cluster.sharingExponent());
      System.out.print(summary.text());
    }
    return result.unfinishedAssets() > 0 ? 3 : 0;
  }
}
