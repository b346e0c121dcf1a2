package io.vwmedia.launcher.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vwmedia.launcher.client.AssetTrace;
import io.vwmedia.launcher.stack.StartupTimeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code vw-media run --trace FILE} writes: one JSON object with the process's start-up ({@code processStart}
 * and each phase's {@code atMs} after it) and every asset's hops through the topics ({@code at}: the
 * producer's timestamp, {@code seen}: when the record became visible to a consumer; epoch milliseconds). {@code bench/overhead.sh} reads it; fields are only added.
 */
final class TraceReport {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TraceReport() {}

  static void write(Path file, StartupTimeline startup, Map<String, List<AssetTrace.Hop>> assets) throws IOException {
    ObjectNode o = JSON.createObjectNode();
    o.put("processStart", startup.processStart().toEpochMilli());
    ArrayNode marks = o.putArray("startup");
    for (StartupTimeline.Mark m : startup.marks()) {
      marks.addObject().put("phase", m.phase()).put("atMs", m.atMs());
    }
    ArrayNode list = o.putArray("assets");
    assets.forEach((assetId, hops) -> {
      ObjectNode asset = list.addObject().put("assetId", assetId);
      ArrayNode h = asset.putArray("hops");
      for (AssetTrace.Hop hop : hops) {
        ObjectNode n = h.addObject().put("topic", hop.topic()).put("key", hop.key()).put("at", hop.at().toEpochMilli())
            .put("seen", hop.seen().toEpochMilli());
        hop.detail().forEach((k, v) -> n.set(k, JSON.valueToTree(v)));
      }
    });
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), o);
  }
}
