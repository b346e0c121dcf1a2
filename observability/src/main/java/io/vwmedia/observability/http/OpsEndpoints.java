package io.vwmedia.observability.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.vwmedia.observability.metrics.ProcessMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The operator's endpoints of a process, the Kubernetes conventions: {@code GET /metrics} (Prometheus text format
 * 0.0.4), {@code GET /health/live} (200 while the process answers) and {@code GET /health/ready} (200 when every
 * {@link Health} check passes, else 503 with each problem). Mounted on a port of their own ({@link #serve}) or beside
 * other contexts on an existing server ({@link #handlers}, e.g. the embedded origin).
 */
public final class OpsEndpoints {

  public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ProcessMetrics metrics;
  private final Health health;

  public OpsEndpoints(ProcessMetrics metrics, Health health) {
    this.metrics = metrics;
    this.health = health;
  }

  /** {@code /metrics} and {@code /health/*}, by context path, to mount on any server. */
  public Map<String, HttpHandler> handlers() {
    Map<String, HttpHandler> handlers = new LinkedHashMap<>();
    handlers.put("/metrics", get(this::metrics));
    handlers.put("/health/live", get(exchange -> send(exchange, 200, "application/json", "{\"status\":\"UP\"}")));
    handlers.put("/health/ready", get(this::ready));
    return handlers;
  }

  /** A server of its own on {@code port} (0: a free one) with these endpoints and {@code extra} contexts. */
  public Server serve(int port, Map<String, HttpHandler> extra) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 32);
    ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "vw-media-ops-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    handlers().forEach(server::createContext);
    extra.forEach(server::createContext);
    server.start();
    return new Server(server, executor);
  }

  /** A running ops server. */
  public static final class Server implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private Server(HttpServer server, ExecutorService executor) {
      this.server = server;
      this.executor = executor;
    }

    public int port() {
      return server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  private void metrics(HttpExchange exchange) throws IOException {
    send(exchange, 200, PROMETHEUS_TEXT, metrics.scrape());
  }

  private void ready(HttpExchange exchange) throws IOException {
    Map<String, String> problems = health.problems();
    ObjectNode body = JSON.createObjectNode();
    body.put("status", problems.isEmpty() ? "UP" : "DOWN");
    ObjectNode checks = body.putObject("problems");
    problems.forEach(checks::put);
    send(exchange, problems.isEmpty() ? 200 : 503, "application/json", body.toString());
  }

  /** Only GET and HEAD; anything else is 405. */
  private static HttpHandler get(HttpHandler handler) {
    return exchange -> {
      try (exchange) {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
          exchange.getResponseHeaders().set("Allow", "GET, HEAD");
          exchange.sendResponseHeaders(405, -1);
          return;
        }
        handler.handle(exchange);
      }
    };
  }

  /** Writes a whole response (headers only for HEAD). */
  public static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
