package io.vwmedia.observability.alerts.slack;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for Slack's incoming webhook: records each request as it arrives on the wire and answers as Slack
 * does ({@code 200 ok}), or with the answers queued by the test ({@code 429} and {@code Retry-After}, {@code 404
 * no_service}, {@code 500}).
 */
final class LocalWebhook implements AutoCloseable {

  record Received(long arrivedNanos, String method, String path, Headers headers, String body) {}

  record Answer(int status, Map<String, String> headers, String body) {}

  private final HttpServer server;
  final List<Received> received = new CopyOnWriteArrayList<>();
  private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();

  LocalWebhook() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      received.add(new Received(System.nanoTime(), exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          exchange.getRequestHeaders(), body));
      Answer answer = answers.poll();
      if (answer == null) {
        answer = new Answer(200, Map.of(), "ok");
      }
      answer.headers().forEach(exchange.getResponseHeaders()::add);
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answer.status(), bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
  }

  /** The next request gets this answer. */
  LocalWebhook thenAnswer(int status, Map<String, String> headers, String body) {
    answers.add(new Answer(status, headers, body));
    return this;
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/services/T000/B000/XXXX");
  }

  /** Waits up to {@code timeout} for {@code n} requests. */
  List<Received> await(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (received.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
