package io.vwmedia.simulation.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bench/simulate.sh}: the cluster simulation's command line. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    subcommands = {RunCommand.class, SizeCommand.class},
    description = {"A discrete-event simulation of a vw-media cluster: uploads planned into rung or chunk tasks on Kafka,",
        "KEDA-scaled CPU (x264) and GPU (NVENC) worker pools. See docs/scaling.md."})
public final class SimulateCommand implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SimulateCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }
}
