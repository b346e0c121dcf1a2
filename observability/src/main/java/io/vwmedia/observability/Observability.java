package io.vwmedia.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vwmedia.observability.alerts.AlertPublisher;
import io.vwmedia.observability.http.Health;

/**
 * What a part of the pipeline (a worker pool, the topology) is handed to be seen by: the process's meter registry,
 * its readiness checks and its alerts. One per process, made by the launcher.
 */
public record Observability(MeterRegistry meters, Health health, AlertPublisher alerts) {

  /** Meters kept in memory and nowhere else, no alerts: for tests and tools. */
  public static Observability inMemory() {
    return new Observability(new SimpleMeterRegistry(), new Health(), AlertPublisher.NONE);
  }
}
