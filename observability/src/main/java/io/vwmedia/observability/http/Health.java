package io.vwmedia.observability.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * What {@code /health/ready} asks: each part of the process adds a named check that answers empty when the part is
 * ready, or why not (the topology: Streams RUNNING; a worker: in its consumer group and FFmpeg found). Liveness is
 * the process answering at all.
 */
public final class Health {

  private record Check(String name, Supplier<Optional<String>> problem) {}

  private final CopyOnWriteArrayList<Check> checks = new CopyOnWriteArrayList<>();

  /** Adds a readiness check: {@code problem} answers empty when ready, else why not. */
  public void addReadinessCheck(String name, Supplier<Optional<String>> problem) {
    checks.add(new Check(name, problem));
  }

  /** Each check's problem, by check name, empty when all are ready (and when there are none yet: not ready). */
  public Map<String, String> problems() {
    Map<String, String> out = new LinkedHashMap<>();
    if (checks.isEmpty()) {
      out.put("process", "starting");
    }
    for (Check c : checks) {
      try {
        c.problem().get().ifPresent(p -> out.put(c.name(), p));
      } catch (RuntimeException e) {
        out.put(c.name(), "check failed: " + e);
      }
    }
    return out;
  }
}
