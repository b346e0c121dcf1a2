package io.vwmedia.launcher.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What a command printed on stdout, on stderr, and its exit code: for tools whose output is not JSON (docker, kubectl). */
record CommandOutput(int exitCode, String stdout, String stderr) {

  static CommandOutput run(int minutes, Map<String, String> env, List<String> cmd) throws IOException, InterruptedException {
    Path out = Files.createTempFile("vw-command-", ".out");
    Path err = Files.createTempFile("vw-command-", ".err");
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("timed out after " + minutes + " min: " + String.join(" ", cmd));
      }
      return new CommandOutput(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
