package io.vwmedia.launcher.stack;

import com.sun.net.httpserver.HttpHandler;
import io.vwmedia.config.Settings;
import io.vwmedia.observability.Observability;
import io.vwmedia.observability.alerts.AlertDispatcher;
import io.vwmedia.observability.http.Health;
import io.vwmedia.observability.http.OpsEndpoints;
import io.vwmedia.observability.metrics.MetricsSettings;
import io.vwmedia.observability.metrics.ProcessMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one process of a cluster ({@code vw-media worker}, {@code vw-media topology}) is seen by: its meter registry,
 * readiness checks and alerts, and the HTTP port ({@code vw.metrics.port}) answering {@code /metrics} and
 * {@code /health/*} for Prometheus and Kubernetes, and what else the process serves there (the topology: its status
 * API and page).
 */
public final class ProcessObservability implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ProcessObservability.class);

  private final ProcessMetrics metrics;
  private final Observability observability;
  private final AlertDispatcher alerts;
  private final String service;
  private final int port;
  private OpsEndpoints.Server server;

  private ProcessObservability(String service, Settings settings) {
    this.service = service;
    this.port = settings.get(MetricsSettings.PORT);
    this.metrics = ProcessMetrics.start(service, settings);
    this.alerts = Alerting.dispatcher(settings, metrics.registry());
    this.observability = new Observability(metrics.registry(), new Health(), alerts);
  }

  /** Starts the registry and the ops port of a process named {@code service}. */
  public static ProcessObservability start(String service, Settings settings) {
    return open(service, settings).serve(Map.of());
  }

  /**
   * Starts the registry of a process named {@code service}, its ops port not yet open: for a process whose extra
   * endpoints need parts made with {@link #observability()} (the topology's status API), then {@link #serve}.
   */
  public static ProcessObservability open(String service, Settings settings) {
    return new ProcessObservability(service, settings);
  }

  /** Opens the ops port with {@code /metrics}, {@code /health/*} and the {@code extra} contexts, by path. */
  public ProcessObservability serve(Map<String, HttpHandler> extra) {
    try {
      this.server = new OpsEndpoints(metrics, observability.health()).serve(port, extra);
    } catch (IOException e) {
      alerts.close();
      metrics.close();
      throw new UncheckedIOException("cannot open vw.metrics.port " + port + ": " + e.getMessage(), e);
    }
    log.info("{}: /metrics and /health{} on port {}", service, extra.isEmpty() ? "" : " and " + extra.keySet(),
        server.port());
    return this;
  }

  public Observability observability() {
    return observability;
  }

  /** The port {@code /metrics} and {@code /health/*} answer on. */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    if (server != null) server.close();
    alerts.close();
    metrics.close();
  }
}
