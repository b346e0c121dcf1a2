package io.vwmedia.launcher.mediaconvert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vwmedia.aws.mediaconvert.ExecutionInput;
import io.vwmedia.aws.mediaconvert.MediaConvertJobs;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.launcher.deploy.InfraChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The state machine's sample input ({@code infrastructure/stepfunctions/*.sample-input.json}), which the local Step
 * Functions runs on every path, is exactly what the Java side sends for {@code vw-media-hls-v3} on a 10-minute 1080p30
 * source: planned by the topology's planner, built by {@link ExecutionInput}. With {@code -DwriteSamples=true} the
 * test writes it.
 */
class ExecutionInputSampleTest {

  static final Path SAMPLE = InfraChecks.ROOT.resolve(
      "infrastructure/stepfunctions/media-transcode-orchestrator.sample-input.json");
  static final MediaConvertJobs.Target DEV = new MediaConvertJobs.Target(
      "arn:aws:iam::123456789012:role/vw-media-dev-mediaconvert",
      "arn:aws:mediaconvert:eu-west-1:123456789012:queues/vw-media-dev", "s3://vw-media-origin-dev");

  static List<RenditionTask> tasks() {
    return PlannedRungs.of("a-7f3c9e21", "c0ffee00-1d2e-4f5a-9b8c-7d6e5f4a3b2c",
        "s3://vw-media-sources-dev/a-7f3c9e21/source.mp4", PlannedRungs.source(1920, 1080, 30, 596.4));
  }

  @Test
  void theSampleIsWhatTheJavaSideSends() throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode built = json.readTree(json.writeValueAsString(ExecutionInput.of(tasks(), DEV))); // as any reader sees it
    if (Boolean.getBoolean("writeSamples")) {
      Files.writeString(SAMPLE, json.writerWithDefaultPrettyPrinter().writeValueAsString(built) + "\n");
    }

    assertThat(json.readTree(SAMPLE.toFile())).as("%s: run with -DwriteSamples=true", SAMPLE).isEqualTo(built);
    assertThat(built.path("jobTimeoutSeconds").asLong()).isEqualTo(4479); // ceil(900 + 6 x 596.4)
    assertThat(built.path("createJob").path("ClientRequestToken").asText()).isEqualTo("a-7f3c9e21-a1");
    assertThat(built.path("createJob").path("Settings").path("OutputGroups").findValuesAsText("Name"))
        .contains("360p", "720p", "1080p", "audio");
  }
}
