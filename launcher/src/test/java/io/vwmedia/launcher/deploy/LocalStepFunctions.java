package io.vwmedia.launcher.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The MediaConvert leg's state machine as {@code infrastructure/checks/stepfunctions.mjs} checks and runs it: npm
 * {@code asl-validator} for the definition, and npm {@code aws-local-stepfunctions}, a local Step Functions
 * interpreter (not AWS), for executions whose MediaConvert Task a stub answers (scenarios in
 * {@code infrastructure/checks/stepfunctions/mediaconvert-stub.mjs}). Any input file can be run, so a test of the
 * Java CreateJob builder can put its body into {@link #sampleInput()} and run that.
 */
final class LocalStepFunctions {

  static final Path DIR = InfraChecks.ROOT.resolve("infrastructure/stepfunctions");
  static final Path DEFINITION = DIR.resolve("media-transcode-orchestrator.asl.json");
  static final Path SAMPLE_INPUT = DIR.resolve("media-transcode-orchestrator.sample-input.json");
  static final String MEDIACONVERT_SYNC = "arn:aws:states:::mediaconvert:createJob.sync";

  private static final ObjectMapper JSON = new ObjectMapper();

  private LocalStepFunctions() {}

  /** asl-validator's verdict on a definition file: {@code valid}, {@code errors}, {@code taskResources}. */
  static InfraChecks.Result validate(Path definition) throws IOException, InterruptedException {
    return InfraChecks.node("stepfunctions.mjs", "validate", definition.toString());
  }

  /** One execution's report: {@code status}, {@code output} or {@code error}/{@code causeJson}, {@code states}, ... */
  static JsonNode run(Path input, String scenario, Path out, String... extra) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("run", DEFINITION.toString(), input.toString(), "--scenario", scenario,
        "--out", out.toString()));
    args.addAll(List.of(extra));
    InfraChecks.Result result = InfraChecks.node("stepfunctions.mjs", args.toArray(String[]::new));
    if (result.exitCode() != 0 || result.json() == null) {
      throw new AssertionError("stepfunctions.mjs run failed (" + result.exitCode() + "): " + result.stderr());
    }
    return result.json();
  }

  static ObjectNode definition() throws IOException {
    return (ObjectNode) JSON.readTree(Files.readString(DEFINITION));
  }

  static ObjectNode sampleInput() throws IOException {
    return (ObjectNode) JSON.readTree(Files.readString(SAMPLE_INPUT));
  }

  /** Writes a JSON document (a changed definition or input) to a file for the checker. */
  static Path write(JsonNode json, Path file) throws IOException {
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    return file;
  }
}
