package io.vwmedia.aws;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 API server for tests: S3Proxy from its all-in-one jar (copied by Maven into the aws module's
 * target/s3proxy; other modules' tests find it there), in a child process on a free port, in-memory storage (or a folder), AWS
 * signatures v2 and v4 checked against one key pair.
 */
public final class S3ProxyServer implements AutoCloseable {

  public static final String ACCESS_KEY = "vw-media-test";
  public static final String SECRET_KEY = "vw-media-test-secret";
  private static final Path JAR = java.util.stream.Stream.of(
          Path.of("target", "s3proxy", "s3proxy.jar"), Path.of("..", "aws", "target", "s3proxy", "s3proxy.jar"))
      .filter(Files::isRegularFile).findFirst().orElse(Path.of("target", "s3proxy", "s3proxy.jar"));
  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final Process process;
  private final int port;

  private S3ProxyServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static S3ProxyServer start() throws IOException, InterruptedException {
    return start(null);
  }

  /**
   * As {@link #start()}, but keeping the objects as files under {@code folder} (jclouds' filesystem store: bucket
   * {@code b}'s object {@code k} is {@code folder/b/k}), so a process that writes files there (a stand-in for a
   * service writing to S3) adds objects.
   */
  public static S3ProxyServer start(Path folder) throws IOException, InterruptedException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: build the aws module's tests through Maven, which copies it");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path target = Path.of("target").toAbsolutePath();
    Path properties = Files.writeString(target.resolve("s3proxy-" + port + ".properties"), String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + ACCESS_KEY,
        "s3proxy.credential=" + SECRET_KEY,
        "s3proxy.cors-allow-all=true",
        folder == null ? "jclouds.provider=transient" : "jclouds.provider=filesystem",
        folder == null ? "" : "jclouds.filesystem.basedir=" + folder.toAbsolutePath(),
        "jclouds.identity=unused",
        "jclouds.credential=unused",
        ""));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", JAR.toAbsolutePath().toString(),
            "--properties", properties.toString()))
        .redirectErrorStream(true)
        .redirectOutput(target.resolve("s3proxy.log").toFile())
        .start();
    S3ProxyServer server = new S3ProxyServer(process, port);
    server.awaitReady();
    return server;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  private void awaitReady() throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + "; see target/s3proxy.log");
      }
      try {
        // any HTTP answer (403 without a signature) means it is listening
        http.send(HttpRequest.newBuilder(endpoint()).build(), HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    close();
    throw new IllegalStateException("S3Proxy did not answer within " + STARTUP.toSeconds() + " s");
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
