package io.vwmedia.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every {@code vw.*} setting of the modules on the class path, found through {@link ServiceLoader}: checks what a
 * command was given before anything starts, reporting every problem at once (an unknown key with the nearest known
 * one, a value a setting does not accept), and renders the tables of docs/configuration.md.
 */
public final class SettingsCatalog {

  /**
   * {@code VW_*} environment variables that are not settings: the data folder ({@code --data-dir}'s default), log
   * levels (logback.xml), and what bin/vw-media, bin/test and bin/lib/ensure-tools.sh read or set.
   */
  public static final Set<String> RESERVED_ENVIRONMENT = Set.of(
      "VW_DATA_DIR", "VW_LOG_LEVEL", "VW_KAFKA_LOG_LEVEL", "VW_JAVA_OPTS", "VW_JAR", "VW_NO_BUILD", "VW_CDS", "VW_CDS_DIR",
      "VW_APT_UPDATED",
      "VW_CHROMIUM", "VW_HOME");

  private static final Pattern BLOCK = Pattern.compile(
      "(<!-- settings:([a-z0-9-]+) -->\\n)(.*?)(<!-- /settings:\\2 -->)", Pattern.DOTALL);

  private final List<SettingsGroup> groups;
  private final Map<String, Setting<?>> byKey = new LinkedHashMap<>();
  private final Map<String, Setting<?>> byVariable = new LinkedHashMap<>();
  private final Map<Setting<?>, SettingsGroup> groupOf = new HashMap<>();

  private SettingsCatalog(List<SettingsGroup> groups) {
    this.groups = List.copyOf(groups);
    Set<String> names = new HashSet<>();
    for (SettingsGroup group : groups) {
      if (!names.add(group.name())) {
        throw new IllegalStateException("two settings groups are named " + group.name());
      }
      for (Setting<?> setting : group.settings()) {
        if (byKey.put(setting.key(), setting) != null || byVariable.put(setting.environmentVariable(), setting) != null) {
          throw new IllegalStateException(setting.key() + " is declared twice (or its environment variable is)");
        }
        groupOf.put(setting, group);
        if (RESERVED_ENVIRONMENT.contains(setting.environmentVariable())) {
          throw new IllegalStateException(setting.key() + " is read from " + setting.environmentVariable()
              + ", which is reserved for something else");
        }
      }
    }
    for (Setting<?> setting : byKey.values()) {
      for (String former : setting.formerKeys()) {
        if (byKey.containsKey(former)) {
          throw new IllegalStateException(setting.key() + " replaces " + former + ", which is still declared");
        }
      }
    }
  }

  /** The groups every module on the class path declares in {@code META-INF/services/io.vwmedia.config.SettingsGroup}. */
  public static SettingsCatalog load() {
    List<SettingsGroup> found = new ArrayList<>();
    ServiceLoader.load(SettingsGroup.class, SettingsCatalog.class.getClassLoader()).forEach(found::add);
    found.sort(Comparator.comparing(SettingsGroup::name));
    return new SettingsCatalog(found);
  }

  public static SettingsCatalog of(List<SettingsGroup> groups) {
    return new SettingsCatalog(groups);
  }

  public List<SettingsGroup> groups() {
    return groups;
  }

  public Optional<Setting<?>> find(String key) {
    return Optional.ofNullable(byKey.get(key));
  }

  /** Refuses {@code settings} with every problem in one message, or returns them when all is well. */
  public Settings validate(Settings settings) {
    List<String> problems = problems(settings);
    if (!problems.isEmpty()) {
      throw new ConfigException((problems.size() == 1 ? "a setting is" : problems.size() + " settings are")
          + " refused (see docs/configuration.md):\n  " + String.join("\n  ", problems));
    }
    return settings;
  }

  /**
   * What is wrong with the values given: unknown keys, values their setting does not accept, and what a group's own
   * check refuses in the groups whose values are each valid.
   */
  public List<String> problems(Settings settings) {
    List<String> problems = new ArrayList<>();
    Set<SettingsGroup> invalid = new HashSet<>();
    for (Settings.Given given : settings.given()) {
      boolean environment = given.origin() == Settings.Origin.ENVIRONMENT;
      if (environment && RESERVED_ENVIRONMENT.contains(given.name())) {
        continue;
      }
      Setting<?> setting = (environment ? byVariable : byKey).get(given.name());
      if (setting == null) {
        problems.add(unknown(given, environment));
      } else if (!given.value().isBlank()) {
        try {
          setting.parse(given.value());
        } catch (ConfigException e) {
          problems.add(given + ": " + setting.refusal(given.value()));
          invalid.add(groupOf.get(setting));
        }
      }
    }
    for (SettingsGroup group : groups) {
      try {
        if (!invalid.contains(group)) {
          group.check(settings);
        }
      } catch (ConfigException e) {
        problems.add(e.getMessage());
      }
    }
    return problems;
  }

  private String unknown(Settings.Given given, boolean environment) {
    Function<String, String> name = environment ? Settings::environmentVariable : Function.identity();
    for (Setting<?> setting : byKey.values()) {
      for (String former : setting.formerKeys()) {
        if (name.apply(former).equals(given.name())) {
          return given + " is no longer read: use " + shown(setting, environment) + " instead";
        }
      }
    }
    Setting<?> nearest = null;
    int best = Integer.MAX_VALUE;
    for (Setting<?> setting : byKey.values()) {
      int d = distance(given.name(), name.apply(setting.key()));
      if (d < best) {
        best = d;
        nearest = setting;
      }
    }
    String unknown = given + " is not a setting";
    return nearest != null && best <= Math.max(2, given.name().length() / 5)
        ? unknown + ": did you mean " + shown(nearest, environment) + "?"
        : unknown;
  }

  private static String shown(Setting<?> setting, boolean environment) {
    return environment ? setting.environmentVariable() + " (" + setting.key() + ")" : setting.key();
  }

  /** Damerau-Levenshtein distance (optimal string alignment): edits, with a swap of two neighbours one edit. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) d[i][0] = i;
    for (int j = 0; j <= b.length(); j++) d[0][j] = j;
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  /** A group's part of docs/configuration.md: who reads it and its table of key, default and meaning. */
  public static String markdown(SettingsGroup group) {
    StringBuilder md = new StringBuilder("Read by ");
    List<String> commands = group.commands().stream().map(c -> "`" + c + "`").toList();
    md.append(commands.size() == 1 ? commands.get(0)
        : String.join(", ", commands.subList(0, commands.size() - 1)) + " and " + commands.get(commands.size() - 1));
    md.append(".\n\n| key | default | meaning |\n|---|---|---|\n");
    for (Setting<?> s : group.settings()) {
      md.append("| `").append(s.key()).append("` | ").append(cell(s.defaultText())).append(" | ")
          .append(cell(s.doc())).append(" |\n");
    }
    return md.toString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }

  /**
   * {@code document} with the block between {@code <!-- settings:NAME -->} and {@code <!-- /settings:NAME -->}
   * of each group rendered again; every group must have its block, and every block its group.
   */
  public String renderInto(String document) {
    Map<String, SettingsGroup> byName = new LinkedHashMap<>();
    groups.forEach(g -> byName.put(g.name(), g));
    Set<String> seen = new HashSet<>();
    Matcher m = BLOCK.matcher(document);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      SettingsGroup group = byName.get(m.group(2));
      if (group == null) {
        throw new IllegalStateException("the document has a block for settings group " + m.group(2) + ", which no module declares");
      }
      seen.add(group.name());
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + markdown(group) + m.group(4)));
    }
    m.appendTail(out);
    for (String name : byName.keySet()) {
      if (!seen.contains(name)) {
        throw new IllegalStateException("the document has no <!-- settings:" + name + " --> ... <!-- /settings:"
            + name + " --> block for settings group " + name);
      }
    }
    return out.toString();
  }
}
