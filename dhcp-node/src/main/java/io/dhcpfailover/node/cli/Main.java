package io.dhcpfailover.node.cli;

import ch.qos.logback.classic.LoggerContext;
import io.dhcpfailover.node.DhcpNode;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dhcp-node} command. */
@Command(
    name = "dhcp-node",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "A DHCPv4 server node of a DhcpFailoverPair.",
    subcommands = {
      ServeCommand.class, LeasesCommand.class, PartnerDownCommand.class, TlsCommand.class,
      ImportCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    int code = run(args);
    stopLogging();
    System.exit(code);
  }

  /** Runs the command line and returns its exit code (for tests). */
  public static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command: serve, leases, partner-down, tls or import");
  }

  /** Flushes the asynchronous log appender. */
  static void stopLogging() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
      ctx.stop();
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"dhcp-node " + DhcpNode.version()};
    }
  }
}
