package io.vwmedia.launcher.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell commands a document shows: every line of its {@code sh} code blocks (continuation lines joined), cut at
 * {@code &&}, {@code ||}, {@code |} and {@code ;}, each with the folder it runs in ({@code cd} lines move it) and its
 * words, shell quotes removed. A command substitution {@code $(...)} is a command of its own and a single word
 * ({@code SUBST}) where it stands.
 */
record DocumentedCommands(Path document, List<Command> commands) {

  /** One command: where it runs (relative to the repository's root), its words, and the line it came from. */
  record Command(Path dir, List<String> words, String line) {
    String program() {
      return words.get(0);
    }
  }

  private static final Pattern BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\(([^()]*)\\)");
  private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");

  static DocumentedCommands read(Path document) throws IOException {
    List<Command> commands = new ArrayList<>();
    Matcher blocks = BLOCK.matcher(Files.readString(document));
    while (blocks.find()) {
      Path dir = Path.of("");
      for (String line : blocks.group(1).replace("\\\n", " ").split("\n")) {
        if (line.isBlank() || line.strip().startsWith("#")) {
          continue;
        }
        for (String part : substitutions(line, commands, dir)) {
          List<String> words = words(part);
          if (!words.isEmpty() && words.get(0).matches("[A-Za-z_][A-Za-z0-9_]*=\\(.*")) {
            continue; // NAME=(...): a shell array, no command
          }
          while (!words.isEmpty() && ASSIGNMENT.matcher(words.get(0)).matches()) {
            words.remove(0); // NAME=value before a command sets its environment
          }
          if (words.isEmpty() || words.get(0).equals("done") || words.get(0).equals("for")) {
            continue;
          }
          if (words.get(0).equals("do")) {
            words.remove(0);
          }
          if (words.get(0).equals("cd")) {
            dir = dir.resolve(words.get(1)).normalize();
            continue;
          }
          commands.add(new Command(dir, words, line.strip()));
        }
      }
    }
    return new DocumentedCommands(document, commands);
  }

  /** The line's commands, with each {@code $(...)} taken out as a command of its own. */
  private static List<String> substitutions(String line, List<Command> commands, Path dir) {
    String rest = line;
    Matcher m = SUBSTITUTION.matcher(rest);
    while (m.find()) {
      for (String inner : m.group(1).split("\\|")) {
        List<String> words = words(inner);
        if (!words.isEmpty()) {
          commands.add(new Command(dir, words, line.strip()));
        }
      }
      rest = rest.substring(0, m.start()) + "SUBST" + rest.substring(m.end());
      m = SUBSTITUTION.matcher(rest);
    }
    return split(rest);
  }

  /** The line cut at {@code &&}, {@code ||}, {@code |} and {@code ;} outside quotes. */
  private static List<String> split(String line) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote == '"' && i + 1 < line.length()) {
          part.append(c).append(line.charAt(++i));
          continue;
        }
        if (c == quote) {
          quote = 0;
        }
        part.append(c);
      } else if (c == '\'' || c == '"') {
        quote = c;
        part.append(c);
      } else if (c == '|' || c == ';' || (c == '&' && i + 1 < line.length() && line.charAt(i + 1) == '&')) {
        parts.add(part.toString());
        part.setLength(0);
        if (i + 1 < line.length() && (line.charAt(i + 1) == c)) {
          i++; // && or ||
        }
      } else {
        part.append(c);
      }
    }
    parts.add(part.toString());
    return parts;
  }

  /** Shell words: quotes removed, a quoted string one word. */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && quote == '"' && i + 1 < text.length()) {
          word.append(text.charAt(++i));
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
