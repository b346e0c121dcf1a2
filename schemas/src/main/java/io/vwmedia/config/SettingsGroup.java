package io.vwmedia.config;

import java.util.List;

/**
 * The settings one module reads, declared next to the code that reads them and found by {@link SettingsCatalog}
 * through {@link java.util.ServiceLoader}: a module adds its group to
 * {@code META-INF/services/io.vwmedia.config.SettingsGroup}, and the launcher validates and documents it without a
 * list kept by hand.
 */
public interface SettingsGroup {

  /** A short id, e.g. {@code worker}: the marker of the group's table in docs/configuration.md. */
  String name();

  /** A heading, e.g. "Worker". */
  String title();

  /** The {@code vw-media} commands that read these settings, e.g. {@code run}, {@code serve}, {@code worker}. */
  List<String> commands();

  /** The settings, in the order the docs list them. */
  List<Setting<?>> settings();

  /**
   * Checks what no one setting can check alone (e.g. one bound above another), with a {@link ConfigException};
   * called at start-up once each of this group's values is valid on its own.
   */
  default void check(Settings settings) {}

  /** A group with its parts as given: what a module's group class extends. */
  abstract class Declared implements SettingsGroup {
    private final String name;
    private final String title;
    private final List<String> commands;
    private final List<Setting<?>> settings;

    protected Declared(String name, String title, List<String> commands, Setting<?>... settings) {
      this.name = name;
      this.title = title;
      this.commands = List.copyOf(commands);
      this.settings = List.of(settings);
    }

    @Override
    public final String name() {
      return name;
    }

    @Override
    public final String title() {
      return title;
    }

    @Override
    public final List<String> commands() {
      return commands;
    }

    @Override
    public final List<Setting<?>> settings() {
      return settings;
    }
  }
}
