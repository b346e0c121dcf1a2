package io.vwmedia.launcher.cli;

import io.vwmedia.launcher.stack.EmbeddedStack;
import io.vwmedia.worker.ProgressListener;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code vw-media serve}: the embedded stack and its HTTP origin, running until stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the embedded stack (in-JVM Kafka on vw.embedded.kafka-port, local storage) and an HTTP origin over the",
      "storage (vw.embedded.origin-port, default 8787) until stopped with Ctrl-C or SIGTERM. The origin also serves",
      "the status page at / (every asset, its rungs' progress, a player), the status API /api/assets, /metrics and",
      "/health/live, /health/ready. Produce upload events with 'vw-media submit'; restarting on the same --data-dir",
      "keeps every asset and message."
    })
public final class ServeCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    EmbeddedStack stack = EmbeddedStack.start(common.dataDir, EmbeddedStack.runningUntilStopped(common.settings()),
        ProgressListener.NONE, true);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stack.close();
      stopped.countDown();
    }, "vw-media-shutdown"));
    stack.awaitTopologyRunning(Duration.ofSeconds(60));
    System.out.println("vw-media is serving");
    System.out.println("  kafka bootstrap servers  " + stack.bootstrapServers());
    System.out.println("  schema registry (local)  " + common.dataDir.toAbsolutePath().resolve("registry"));
    System.out.println("  origin                   " + stack.originUri().orElseThrow());
    System.out.println("  status page              " + stack.originUri().orElseThrow());
    System.out.println("  storage                  " + stack.storageDescription());
    System.out.println("  video encoder            " + stack.encoderReport());
    System.out.println("submit with: bin/vw-media submit FILE --bootstrap-servers " + stack.bootstrapServers()
        + " --schema-registry " + common.dataDir.toAbsolutePath().resolve("registry") + " --wait");
    System.out.flush();
    stopped.await();
    return 0;
  }
}
