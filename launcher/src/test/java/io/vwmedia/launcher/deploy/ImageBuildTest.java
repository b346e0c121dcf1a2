package io.vwmedia.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.launcher.TestBrokers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Builds each image and runs it, where Docker answers (the CI workflow; skipped here, "no Docker on this machine"):
 * the CLI starts from the entrypoint, the user is 10001, and the FFmpeg inside has the encoders its pool needs.
 */
class ImageBuildTest {

  @BeforeEach
  void needsDocker() {
    TestBrokers.assumeDocker();
  }

  @ParameterizedTest
  @CsvSource({"Dockerfile, vw-media-test:cpu, libx264", "Dockerfile.gpu, vw-media-test:gpu, h264_nvenc"})
  void buildsAndStartsTheCliAsUser10001WithTheEncoderItsPoolNeeds(String file, String tag, String encoder) throws Exception {
    CommandOutput build = docker(45, "build", "-f", InfraChecks.ROOT.resolve(file).toString(), "-t", tag,
        "--build-arg", "VERSION=test", InfraChecks.ROOT.toString());
    assertThat(build.exitCode()).as(build.stderr()).isZero();

    CommandOutput version = docker(2, "run", "--rm", tag, "--version");
    assertThat(version.exitCode()).as(version.stderr()).isZero();
    assertThat(version.stdout()).contains("vw-media");
    for (String command : List.of("worker", "topology")) {
      CommandOutput help = docker(2, "run", "--rm", tag, command, "--help");
      assertThat(help.exitCode()).as(help.stderr()).isZero();
    }
    assertThat(docker(2, "run", "--rm", "--entrypoint", "id", tag, "-u").stdout().strip()).isEqualTo(ContainerImageTest.UID);
    CommandOutput encoders = docker(2, "run", "--rm", "--entrypoint", "ffmpeg", tag, "-hide_banner", "-encoders");
    assertThat(encoders.stdout()).contains(encoder, "libx264", "aac");
  }

  static CommandOutput docker(int minutes, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("docker"));
    cmd.addAll(List.of(args));
    return CommandOutput.run(minutes, Map.of("DOCKER_BUILDKIT", "1"), cmd);
  }
}
