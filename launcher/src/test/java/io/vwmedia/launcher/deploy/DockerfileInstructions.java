package io.vwmedia.launcher.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read as Docker reads it, enough to check what an image will run: instructions joined across {@code \}
 * continuation lines (comment lines inside a continuation skipped), grouped by build stage, with the exec-form
 * (JSON array) arguments of {@code ENTRYPOINT}/{@code CMD} and the {@code key=value} pairs of {@code ENV} and
 * {@code LABEL}. Comments are kept apart: the commands they document are checked too.
 */
record DockerfileInstructions(List<Stage> stages, List<String> comments) {

  /** One instruction: its keyword (upper case) and everything after it, continuation lines joined. */
  record Instruction(String keyword, String arguments) {

    /** The exec form's arguments ({@code ["java", "-jar", ...]}); an AssertionError for the shell form. */
    List<String> execForm() {
      if (!arguments.startsWith("[")) {
        throw new AssertionError(keyword + " " + arguments + " is in shell form: use the exec form (a JSON array)"
            + " so the JVM is PID 1 and gets SIGTERM");
      }
      try {
        return new ObjectMapper().readValue(arguments, new TypeReference<List<String>>() {});
      } catch (IOException e) {
        throw new AssertionError(keyword + " " + arguments + " is not a JSON array: " + e.getMessage(), e);
      }
    }
  }

  /** A build stage: its {@code FROM} image, its name ({@code AS name}) if any, and its instructions. */
  record Stage(String image, String name, List<Instruction> instructions) {

    List<Instruction> all(String keyword) {
      return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** The last instruction with this keyword (the one Docker keeps for CMD, ENTRYPOINT, USER, WORKDIR). */
    Instruction last(String keyword) {
      List<Instruction> found = all(keyword);
      if (found.isEmpty()) {
        throw new AssertionError("stage FROM " + image + " has no " + keyword);
      }
      return found.get(found.size() - 1);
    }

    /** Every {@code ENV} of the stage, in order, later values winning. */
    Map<String, String> env() {
      Map<String, String> env = new LinkedHashMap<>();
      all("ENV").forEach(i -> env.putAll(pairs(i.arguments())));
      return env;
    }

    Map<String, String> labels() {
      Map<String, String> labels = new LinkedHashMap<>();
      all("LABEL").forEach(i -> labels.putAll(pairs(i.arguments())));
      return labels;
    }
  }

  private static final Pattern PAIR = Pattern.compile("([A-Za-z0-9_.-]+)=(\"((?:[^\"\\\\]|\\\\.)*)\"|(\\S*))");
  private static final Pattern FROM = Pattern.compile("(?:--platform=\\S+\\s+)?(\\S+)(?:\\s+[Aa][Ss]\\s+(\\S+))?");

  static DockerfileInstructions read(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  static DockerfileInstructions parse(String text) {
    List<Stage> stages = new ArrayList<>();
    List<String> comments = new ArrayList<>();
    List<Instruction> current = null;
    StringBuilder pending = new StringBuilder();
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      if (line.startsWith("#")) {
        if (pending.isEmpty()) comments.add(line.substring(1).strip());
        continue; // a comment inside a continuation is dropped, as Docker does
      }
      if (line.isEmpty() && pending.isEmpty()) {
        continue;
      }
      if (line.endsWith("\\")) {
        pending.append(line.substring(0, line.length() - 1).stripTrailing()).append(' ');
        continue;
      }
      pending.append(line);
      String joined = pending.toString().strip();
      pending.setLength(0);
      if (joined.isEmpty()) continue;
      String[] parts = joined.split("\\s+", 2);
      Instruction instruction = new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1].strip() : "");
      if (instruction.keyword().equals("FROM")) {
        Matcher m = FROM.matcher(instruction.arguments());
        if (!m.matches()) throw new AssertionError("cannot read FROM " + instruction.arguments());
        current = new ArrayList<>();
        stages.add(new Stage(m.group(1), m.group(2), current));
      } else if (current == null) {
        if (!instruction.keyword().equals("ARG")) throw new AssertionError(joined + " comes before any FROM");
      } else {
        current.add(instruction);
      }
    }
    return new DockerfileInstructions(List.copyOf(stages), List.copyOf(comments));
  }

  /** The stage the image is made of: the last one. */
  Stage runtime() {
    return stages.get(stages.size() - 1);
  }

  Stage stage(String name) {
    return stages.stream().filter(s -> name.equals(s.name())).findFirst()
        .orElseThrow(() -> new AssertionError("no stage named " + name));
  }

  /** {@code KEY=value KEY2="quoted value"} as a map (the legacy {@code ENV KEY value} form is refused). */
  static Map<String, String> pairs(String arguments) {
    Map<String, String> pairs = new LinkedHashMap<>();
    Matcher m = PAIR.matcher(arguments);
    int end = 0;
    while (m.find()) {
      if (!arguments.substring(end, m.start()).isBlank()) {
        throw new AssertionError("cannot read '" + arguments + "' as KEY=value pairs");
      }
      pairs.put(m.group(1), m.group(3) != null ? m.group(3).replace("\\\"", "\"") : m.group(4));
      end = m.end();
    }
    if (pairs.isEmpty() || !arguments.substring(end).isBlank()) {
      throw new AssertionError("cannot read '" + arguments + "' as KEY=value pairs");
    }
    return pairs;
  }
}
