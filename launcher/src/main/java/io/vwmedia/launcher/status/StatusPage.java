package io.vwmedia.launcher.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.vwmedia.storage.ContentTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The status page: {@code /} (or {@code /index.html}) and its scripts, styles and hls.js under {@code /status/},
 * all from the launcher's jar, no CDN. Mounted on {@code /} in front of another handler that answers every other
 * path, so on the origin the storage's files stay where they were ({@code /manifests/...}, {@code /assets/...}).
 * The page reads {@code /api/assets} on the same server.
 */
public final class StatusPage implements HttpHandler {

  /** For a server with nothing else on {@code /}: every other path is 404. */
  public static final HttpHandler NOTHING_ELSE = exchange -> {
    try (exchange) {
      exchange.sendResponseHeaders(404, -1);
    }
  };

  private static final String RESOURCES = "/status/";

  private final HttpHandler otherwise;

  /** @param otherwise what answers the paths that are not the page's */
  public StatusPage(HttpHandler otherwise) {
    this.otherwise = otherwise;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String resource = path.equals("/") || path.equals("/index.html") ? RESOURCES + "index.html"
        : path.startsWith(RESOURCES) && !path.contains("..") ? path : null;
    String method = exchange.getRequestMethod();
    InputStream in = resource == null || !(method.equals("GET") || method.equals("HEAD")) ? null
        : StatusPage.class.getResourceAsStream(resource);
    if (in == null) {
      otherwise.handle(exchange);
      return;
    }
    try (exchange; in) {
      byte[] body = in.readAllBytes();
      exchange.getResponseHeaders().set("Content-Type", contentType(resource));
      exchange.getResponseHeaders().set("Cache-Control", "no-cache");
      if (method.equals("HEAD")) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static String contentType(String resource) {
    if (resource.endsWith(".html")) return "text/html; charset=utf-8";
    if (resource.endsWith(".js")) return "text/javascript; charset=utf-8";
    if (resource.endsWith(".css")) return "text/css; charset=utf-8";
    return ContentTypes.forName(resource);
  }
}
