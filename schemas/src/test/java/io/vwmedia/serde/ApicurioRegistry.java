package io.vwmedia.serde;

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

/**
 * A real Apicurio Registry 3.0.9 in a child process, for tests: unpacked by Maven into target/apicurio, on a
 * free port, with its in-memory storage. Its Confluent-compatible API is under {@code /apis/ccompat/v7}.
 */
final class ApicurioRegistry implements AutoCloseable {

  private static final Path HOME = Path.of("target", "apicurio");
  private static final Duration STARTUP = Duration.ofSeconds(90);

  private final Process process;
  private final int port;

  private ApicurioRegistry(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static ApicurioRegistry start() throws IOException, InterruptedException {
    Path jar = HOME.resolve("apicurio-registry-app-3.0.9-runner.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run the tests through Maven, which unpacks it");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(List.of(java, "-Xmx512m",
            "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port, "-Dquarkus.log.level=WARN",
            "-jar", jar.toAbsolutePath().toString()))
        .redirectErrorStream(true)
        .redirectOutput(Files.createDirectories(Path.of("target")).resolve("apicurio-registry.log").toFile())
        .start();
    ApicurioRegistry registry = new ApicurioRegistry(process, port);
    registry.awaitReady();
    return registry;
  }

  String ccompatUrl() {
    return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
  }

  private void awaitReady() throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Apicurio Registry exited with " + process.exitValue() + "; see target/apicurio-registry.log");
      }
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(ccompatUrl() + "/subjects")).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(250);
    }
    close();
    throw new IllegalStateException("Apicurio Registry did not answer within " + STARTUP.toSeconds() + " s");
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
