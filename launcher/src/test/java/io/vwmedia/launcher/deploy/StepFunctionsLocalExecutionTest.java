package io.vwmedia.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vwmedia.worker.cmaf.CmafInspector;
import io.vwmedia.worker.cmaf.FragmentInfo;
import io.vwmedia.worker.cmaf.TrackInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MediaConvert leg's state machine executed in a local Step Functions interpreter (npm aws-local-stepfunctions,
 * not AWS), its MediaConvert Task answered by a stub that checks the CreateJob body of the sample input and, on
 * success, writes real CMAF with FFmpeg where the request's CMAF groups point. Each path the backend must handle:
 * a completed job, throttling absorbed by the Retry, throttling that outlasts it, a job ending in ERROR, a job
 * outliving its timeout, a body the service would refuse, and an input the Task cannot even read.
 */
class StepFunctionsLocalExecutionTest {

  @TempDir Path out;

  @Test
  void aCompletedJobLeavesCmafRungsInTheAssetsFoldersTheOutputNames() throws Exception {
    JsonNode report = LocalStepFunctions.run(LocalStepFunctions.SAMPLE_INPUT, "success", out);
    JsonNode output = report.get("output");

    assertThat(report.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(texts(report.get("states"))).containsExactly("CreateMediaConvertJob", "RecordSuccess");
    assertThat(output.get("status").asText()).isEqualTo("COMPLETE");
    assertThat(output.get("jobId").asText()).isNotBlank();
    assertThat(output.get("assetId").asText()).isEqualTo("a-7f3c9e21");
    assertThat(texts(output.get("rungs"))).containsExactly("360p", "720p", "1080p", "audio");
    assertThat(texts(output.get("destinations"))).allSatisfy(d -> assertThat(d).startsWith("s3://vw-media-origin-dev/assets/a-7f3c9e21/"));

    JsonNode groups = LocalStepFunctions.sampleInput().at("/createJob/Settings/OutputGroups");
    for (int i = 0; i < groups.size(); i++) {
      String rung = output.get("rungs").get(i).asText();
      JsonNode video = groups.get(i).at("/Outputs/0/VideoDescription");
      Path folder = out.resolve("assets/a-7f3c9e21/mediaconvert-a1/" + rung);
      RungFiles files = RungFiles.in(folder);

      TrackInfo track = CmafInspector.readInit(files.init());
      if (video.isMissingNode()) {
        assertThat(track.codecs()).as(rung).isEqualTo("mp4a.40.2");
        assertThat(track.sampleRate()).isEqualTo(48000);
        assertThat(track.channels()).isEqualTo(2);
      } else {
        assertThat(track.codecs()).as("%s: H.264 High", rung).startsWith("avc1.64");
        assertThat(track.width()).isEqualTo(video.get("Width").asInt());
        assertThat(track.height()).isEqualTo(video.get("Height").asInt());
        assertThat(output.at("/outputGroupDetails/" + i + "/OutputDetails/0/VideoDetails/HeightInPx").asInt())
            .isEqualTo(video.get("Height").asInt());
      }
      assertThat(files.media()).as(rung).hasSizeGreaterThanOrEqualTo(2);
      FragmentInfo first = CmafInspector.readSegment(files.media().get(0), track);
      assertThat(first.startsWithSyncSample()).as("%s starts on a keyframe", rung).isTrue();
      assertThat((double) first.duration() / track.timescale()).as("%s: the template's 4 s segments", rung)
          .isCloseTo(4.0, org.assertj.core.data.Offset.offset(0.05));
    }
  }

  @Test
  void aThrottledCreateJobIsRetriedAndTheJobCompletes() throws Exception {
    JsonNode report = LocalStepFunctions.run(LocalStepFunctions.SAMPLE_INPUT, "throttle", out);

    assertThat(report.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(report.get("retries")).hasSize(1);
    assertThat(report.at("/retries/0/errorEquals/0").asText()).isEqualTo("MediaConvert.TooManyRequestsException");
    assertThat(report.get("caught")).isEmpty();
    assertThat(texts(report.get("stubCalls").findValues("outcome"))).containsExactly("throttled", "complete");
  }

  @Test
  void throttlingThatOutlastsTheRetriesIsCaughtAndRecorded() throws Exception {
    JsonNode report = LocalStepFunctions.run(LocalStepFunctions.SAMPLE_INPUT, "throttle-forever", out);

    assertThat(report.get("status").asText()).isEqualTo("FAILED");
    assertThat(report.get("retries")).as("MaxAttempts of the throttling retrier").hasSize(6);
    assertThat(report.get("stubCalls")).hasSize(7);
    assertThat(report.get("error").asText()).isEqualTo("MediaConvert.TooManyRequestsException");
    assertThat(report.at("/causeJson/status").asText()).isEqualTo("FAILED");
    assertThat(report.at("/causeJson/correlationId").asText()).isEqualTo("c0ffee00-1d2e-4f5a-9b8c-7d6e5f4a3b2c");
    assertThat(texts(report.get("states"))).endsWith("RecordServiceFailure", "SerializeFailure", "TranscodeFailed");
  }

  @Test
  void aJobThatEndsInErrorEndsInTheCatchPathWithMediaConvertsCodeAndMessage() throws Exception {
    JsonNode report = LocalStepFunctions.run(LocalStepFunctions.SAMPLE_INPUT, "job-error", out);

    assertThat(report.get("status").asText()).isEqualTo("FAILED");
    assertThat(report.get("retries")).as("a failed job is not retried").isEmpty();
    assertThat(report.at("/caught/0/state").asText()).isEqualTo("CreateMediaConvertJob");
    assertThat(texts(report.get("states"))).containsExactly("CreateMediaConvertJob", "IsJobError", "ReadJobError",
        "HasJobErrorCode", "RecordJobFailure", "SerializeFailure", "TranscodeFailed");
    assertThat(report.get("error").asText()).isEqualTo("MediaConvert.JobError");
    JsonNode cause = report.get("causeJson");
    assertThat(cause.get("errorCode").asInt()).isEqualTo(1010);
    assertThat(cause.get("message").asText()).startsWith("Unable to open input file");
    assertThat(cause.get("jobId").asText()).isNotBlank();
    assertThat(cause.get("assetId").asText()).isEqualTo("a-7f3c9e21");
  }

  @Test
  void aJobOutlivingItsTimeoutIsCaughtNotRetried() throws Exception {
    JsonNode report = LocalStepFunctions.run(LocalStepFunctions.SAMPLE_INPUT, "timeout", out, "--job-timeout-seconds", "1");

    assertThat(report.get("status").asText()).isEqualTo("FAILED");
    assertThat(report.get("retries")).isEmpty();
    assertThat(report.get("error").asText()).isEqualTo("States.Timeout");
    assertThat(report.at("/causeJson/errorCode").asText()).isEqualTo("States.Timeout");
  }

  @Test
  void aCreateJobBodyTheStubCannotAcceptIsRefusedNotRetried() throws Exception {
    ObjectNode input = LocalStepFunctions.sampleInput();
    ((ObjectNode) input.at("/createJob/UserMetadata")).put("assetId", "someone-else");
    ((ObjectNode) input.at("/createJob/Settings/OutputGroups/0/Outputs/0/VideoDescription/CodecSettings/H264Settings"))
        .put("RateControlMode", "QVBR");

    JsonNode report = LocalStepFunctions.run(LocalStepFunctions.write(input, out.resolve("input.json")), "success", out);

    assertThat(report.get("status").asText()).isEqualTo("FAILED");
    assertThat(report.get("error").asText()).isEqualTo("MediaConvert.BadRequestException");
    assertThat(report.get("retries")).isEmpty();
    assertThat(report.at("/causeJson/message").asText())
        .contains("UserMetadata.assetId must be a-7f3c9e21, was someone-else")
        .contains("RateControlMode must be VBR or CBR (not QVBR), was QVBR");
    assertThat(out.resolve("assets")).doesNotExist();
  }

  @Test
  void anInputWithoutAFieldTheTaskForwardsFailsTheExecutionUncaught() throws Exception {
    ObjectNode input = LocalStepFunctions.sampleInput();
    ((ObjectNode) input.get("createJob")).remove("ClientRequestToken");

    JsonNode report = LocalStepFunctions.run(LocalStepFunctions.write(input, out.resolve("input.json")), "success", out);

    assertThat(report.get("status").asText()).isEqualTo("FAILED");
    assertThat(report.get("error").asText()).isEqualTo("States.Runtime");
    assertThat(report.get("cause").asText()).contains("$.createJob.ClientRequestToken");
    assertThat(report.get("caught")).as("Step Functions never catches States.Runtime").isEmpty();
    assertThat(report.get("stubCalls")).isEmpty();
  }

  private static List<String> texts(Iterable<JsonNode> nodes) {
    List<String> texts = new ArrayList<>();
    nodes.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  /** A rung folder's CMAF files, told apart by their boxes (init: ftyp+moov; media: moof+mdat), not their names. */
  private record RungFiles(Path init, List<Path> media) {

    static RungFiles in(Path folder) throws IOException {
      Path init = null;
      List<Path> media = new ArrayList<>();
      try (Stream<Path> files = Files.list(folder)) {
        for (Path file : files.sorted().toList()) {
          List<String> boxes = topLevelBoxes(file);
          if (boxes.contains("moov")) {
            assertThat(init).as("one init segment in %s", folder).isNull();
            init = file;
          } else if (boxes.contains("moof")) {
            assertThat(boxes).as(file.toString()).contains("mdat");
            media.add(file);
          }
        }
      }
      assertThat(init).as("an init segment in %s", folder).isNotNull();
      return new RungFiles(init, media);
    }

    private static List<String> topLevelBoxes(Path file) throws IOException {
      ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
      List<String> types = new ArrayList<>();
      while (bytes.remaining() >= 8) {
        int start = bytes.position();
        long size = Integer.toUnsignedLong(bytes.getInt());
        byte[] type = new byte[4];
        bytes.get(type);
        if (size == 1) {
          size = bytes.getLong();
        }
        String name = new String(type, StandardCharsets.ISO_8859_1);
        if (size < 8 || start + size > bytes.limit() || !name.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
          return List.of(); // not ISO BMFF (a playlist)
        }
        types.add(name);
        bytes.position((int) (start + size));
      }
      return types;
    }
  }
}
