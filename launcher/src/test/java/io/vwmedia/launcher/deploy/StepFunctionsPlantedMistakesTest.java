package io.vwmedia.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * asl-validator refuses the mistakes Step Functions would only refuse at CreateStateMachine time (or not at all): a
 * copy of the definition with one mistake planted fails validation with a message naming it.
 */
class StepFunctionsPlantedMistakesTest {

  @TempDir Path tmp;

  @Test
  void aNextToAStateThatDoesNotExistIsRefused() throws Exception {
    ObjectNode definition = LocalStepFunctions.definition();
    task(definition).put("Next", "RecordSucess");

    assertRefused(definition, "Missing 'StartAt'|'Next'|'Default' target: RecordSucess");
  }

  @Test
  void aMisspeltStateFieldIsRefused() throws Exception {
    ObjectNode definition = LocalStepFunctions.definition();
    task(definition).set("TimeoutSecondPath", task(definition).remove("TimeoutSecondsPath"));

    assertRefused(definition, "/States/CreateMediaConvertJob is invalid");
  }

  @Test
  void aMalformedPathInParametersIsRefused() throws Exception {
    ObjectNode definition = LocalStepFunctions.definition();
    ((ObjectNode) task(definition).get("Parameters")).put("Settings.$", "$.createJob..[Settings");

    assertRefused(definition, "/States/CreateMediaConvertJob/Parameters/Settings.$ is invalid");
  }

  private static ObjectNode task(ObjectNode definition) {
    return (ObjectNode) definition.get("States").get("CreateMediaConvertJob");
  }

  private void assertRefused(ObjectNode definition, String message) throws Exception {
    InfraChecks.Result result = LocalStepFunctions.validate(LocalStepFunctions.write(definition, tmp.resolve("planted.asl.json")));

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.json().get("valid").asBoolean()).isFalse();
    assertThat(result.json().get("errors").findValuesAsText("message")).anySatisfy(m -> assertThat(m).contains(message));
  }
}
