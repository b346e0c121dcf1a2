package io.vwmedia.launcher.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * What {@code probe-startup} prints: a table for people, or one JSON object ({@code --json}) for scripts, whose fields
 * are only ever added, never renamed.
 *
 * @param maxP95Ms the threshold the p95 of load → first frame is held to
 */
public record StartupReport(StartupProbe.Request request, List<StartupLoad> loads, StartupStats stats, long maxP95Ms) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code pass}; {@code slow} (every load showed a frame, the p95 is above the threshold); or {@code errors}. */
  public String verdict() {
    if (stats.errors() > 0) return "errors";
    return stats.passes(maxP95Ms) ? "pass" : "slow";
  }

  public boolean passed() {
    return verdict().equals("pass");
  }

  public String json() {
    ObjectNode o = JSON.createObjectNode();
    o.put("url", request.url());
    o.put("player", request.player().tag());
    o.put("network", request.network().tag());
    o.put("runs", stats.runs());
    o.put("warmupLoads", request.warmupLoads());
    percentiles(o.putObject("loadToFirstFrameMs"), stats.loadToFirstFrame());
    percentiles(o.putObject("readyToFirstFrameMs"), stats.readyToFirstFrame());
    o.put("errors", stats.errors());
    var failures = o.putArray("failures");
    stats.failures().forEach(f -> failures.addObject().put("load", f.number()).put("reason", f.reason()));
    var each = o.putArray("loads");
    for (StartupLoad l : loads) {
      ObjectNode n = each.addObject().put("load", l.number());
      put(n, "firstFrameMs", l.firstFrameMs());
      put(n, "readyMs", l.readyMs());
      n.put("ok", !l.failed());
    }
    o.put("maxP95Seconds", maxP95Ms / 1000.0);
    o.put("verdict", verdict());
    return o.toString();
  }

  public String table() {
    StringBuilder t = new StringBuilder();
    t.append(String.format(Locale.ROOT, "%s, %d load%s of %s%nnetwork: %s; a fresh browser context each load, the"
            + " player's default configuration, after %d warm-up load%s not counted%n%n", request.player().tag(),
        stats.runs(), stats.runs() == 1 ? "" : "s", request.url(), request.network().tag(), request.warmupLoads(),
        request.warmupLoads() == 1 ? "" : "s"));
    t.append("| startup                    |    p50 |    p95 |\n");
    t.append("|----------------------------|-------:|-------:|\n");
    row(t, "load → first frame", stats.loadToFirstFrame());
    row(t, "player ready → first frame", stats.readyToFirstFrame());
    t.append(String.format(Locale.ROOT, "%nerrors: %d of %d loads%n", stats.errors(), stats.runs()));
    stats.failures().forEach(f -> t.append("  load ").append(f.number()).append(": ").append(f.reason()).append('\n'));
    String threshold = seconds(OptionalLong.of(maxP95Ms));
    t.append(switch (verdict()) {
      case "pass" -> "PASS: p95 " + seconds(stats.loadToFirstFrame().p95Ms()) + " ≤ " + threshold;
      case "slow" -> "FAIL: p95 " + seconds(stats.loadToFirstFrame().p95Ms()) + " > " + threshold;
      default -> "FAIL: " + stats.errors() + " load" + (stats.errors() == 1 ? "" : "s") + " failed";
    }).append('\n');
    return t.toString();
  }

  private static void row(StringBuilder t, String name, StartupStats.Percentiles p) {
    t.append(String.format(Locale.ROOT, "| %-26s | %6s | %6s |%n", name, seconds(p.p50Ms()), seconds(p.p95Ms())));
  }

  private static String seconds(OptionalLong ms) {
    return ms.isPresent() ? String.format(Locale.ROOT, "%.2f s", ms.getAsLong() / 1000.0) : "—";
  }

  private static void percentiles(ObjectNode o, StartupStats.Percentiles p) {
    put(o, "p50", p.p50Ms());
    put(o, "p95", p.p95Ms());
  }

  private static void put(ObjectNode o, String field, OptionalLong value) {
    if (value.isPresent()) o.put(field, value.getAsLong());
    else o.putNull(field);
  }
}
