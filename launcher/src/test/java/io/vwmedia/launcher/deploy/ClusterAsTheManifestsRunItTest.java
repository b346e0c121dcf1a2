package io.vwmedia.launcher.deploy;

import static io.vwmedia.launcher.VwMediaProcesses.await;
import static io.vwmedia.launcher.VwMediaProcesses.kill9;
import static io.vwmedia.launcher.deploy.KubernetesManifests.containers;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vwmedia.aws.S3ProxyServer;
import io.vwmedia.config.Settings;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RungStatus;
import io.vwmedia.events.UploadRequested;
import io.vwmedia.launcher.Media;
import io.vwmedia.launcher.PublishedTopic;
import io.vwmedia.launcher.RawTopic;
import io.vwmedia.launcher.VwMediaProcesses;
import io.vwmedia.launcher.client.UploadSubmitter;
import io.vwmedia.launcher.stack.EmbeddedStack;
import io.vwmedia.topics.Topic;
import io.vwmedia.worker.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The cluster of {@code k8s/overlays/dev}, on one machine: one broker, one topology process and two worker processes,
 * each started with its container's {@code args} and the environment its manifests give it (ConfigMaps, env), against
 * a real S3 API server (S3Proxy) holding the sources (named {@code s3://...} in the uploads, signed by the workers)
 * and the outputs. Only what the cluster provides and this machine
 * cannot is replaced ({@link #LOCAL_STAND_INS}). Several assets are uploaded, both workers take tasks, one worker is
 * killed with SIGKILL in the middle, and every asset is still published exactly once.
 */
class ClusterAsTheManifestsRunItTest {

  static final int ASSETS = 6;
  static final String SOURCES_BUCKET = "vw-media-sources-dev";

  /** What the cluster gives that this machine cannot: MSK, the in-cluster registry, IRSA, CloudFront, EventBridge. */
  static final Map<String, String> LOCAL_STAND_INS = Map.of(
      "VW_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT",     // MSK's TLS + IAM: an embedded broker in plain text
      "VW_KAFKA_SASL_MECHANISM", "NONE",
      "VW_KAFKA_REPLICATION_FACTOR", "1",            // one broker
      "VW_STORAGE_S3_PATH_STYLE", "true",            // S3Proxy on 127.0.0.1 for S3
      "VW_SOURCE_SCHEMES", "http,s3",                // s3:// sources signed as S3Proxy's http URLs (S3's are https)
      "VW_SOURCE_ALLOW_PRIVATE_HOSTS", "true",       // ... pointing at 127.0.0.1
      "VW_ALERTS_EVENTBRIDGE_ENABLED", "false",      // no EventBridge here
      "VW_METRICS_PORT", "0");                       // three pods on one host: each its own free ops port

  @TempDir Path data;
  @TempDir Path media;

  @Test
  @Timeout(420)
  void theDevOverlaysProcessesShareTheWorkAndLoseNothingWhenAWorkerDies() throws Exception {
    KubernetesManifests dev = KubernetesManifests.overlay("dev");
    JsonNode worker = containers(dev.get("Deployment", "worker-cpu")).get(0);
    JsonNode topology = containers(dev.get("StatefulSet", "topology")).get(0);
    Path clip = Media.generate(media.resolve("clip.mp4"), "testsrc2=size=1280x720:rate=25", 2, true);

    try (S3ProxyServer s3 = S3ProxyServer.start(); VwMediaProcesses processes = new VwMediaProcesses(data)) {
      Settings brokerOnly = Settings.of(Map.of("vw.embedded.kafka-port", Integer.toString(processes.brokerPort()),
          "vw.embedded.workers", "false", "vw.embedded.topology", "false"));
      try (EmbeddedStack stack = EmbeddedStack.start(data, brokerOnly, ProgressListener.NONE, false);
          S3Client client = s3Client(s3)) {
        Map<String, String> topologyEnv = environment(dev, topology, "topology-0", stack, s3);
        String outputs = topologyEnv.get("VW_STORAGE_URI").substring("s3://".length()).split("/")[0];
        client.createBucket(b -> b.bucket(outputs));
        client.createBucket(b -> b.bucket(SOURCES_BUCKET));
        client.putObject(b -> b.bucket(SOURCES_BUCKET).key("uploads/clip.mp4"), RequestBody.fromFile(clip));

        Process t = processes.startAs("topology-0", args(topology), topologyEnv);
        Process a = processes.startAs("worker-cpu-a", args(worker), environment(dev, worker, "worker-cpu-a", stack, s3));
        Process b = processes.startAs("worker-cpu-b", args(worker), environment(dev, worker, "worker-cpu-b", stack, s3));

        List<String> assets = IntStream.rangeClosed(1, ASSETS).mapToObj(i -> "cluster-" + i).toList();
        try (UploadSubmitter submitter = new UploadSubmitter(stack.connection(), stack.serdes().uploadRequested())) {
          for (String id : assets) { // named where it lies; the workers sign it with their own credentials
            submitter.submit(UploadRequested.newBuilder().setAssetId(id).setSourceUri("s3://" + SOURCES_BUCKET
                + "/uploads/clip.mp4").setCorrelationId("cluster").setRequestedAt(Instant.now()).build());
          }
        }

        // both workers take tasks; then one dies as a lost node kills it, while assets are still in flight
        Deserializer<RenditionResult> results = stack.serdes().renditionResult().deserializer();
        await(() -> doneBy(stack, results).keySet().containsAll(Set.of("worker-cpu-a", "worker-cpu-b")),
            Duration.ofMinutes(3), "both workers have finished a task");
        Map<String, Long> before = doneBy(stack, results);
        System.out.printf("rungs done per worker before the kill: %s%n", before);
        printMemory(Map.of("worker-cpu-a", a, "worker-cpu-b", b));
        assertThat(before.values().stream().mapToLong(Long::longValue).sum())
            .as("the kill lands while work remains").isLessThan(ASSETS * 3L);
        kill9(b);

        PublishedTopic.assertEachPublishedOnce(stack, assets);
        assertThat(client.listObjectsV2(l -> l.bucket(outputs).prefix("manifests/cluster-1/")).contents())
            .extracting(o -> o.key()).contains("manifests/cluster-1/master.m3u8", "manifests/cluster-1/manifest.mpd");
        System.out.printf("rungs done per worker in all: %s%n", doneBy(stack, results));
        printMemory(Map.of("worker-cpu-a", a, "topology-0", t));
      }
    }
  }

  private static List<String> args(JsonNode container) {
    return StreamSupport.stream(container.path("args").spliterator(), false).map(JsonNode::asText).toList();
  }

  /**
   * The container's environment as its manifests make it, for pod {@code pod}: its VW_* settings (secrets, which are
   * optional, left out), with the local stand-ins, and the pod's volumes as folders under the test's data.
   */
  private Map<String, String> environment(KubernetesManifests rendered, JsonNode container, String pod,
      EmbeddedStack stack, S3ProxyServer s3) throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    rendered.environment(container).forEach((name, value) -> {
      if (name.startsWith("VW_") && !value.startsWith("<secret:")) {
        env.put(name, value.replace(KubernetesManifests.POD_NAME, pod));
      }
    });
    env.putAll(LOCAL_STAND_INS);
    env.put("VW_KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
    env.put("VW_SCHEMA_REGISTRY_URL", data.resolve("registry").toString()); // the in-cluster registry
    env.put("VW_STORAGE_S3_ENDPOINT", s3.endpoint().toString());
    env.remove("VW_CDN_CLOUDFRONT_DISTRIBUTION_ID");                        // no CloudFront here
    for (String volume : List.of("VW_DATA_DIR", "VW_TOPOLOGY_STATE_DIR", "VW_WORKER_WORK_DIR")) {
      if (env.containsKey(volume)) {
        Path dir = data.resolve(pod).resolve(env.get(volume).replaceFirst("^/", ""));
        Files.createDirectories(dir);
        env.put(volume, dir.toString());
      }
    }
    env.put("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);                 // IRSA's credentials in a pod
    env.put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
    return env;
  }

  /** DONE rung results on the results topic, counted by the worker (pod) that made them. */
  private static Map<String, Long> doneBy(EmbeddedStack stack, Deserializer<RenditionResult> results) {
    String topic = Topic.RENDITION_DONE.topicName();
    return RawTopic.read(stack.bootstrapServers(), topic, 0, Duration.ofSeconds(2)).stream()
        .map(r -> results.deserialize(topic, r.value()))
        .filter(r -> r.getStatus() == RungStatus.DONE && r.getWorker() != null)
        .collect(Collectors.groupingBy(r -> r.getWorker().toString(), Collectors.counting()));
  }

  /** Resident memory now and at its peak (VmRSS, VmHWM), the figures the manifests' requests and limits come from. */
  private static void printMemory(Map<String, Process> pods) throws Exception {
    for (Map.Entry<String, Process> pod : pods.entrySet()) {
      List<String> status = Files.readAllLines(Path.of("/proc", Long.toString(pod.getValue().pid()), "status"));
      System.out.printf("memory of %s: %s%n", pod.getKey(), status.stream()
          .filter(l -> l.startsWith("VmRSS") || l.startsWith("VmHWM")).map(l -> l.replaceAll("\\s+", " "))
          .collect(Collectors.joining(", ")));
    }
  }


  private static S3Client s3Client(S3ProxyServer s3) {
    return S3Client.builder().endpointOverride(s3.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(credentials()).build();
  }

  private static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY));
  }
}
