package io.vwmedia.launcher.mediaconvert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vwmedia.aws.mediaconvert.MediaConvertJobs;
import io.vwmedia.aws.mediaconvert.ServiceJson;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.topology.template.TemplateCatalog;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.mediaconvert.model.CmafGroupSettings;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.H264Settings;
import software.amazon.awssdk.services.mediaconvert.model.Output;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroup;

/**
 * The MediaConvert job for {@code vw-media-hls-v3} on a 1080p 29.97 fps source, planned by the topology's own planner
 * and built with the SDK's model classes, is the template rung for rung: the same rungs (none above the source),
 * sizes, frame rate, average / peak / VBV, profile and level, closed 2 s GOPs without scene-change keyframes, 4 s CMAF
 * segments, and AAC-LC 128 kbit/s stereo as its own output; and its JSON for Step Functions carries the API's own
 * member names.
 */
class CreateJobForTemplateTest {

  static final MediaConvertJobs.Target TARGET = new MediaConvertJobs.Target(
      "arn:aws:iam::123456789012:role/vw-media-dev-mediaconvert",
      "arn:aws:mediaconvert:us-east-1:123456789012:queues/vw-media-dev", "s3://vw-media-origin-dev");

  static List<RenditionTask> plannedFor1080p() {
    return PlannedRungs.of("mc-1", "corr-1", "s3://vw-media-sources-dev/uploads/mc-1.mp4",
        PlannedRungs.source(1920, 1080, 30000.0 / 1001, 120));
  }

  @Test
  void theJobIsTheTemplateRungForRung() throws Exception {
    JsonNode template;
    try (InputStream in = TemplateCatalog.class.getResourceAsStream("/templates/vw-media-hls-v3.json")) {
      template = new ObjectMapper().readTree(in);
    }
    CreateJobRequest job = MediaConvertJobs.createJob(plannedFor1080p(), TARGET);
    Map<String, OutputGroup> groups = job.settings().outputGroups().stream()
        .collect(Collectors.toMap(OutputGroup::name, Function.identity()));
    Map<String, Output> outputs = groups.values().stream().map(g -> g.outputs().get(0))
        .collect(Collectors.toMap(o -> o.nameModifier().substring(1), Function.identity()));

    assertThat(outputs.keySet()).containsExactlyInAnyOrder("360p", "720p", "1080p", "audio"); // no 2160p from 1080p
    for (JsonNode rung : template.path("video")) {
      String name = rung.path("name").asText();
      if (!outputs.containsKey(name)) {
        continue;
      }
      H264Settings h264 = outputs.get(name).videoDescription().codecSettings().h264Settings();
      assertThat(outputs.get(name).videoDescription().height()).as(name).isEqualTo(rung.path("height").asInt());
      assertThat(h264.bitrate()).as(name).isEqualTo(rung.path("bitrateKbps").asInt() * 1000);
      assertThat(h264.maxBitrate()).as(name).isEqualTo(rung.path("maxBitrateKbps").asInt() * 1000);
      assertThat(h264.hrdBufferSize()).as(name).isEqualTo(rung.path("bufferKbits").asInt() * 1000);
      assertThat(h264.codecProfileAsString()).as(name).isEqualTo(rung.path("profile").asText().toUpperCase());
      assertThat(h264.codecLevelAsString()).as(name).isEqualTo("LEVEL_" + rung.path("level").asText().replace(".0", "").replace('.', '_'));
      assertThat(h264.gopSize()).as(name).isEqualTo(template.path("gopSeconds").asDouble());
      assertThat(h264.gopSizeUnitsAsString()).isEqualTo("SECONDS");
      assertThat(h264.gopClosedCadence()).isEqualTo(1);
      assertThat(h264.sceneChangeDetectAsString()).isEqualTo("DISABLED");
      assertThat(h264.rateControlModeAsString()).isEqualTo("VBR");
      assertThat(List.of(h264.framerateNumerator(), h264.framerateDenominator())).as(name).containsExactly(30000, 1001);
    }
    assertThat(outputs.get("1080p").videoDescription().width()).isEqualTo(1920);
    assertThat(outputs.get("360p").videoDescription().width()).isEqualTo(640);
    var aac = outputs.get("audio").audioDescriptions().get(0).codecSettings().aacSettings();
    assertThat(aac.bitrate()).isEqualTo(template.path("audio").path("bitrateKbps").asInt() * 1000);
    assertThat(aac.sampleRate()).isEqualTo(template.path("audio").path("sampleRate").asInt());
    assertThat(aac.codingModeAsString()).isEqualTo("CODING_MODE_2_0");
    assertThat(aac.codecProfileAsString()).isEqualTo("LC");

    assertThat(groups.keySet()).isEqualTo(outputs.keySet()); // one group per rung, named after it
    for (String rung : groups.keySet()) {
      CmafGroupSettings cmaf = groups.get(rung).outputGroupSettings().cmafGroupSettings();
      assertThat(cmaf.segmentLength()).isEqualTo(template.path("segmentSeconds").asInt());
      assertThat(cmaf.fragmentLength()).isEqualTo(template.path("gopSeconds").asInt());
      assertThat(cmaf.segmentControlAsString()).isEqualTo("SEGMENTED_FILES");
      assertThat(cmaf.destination()).as("the rung's staging folder, from which the workers store it in our layout")
          .isEqualTo("s3://vw-media-origin-dev/assets/mc-1/mediaconvert-a1/" + rung + "/cmaf");
    }
    assertThat(job.clientRequestToken()).isEqualTo("mc-1-a1");
    assertThat(job.userMetadata()).containsEntry("assetId", "mc-1").containsEntry("correlationId", "corr-1");
  }

  @Test
  void itsJsonForStepFunctionsUsesTheApisMemberNames() throws Exception {
    JsonNode body = ServiceJson.of(MediaConvertJobs.createJob(plannedFor1080p(), TARGET));

    assertThat(body.path("Role").asText()).isEqualTo(TARGET.roleArn());
    assertThat(body.path("Queue").asText()).isEqualTo(TARGET.queueArn());
    assertThat(body.path("UserMetadata").path("assetId").asText()).isEqualTo("mc-1");
    List<JsonNode> groups = StreamSupport.stream(body.path("Settings").path("OutputGroups").spliterator(), false).toList();
    assertThat(groups).allSatisfy(g ->
        assertThat(g.path("OutputGroupSettings").path("Type").asText()).isEqualTo("CMAF_GROUP_SETTINGS"));
    List<String> codecs = groups.stream().map(g -> g.path("Outputs").get(0))
        .map(o -> o.path("VideoDescription").path("CodecSettings").path("Codec").asText(
            o.path("AudioDescriptions").path(0).path("CodecSettings").path("Codec").asText()))
        .toList();
    assertThat(codecs).containsExactly("H_264", "H_264", "H_264", "AAC");
    assertThat(body.path("Settings").path("Inputs").get(0).path("FileInput").asText()).endsWith("/uploads/mc-1.mp4");
  }

  @Test
  void oneJobIsOneAssetsAttempt() {
    List<RenditionTask> tasks = new java.util.ArrayList<>(plannedFor1080p());
    tasks.set(1, RenditionTask.newBuilder(tasks.get(1)).setAssetId("other").build());

    assertThatThrownBy(() -> MediaConvertJobs.createJob(tasks, TARGET)).hasMessageContaining("one asset's attempt");
    assertThatThrownBy(() -> new MediaConvertJobs.Target("r", "q", "/local/folder")).hasMessageContaining("S3");
  }
}
