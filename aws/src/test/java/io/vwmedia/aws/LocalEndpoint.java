package io.vwmedia.aws;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A local HTTP endpoint standing in for an AWS API the real SDK client is pointed at ({@code endpointOverride}): each
 * request, as it arrived on the wire, is handed to the test's {@link Answerer}, and what that returns is written back.
 */
final class LocalEndpoint implements AutoCloseable {

  record Request(String method, String path, Headers headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** @param contentType null for none; an empty body is sent as no body */
  record Response(int status, String contentType, byte[] body) {
    static Response empty(int status) {
      return new Response(status, null, new byte[0]);
    }
  }

  @FunctionalInterface
  interface Answerer {
    Response answer(Request request) throws Exception;
  }

  private final HttpServer server;

  private LocalEndpoint(HttpServer server) {
    this.server = server;
  }

  static LocalEndpoint start(Answerer answerer) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      try (exchange) {
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders(), exchange.getRequestBody().readAllBytes());
        Response response = answerer.answer(request);
        if (response.contentType() != null) {
          exchange.getResponseHeaders().add("Content-Type", response.contentType());
        }
        exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
        exchange.getResponseBody().write(response.body());
      } catch (Exception e) {
        throw new IOException(e);
      }
    });
    server.start();
    return new LocalEndpoint(server);
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
