package io.vwmedia.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.launcher.VwMedia;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The real command line refuses bad settings before it starts anything: no data folder, no broker, no encode. */
class SettingsValidationTest {

  @TempDir Path dir;

  record Outcome(int exit, String stderr) {}

  Outcome vwMedia(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = VwMedia.commandLine();
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Outcome(exit, err.toString());
  }

  @Test
  @Timeout(20) // a run that started the stack would take longer than this
  void runWithAMisspeltKeyExitsBeforeAnythingStartsNamingTheKeyAndTheNearestOne() throws Exception {
    Path data = dir.resolve("data");
    Path clip = Files.writeString(dir.resolve("x.mp4"), "never read");

    Outcome outcome = vwMedia("run", "--data-dir", data.toString(), "-s", "vw.worker.concurency=2", clip.toString());

    assertThat(outcome.exit()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(outcome.stderr()).contains(
        "vw.worker.concurency (option -s) is not a setting: did you mean vw.worker.concurrency?");
    assertThat(data).as("no data folder, so no broker, registry or storage was started").doesNotExist();
  }

  @Test
  void everyCommandReportsEveryProblemAtOnce() {
    for (String command : List.of("run", "serve", "topology", "worker", "submit")) {
      List<String> args = new ArrayList<>(List.of(command, "--data-dir", dir.resolve(command).toString(),
          "-s", "vw.worker.concurrency=0", "-s", "vw.storage.public-base-url=https://cdn.example.com",
          "-s", "vw.retry.delay=soon"));
      if (command.equals("submit")) args.add("x.mp4");

      Outcome outcome = vwMedia(args.toArray(String[]::new));

      assertThat(outcome.exit()).as(command).isEqualTo(2);
      assertThat(outcome.stderr()).as(command).contains(
          "3 settings are refused",
          "vw.worker.concurrency (option -s): '0' is not allowed; expected a whole number from 1 to 64",
          "vw.storage.public-base-url (option -s) is no longer read: use vw.publish.base-url instead",
          "vw.retry.delay (option -s): 'soon' is not allowed; expected a duration");
      assertThat(dir.resolve(command)).as(command).doesNotExist();
    }
  }

  @Test
  void aSystemPropertyIsCheckedToo() {
    System.setProperty("vw.embedded.kafka-prot", "9092");
    try {
      Outcome outcome = vwMedia("serve", "--data-dir", dir.resolve("data").toString());
      assertThat(outcome.exit()).isEqualTo(2);
      assertThat(outcome.stderr()).contains(
          "vw.embedded.kafka-prot (system property) is not a setting: did you mean vw.embedded.kafka-port?");
    } finally {
      System.clearProperty("vw.embedded.kafka-prot");
    }
  }

  @Test
  void helpIsGivenWhateverTheSettings() {
    assertThat(vwMedia("run", "--help", "-s", "vw.worker.concurency=2").exit()).isZero();
  }
}
