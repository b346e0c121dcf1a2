package io.vwmedia.launcher.observability;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * A local HTTP server standing in for a collector no test can reach (Datadog, Segment, Slack, EventBridge): it
 * records every request as it arrived on the wire (gzip bodies inflated) and answers each with the same reply.
 */
public final class RecordingHttpServer implements AutoCloseable {

  public record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  public RecordingHttpServer(int status, String contentType, String reply) throws IOException {
    server = HttpServer.create(new InetSocketAddress("localhost", 0), 16);
    server.createContext("/", exchange -> {
      try (exchange) {
        byte[] raw = exchange.getRequestBody().readAllBytes();
        boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
        InputStream in = gzip ? new GZIPInputStream(new ByteArrayInputStream(raw)) : new ByteArrayInputStream(raw);
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
            exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()),
            new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        byte[] body = reply.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) exchange.getResponseBody().write(body);
      }
    });
    server.start();
  }

  public String url() {
    return "http://localhost:" + server.getAddress().getPort();
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
