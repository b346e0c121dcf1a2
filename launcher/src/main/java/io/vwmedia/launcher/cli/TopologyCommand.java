package io.vwmedia.launcher.cli;

import io.vwmedia.launcher.stack.ManagedLegs;
import io.vwmedia.launcher.stack.PipelineWatch;
import io.vwmedia.launcher.stack.ProcessObservability;
import io.vwmedia.launcher.stack.StorageBackend;
import io.vwmedia.launcher.status.StatusPage;
import io.vwmedia.observability.Observability;
import io.vwmedia.serde.SchemaRegistries;
import io.vwmedia.serde.SchemaRegistryClient;
import io.vwmedia.topics.KafkaSettings;
import io.vwmedia.topics.RetryPolicy;
import io.vwmedia.topics.TopicInstaller;
import io.vwmedia.topics.TopicSerdes;
import io.vwmedia.topology.TopologyRunner;
import io.vwmedia.topology.status.AssetStatusHandler;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vw-media topology}: the Kafka Streams topology against an external cluster. */
@Command(
    name = "topology",
    mixinStandardHelpOptions = true,
    description = "Runs the Kafka Streams topology (admit uploads, plan rungs from the workers' probes, aggregate"
        + " results, package, publish) against a Kafka cluster, creating the topics it needs; it starts no FFmpeg."
        + " On vw.metrics.port: /metrics, /health/*, the status API /api/assets and the status page /."
        + " --describe prints the topology and exits.")
public final class TopologyCommand implements Callable<Integer> {

  @Mixin CommonOptions common;
  @Mixin ClusterOptions cluster;

  @Mixin StorageOptions storage;

  @Option(names = "--describe", description = "Print the topology description and exit.")
  boolean describe;

  @Override
  public Integer call() throws Exception {
    KafkaSettings kafka = cluster.kafka(common.settings());
    StorageBackend backend = storage.backend(common.settings(), common.dataDir);
    try (SchemaRegistryClient registry = describe ? SchemaRegistries.fromUrl("mem:") : SchemaRegistries.fromUrl(kafka.schemaRegistryUrl())) {
      TopologyRunner.Config config = TopologyRunner.Config.from(common.settings(), common.dataDir.resolve("streams"));
      if (describe) {
        TopologyRunner runner = new TopologyRunner(kafka, config, new TopicSerdes(registry),
            backend.store(), backend.cdn(), Clock.systemUTC(), Observability.inMemory());
        System.out.println(runner.topology().describe());
        runner.close();
        return 0;
      }
      ProcessObservability observed = ProcessObservability.open("vw-media-topology", common.settings());
      ManagedLegs.Routing routing = ManagedLegs.routing(common.settings(), backend, kafka.connection());
      TopologyRunner runner = new TopologyRunner(kafka, config, new TopicSerdes(registry),
          backend.store(), backend.cdn(), routing.routing(), Clock.systemUTC(), observed.observability());
      // the status API and page beside /metrics and /health on vw.metrics.port
      observed.serve(Map.of(
          AssetStatusHandler.PATH, new AssetStatusHandler(runner.statusQueries()),
          "/", new StatusPage(StatusPage.NOTHING_ELSE)));
      try (Admin admin = Admin.create(kafka.connection().clientConfig())) {
        TopicInstaller.ensureTopics(admin, kafka.replicationFactor(), RetryPolicy.from(common.settings()));
      }
      Optional<PipelineWatch> watch = PipelineWatch.start(kafka.connection(), new TopicSerdes(registry),
          observed.observability(), common.settings());
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        runner.close();
        routing.close();
        watch.ifPresent(PipelineWatch::close);
        observed.close();
        stopped.countDown();
      }));
      runner.start();
      stopped.await();
      return 0;
    }
  }
}
