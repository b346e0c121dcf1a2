package io.vwmedia.launcher.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The metric names the Datadog dashboard and monitors in infrastructure/datadog/ query. */
public final class DatadogQueries {

  static final Path DIR = Path.of("..", "infrastructure", "datadog").toAbsolutePath().normalize();
  private static final Pattern METRIC = Pattern.compile("(?:avg|sum|max|min|count):([a-z][a-z0-9_.]*)\\{");

  private DatadogQueries() {}

  /** Every metric named in a dashboard widget's {@code q} or a monitor's {@code query}. */
  public static Set<String> metricNames() {
    Set<String> names = new TreeSet<>();
    for (String query : queries()) {
      Matcher m = METRIC.matcher(query);
      while (m.find()) names.add(m.group(1));
    }
    return names;
  }

  static List<String> queries() {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(DIR)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        collect(new ObjectMapper().readTree(f.toFile()), out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static void collect(JsonNode node, List<String> out) {
    node.properties().forEach(e -> {
      if ((e.getKey().equals("q") || e.getKey().equals("query")) && e.getValue().isTextual()) out.add(e.getValue().asText());
      collect(e.getValue(), out);
    });
    if (node.isArray()) node.forEach(n -> collect(n, out));
  }
}
