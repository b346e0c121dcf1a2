package io.vwmedia.launcher.mediaconvert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vwmedia.aws.S3ProxyServer;
import io.vwmedia.config.Settings;
import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.EncoderLeg;
import io.vwmedia.events.Rendition;
import io.vwmedia.events.RungStatus;
import io.vwmedia.events.TemplateOverrides;
import io.vwmedia.events.UploadRequested;
import io.vwmedia.launcher.Media;
import io.vwmedia.launcher.client.PublishedWatcher;
import io.vwmedia.launcher.client.UploadSubmitter;
import io.vwmedia.launcher.deploy.InfraChecks;
import io.vwmedia.launcher.observability.RecordingHttpServer;
import io.vwmedia.launcher.origin.LocalOriginServer;
import io.vwmedia.launcher.players.WebPlayers;
import io.vwmedia.launcher.stack.EmbeddedStack;
import io.vwmedia.topics.Topic;
import io.vwmedia.worker.ProgressListener;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Assets routed to the managed leg, end to end on the embedded stack with a local Step Functions (not AWS): the
 * workers start the repository's state machine through the real SFN client against
 * {@code infrastructure/checks/stepfunctions-endpoint.mjs} (aws-local-stepfunctions, MediaConvert answered by a stub
 * that checks the CreateJob body and encodes the job's own input with FFmpeg into the S3 folders the job names). The
 * storage is a real S3 API server (S3Proxy) keeping its objects as files, which is where the stub writes, and which a
 * local origin serves to the players as CloudFront would.
 */
class ManagedLegPipelineThroughLocalStepFunctionsTest {

  static final String BUCKET = "vw-media-managed";
  static final String STATE_MACHINE = ManagedLegThroughLocalStepFunctionsTest.STATE_MACHINE;
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static S3ProxyServer s3;
  static Process endpoint;
  static int port;
  static LocalOriginServer cdn;
  static RecordingHttpServer slack;
  static EmbeddedStack stack;

  @BeforeAll
  static void start() throws Exception {
    WebPlayers.assertInstalled();
    Path objects = Files.createDirectories(dir.resolve("s3"));
    s3 = S3ProxyServer.start(objects);
    System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", S3ProxyServer.SECRET_KEY);
    Path clip = Media.generate(dir.resolve("clip.mp4"), "testsrc2=size=1280x720:rate=25", 6, true);
    try (S3Client client = S3Client.builder().endpointOverride(s3.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
        .build()) {
      client.createBucket(b -> b.bucket(BUCKET));
      client.putObject(b -> b.bucket(BUCKET).key("uploads/clip.mp4"), RequestBody.fromFile(clip));
    }
    Path bucket = objects.resolve(BUCKET);
    endpoint = new ProcessBuilder("node", InfraChecks.CHECKS.resolve("stepfunctions-endpoint.mjs").toString(),
        "--asl", InfraChecks.ROOT.resolve("infrastructure/stepfunctions/media-transcode-orchestrator.asl.json").toString(),
        "--out", bucket.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String first = new BufferedReader(new InputStreamReader(endpoint.getInputStream(), StandardCharsets.UTF_8)).readLine();
    port = JSON.readTree(first).get("port").asInt();
    // the CDN in front of the bucket: the origin path is the storage prefix
    cdn = LocalOriginServer.start(Files.createDirectories(bucket.resolve("media")), 0);
    slack = new RecordingHttpServer(200, "text/plain", "ok");
    stack = EmbeddedStack.start(dir.resolve("data"), Settings.of(Map.ofEntries(
        Map.entry("vw.storage.uri", "s3://" + BUCKET + "/media"),
        Map.entry("vw.storage.s3.endpoint", s3.endpoint().toString()),
        Map.entry("vw.storage.s3.path-style", "true"),
        Map.entry("vw.publish.base-url", cdn.baseUri().toString()),
        Map.entry("vw.source.schemes", "s3"),
        Map.entry("vw.source.allow-private-hosts", "true"), // the S3 API server listens on 127.0.0.1
        Map.entry("vw.mediaconvert.state-machine-arn", STATE_MACHINE),
        Map.entry("vw.mediaconvert.role-arn", "arn:aws:iam::123456789012:role/vw-media-dev-mediaconvert"),
        Map.entry("vw.mediaconvert.queue-arn", "arn:aws:mediaconvert:us-east-1:123456789012:queues/Default"),
        Map.entry("vw.sfn.endpoint", "http://127.0.0.1:" + port),
        Map.entry("vw.mediaconvert.poll-max", "500ms"),
        Map.entry("vw.alerts.slack.webhook-url", slack.url() + "/services/T000/B000/XXXX"),
        Map.entry("vw.worker.x264-preset", "superfast"))), ProgressListener.NONE, false);
  }

  @AfterAll
  static void stop() {
    if (stack != null) stack.close();
    if (cdn != null) cdn.close();
    if (slack != null) slack.close();
    if (endpoint != null) endpoint.destroyForcibly();
    if (s3 != null) s3.close();
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  static UploadRequested onTheManagedLeg(String assetId) {
    return UploadRequested.newBuilder().setAssetId(assetId).setSourceUri("s3://" + BUCKET + "/uploads/clip.mp4")
        .setCorrelationId("corr-" + assetId).setRequestedAt(Instant.now())
        .setOverrides(TemplateOverrides.newBuilder().setEncoderLeg(EncoderLeg.MEDIACONVERT).build()).build();
  }

  static Map<String, AssetPublished> publish(UploadRequested... uploads) {
    try (PublishedWatcher watcher = new PublishedWatcher(stack.connection(), stack.serdes().assetPublished(), false);
        UploadSubmitter submitter = new UploadSubmitter(stack.connection(), stack.serdes().uploadRequested())) {
      List.of(uploads).forEach(submitter::submit);
      Set<String> ids = java.util.Arrays.stream(uploads).map(u -> u.getAssetId().toString()).collect(java.util.stream.Collectors.toSet());
      return watcher.await(ids, Instant.now().plus(Duration.ofMinutes(4)), e -> {});
    }
  }

  static List<String> executionNames() throws Exception {
    HttpResponse<String> listed = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/executions")).build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(listed.body()).findValuesAsText("name");
  }

  @Test
  void anAssetOnTheManagedLegIsPublishedFromMediaConvertsOutputsAndPlays() throws Exception {
    AssetPublished published = publish(onTheManagedLeg("mc-plays")).get("mc-plays");

    assertThat(published.getStatus()).as(published.getReason()).isEqualTo(AssetStatus.PUBLISHED);
    assertThat(published.getRenditions()).filteredOn(r -> r.getStatus() == RungStatus.DONE)
        .extracting(Rendition::getName).containsExactly("360p", "720p", "audio");
    assertThat(executionNames()).containsOnlyOnce("mc-plays-a1");
    // in our layout, as our own workers leave a rung; the staging folder is gone
    Path asset = dir.resolve("s3").resolve(BUCKET).resolve("media/assets/mc-plays");
    assertThat(asset.resolve("720p/init.mp4")).isRegularFile();
    assertThat(asset.resolve("720p/seg_00001.m4s")).isRegularFile();
    assertThat(asset.resolve("mediaconvert-a1")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(),
        p -> assertThat(Files.walk(p).filter(Files::isRegularFile)).isEmpty());

    for (String[] load : List.of(new String[] {"hls", published.getHlsUrl()}, new String[] {"dash", published.getDashUrl()})) {
      JsonNode played = WebPlayers.play(load[0], load[1], "--switch-to", "720");
      assertThat(played.path("errors")).as("%s", played).isEmpty();
      assertThat(played.path("firstFrameMs").isNumber()).as("a first frame in %s", played).isTrue();
      assertThat(played.path("ended").asBoolean()).as("reached the end: %s", played).isTrue();
      assertThat(played.path("duration").asDouble()).as("duration in %s", played).isBetween(5.8, 6.2);
    }
  }

  @Test
  void aFailedJobFailsTheAssetWithMediaConvertsErrorCodeAndAlerts() throws Exception {
    // the local endpoint's MediaConvert fails every job of an asset whose id starts with fail-
    AssetPublished failed = publish(onTheManagedLeg("fail-mc-asset")).get("fail-mc-asset");

    assertThat(failed.getStatus()).isEqualTo(AssetStatus.FAILED);
    // every rung the job was to make (the rungs above the 720p source were never planned: SKIPPED)
    List<Rendition> planned = failed.getRenditions().stream().filter(r -> r.getStatus() != RungStatus.SKIPPED).toList();
    assertThat(planned).extracting(Rendition::getName).containsExactly("360p", "720p", "audio");
    assertThat(planned).extracting(Rendition::getStatus).containsOnly(RungStatus.FAILED);
    assertThat(planned).extracting(Rendition::getError)
        .allSatisfy(e -> assertThat(e).contains("MediaConvert 1010", "Unable to open input file"));
    // the alert every failed asset raises, here on Slack
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (slack.requests().stream().noneMatch(r -> r.body().contains("fail-mc-asset")) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(slack.requests()).anySatisfy(r -> assertThat(r.body()).contains("fail-mc-asset", "Asset Failed", "1010"));
    assertThat(slack.requests()).noneSatisfy(r -> assertThat(r.body()).contains("mc-plays"));
  }

  @Test
  void aManagedTaskDeliveredAgainStartsNoSecondExecution() throws Exception {
    AssetPublished first = publish(onTheManagedLeg("mc-again")).get("mc-again");
    assertThat(first.getStatus()).isEqualTo(AssetStatus.PUBLISHED);
    var sent = io.vwmedia.launcher.RawTopic.read(stack.bootstrapServers(), Topic.MANAGED_TASKS.topicName(), 1, Duration.ofSeconds(10));
    byte[] task = sent.stream().filter(r -> "mc-again".equals(new String(r.key(), StandardCharsets.UTF_8)))
        .findFirst().orElseThrow().value();

    // the same task again, as a producer or an operator might send it: the execution it names is followed, not
    // started again, and the rungs it stored are not stored twice
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(stack.connection().clientConfig(Map.of()),
        new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topic.MANAGED_TASKS.topicName(), "mc-again", task)).get();
    }
    awaitManagedTasksAllCommitted(Duration.ofSeconds(90));

    assertThat(io.vwmedia.launcher.RawTopic.read(stack.bootstrapServers(), Topic.RENDITION_DONE.topicName(), 1, Duration.ofSeconds(5))
        .stream().filter(r -> "mc-again".equals(new String(r.key(), StandardCharsets.UTF_8))).count())
        .as("one result per rung").isEqualTo(3);
    assertThat(executionNames()).containsOnlyOnce("mc-again-a1");
  }

  /** Waits until the managed leg's group has committed every managed task written so far. */
  static void awaitManagedTasksAllCommitted(Duration timeout) throws Exception {
    try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(stack.connection().clientConfig())) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        var committed = admin.listConsumerGroupOffsets(io.vwmedia.worker.ManagedLegWorker.GROUP_ID)
            .partitionsToOffsetAndMetadata().get();
        var partitions = admin.describeTopics(List.of(Topic.MANAGED_TASKS.topicName())).allTopicNames().get()
            .get(Topic.MANAGED_TASKS.topicName()).partitions().stream()
            .map(p -> new org.apache.kafka.common.TopicPartition(Topic.MANAGED_TASKS.topicName(), p.partition()))
            .collect(java.util.stream.Collectors.toMap(p -> p, p -> org.apache.kafka.clients.admin.OffsetSpec.latest()));
        var ends = admin.listOffsets(partitions).all().get();
        boolean all = ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
            || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset()));
        if (all) {
          return;
        }
        assertThat(System.nanoTime()).as("the managed tasks committed within %s", timeout).isLessThan(deadline);
        Thread.sleep(500);
      }
    }
  }
}
