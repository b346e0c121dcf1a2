package io.vwmedia.launcher;

import io.vwmedia.config.ConfigException;
import io.vwmedia.launcher.cli.CommonOptions;
import io.vwmedia.launcher.cli.ProbeStartupCommand;
import io.vwmedia.launcher.cli.RunCommand;
import io.vwmedia.launcher.cli.ServeCommand;
import io.vwmedia.launcher.cli.SubmitCommand;
import io.vwmedia.launcher.cli.TopologyCommand;
import io.vwmedia.launcher.cli.WorkerCommand;
import io.vwmedia.launcher.stack.StartupTimeline;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code vw-media} command: the embedded stack in one process, or each part against a Kafka cluster. */
@Command(
    name = "vw-media",
    mixinStandardHelpOptions = true,
    versionProvider = VwMedia.Version.class,
    description = "Event-driven video pipeline on Apache Kafka: an uploaded video in, an HLS + DASH ladder out.",
    subcommands = {RunCommand.class, ServeCommand.class, SubmitCommand.class, TopologyCommand.class, WorkerCommand.class,
        ProbeStartupCommand.class, CommandLine.HelpCommand.class})
public final class VwMedia implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  public static void main(String[] args) {
    StartupTimeline.process().mark("main");
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new VwMedia());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
        return refuse(commandLine, e);
      }
      throw e;
    });
    cli.setExecutionStrategy(parseResult -> {
      try {
        validateSettings(parseResult);
      } catch (ConfigException e) {
        return refuse(cli, e);
      }
      return new CommandLine.RunLast().execute(parseResult);
    });
    return cli;
  }

  /** Bad input: said on stderr, exit code 2 as picocli's for a bad option. */
  private static int refuse(CommandLine commandLine, Exception e) {
    commandLine.getErr().println("vw-media: " + e.getMessage());
    return CommandLine.ExitCode.USAGE;
  }

  /** The settings given to the command about to run, checked before it starts anything (not for --help). */
  private static void validateSettings(CommandLine.ParseResult parseResult) {
    for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
      if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) {
        return;
      }
    }
    for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
      for (CommandLine.Model.CommandSpec mixin : p.commandSpec().mixins().values()) {
        if (mixin.userObject() instanceof CommonOptions common) {
          common.validateSettings();
        }
      }
    }
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = VwMedia.class.getPackage().getImplementationVersion();
      return new String[] {"vw-media " + (v == null ? "dev" : v)};
    }
  }
}
