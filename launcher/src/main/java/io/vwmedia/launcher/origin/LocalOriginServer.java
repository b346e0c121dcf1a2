package io.vwmedia.launcher.origin;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.vwmedia.storage.ContentTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small HTTP origin over the embedded default's storage folder, so web players on any page can play what was
 * published: the MIME types players check, CORS, byte ranges, and the cache headers a CDN in front would honour
 * (short for manifests, long and immutable for segments). It never serves outside its root.
 */
public final class LocalOriginServer implements AutoCloseable {

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  private final HttpServer server;
  private final ExecutorService executor;
  private final Path root;

  private LocalOriginServer(HttpServer server, ExecutorService executor, Path root) {
    this.server = server;
    this.executor = executor;
    this.root = root;
  }

  /** Serves {@code root} on localhost; port 0 picks a free one. */
  public static LocalOriginServer start(Path root, int port) {
    try {
      Path realRoot = root.toRealPath();
      HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 64);
      ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "vw-media-origin");
        t.setDaemon(true);
        return t;
      });
      LocalOriginServer origin = new LocalOriginServer(server, executor, realRoot);
      server.createContext("/", origin::handle);
      server.setExecutor(executor);
      server.start();
      return origin;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the local origin on port " + port + ": " + e.getMessage(), e);
    }
  }

  /** Serves {@code path} (and below) with {@code handler} instead of files, e.g. {@code /metrics}. */
  public void addContext(String path, HttpHandler handler) {
    server.createContext(path, handler);
  }

  /**
   * Puts {@code front} on {@code /}, given the file handler: it answers the paths it knows (the status page) and
   * hands every other request to the files.
   */
  public void putInFront(Function<HttpHandler, HttpHandler> front) {
    server.removeContext("/");
    server.createContext("/", front.apply(this::handle));
  }

  public URI baseUri() {
    return URI.create("http://localhost:" + port() + "/");
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Headers out = exchange.getResponseHeaders();
      out.set("Access-Control-Allow-Origin", "*");
      out.set("Access-Control-Expose-Headers", "Content-Length, Content-Range, Accept-Ranges");
      String method = exchange.getRequestMethod();
      if (method.equals("OPTIONS")) {
        out.set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
        out.set("Access-Control-Allow-Headers", "Range, Content-Type");
        out.set("Access-Control-Max-Age", "86400");
        exchange.sendResponseHeaders(204, -1);
        return;
      }
      if (!method.equals("GET") && !method.equals("HEAD")) {
        out.set("Allow", "GET, HEAD, OPTIONS");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      Path file = resolve(exchange.getRequestURI().getRawPath());
      if (file == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      String name = file.getFileName().toString();
      long size = Files.size(file);
      out.set("Content-Type", ContentTypes.forName(name));
      out.set("Accept-Ranges", "bytes");
      out.set("Cache-Control", ContentTypes.cacheControl(name));
      long start = 0;
      long end = size - 1;
      int status = 200;
      String range = exchange.getRequestHeaders().getFirst("Range");
      if (range != null) {
        Matcher m = RANGE.matcher(range.strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
          out.set("Content-Range", "bytes */" + size);
          exchange.sendResponseHeaders(416, -1);
          return;
        }
        if (m.group(1).isEmpty()) {
          start = Math.max(0, size - Long.parseLong(m.group(2)));
        } else {
          start = Long.parseLong(m.group(1));
          end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
        }
        if (start >= size || start > end) {
          out.set("Content-Range", "bytes */" + size);
          exchange.sendResponseHeaders(416, -1);
          return;
        }
        status = 206;
        out.set("Content-Range", "bytes " + start + "-" + end + "/" + size);
      }
      long length = end - start + 1;
      if (method.equals("HEAD")) {
        out.set("Content-Length", Long.toString(length));
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
      try (FileChannel channel = FileChannel.open(file); OutputStream body = exchange.getResponseBody()) {
        channel.position(start);
        InputStream in = Channels.newInputStream(channel);
        byte[] buffer = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
          int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
          if (n < 0) break;
          body.write(buffer, 0, n);
          left -= n;
        }
      }
    }
  }

  /** The file a request path names, or null when missing or outside the root. */
  private Path resolve(String rawPath) {
    String path;
    try {
      path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (path.contains("\0") || path.contains("\\")) {
      return null;
    }
    for (String part : path.split("/")) {
      if (part.equals("..") || part.equals(".")) {
        return null;
      }
    }
    try {
      Path file = root.resolve(path.replaceFirst("^/+", "")).normalize();
      if (!file.startsWith(root) || !Files.isRegularFile(file)) {
        return null;
      }
      Path real = file.toRealPath();
      return real.startsWith(root) ? real : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
