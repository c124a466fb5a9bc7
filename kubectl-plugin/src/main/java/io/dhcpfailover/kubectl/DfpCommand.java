package io.dhcpfailover.kubectl;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kubectl dfp}: kubectl finds the launcher {@code kubectl-dfp} on PATH and runs it with the
 * words after {@code dfp}. Every command talks to the API server of the user's kubeconfig only;
 * the nodes are reached through the API server's pod proxy.
 */
@Command(
    name = "kubectl dfp",
    mixinStandardHelpOptions = true,
    versionProvider = DfpCommand.Version.class,
    description = "Operate DhcpFailoverPairs (dfp): status, lease look-up, partner-down, supervised upgrades.",
    subcommands = {StatusCommand.class, LeasesCommand.class, PartnerDownCommand.class,
        ContinueUpgradeCommand.class})
public final class DfpCommand implements Runnable {
  @Spec CommandLine.Model.CommandSpec spec;

  final BufferedReader in;

  DfpCommand(BufferedReader in) {
    this.in = in;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "name a command: status, leases, partner-down or continue-upgrade");
  }

  /** Options every command takes, as kubectl's own. */
  static final class ClusterOptions {
    @Option(names = "--kubeconfig", description = "kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)")
    Path kubeconfig;

    @Option(names = "--context", description = "kubeconfig context (default: the current one)")
    String context;

    @Option(names = {"-n", "--namespace"}, description = "namespace of the pair (default: the context's)")
    String namespace;

    Cluster connect() throws java.io.IOException {
      return Cluster.connect(kubeconfig, context, namespace);
    }
  }

  /** The command line with the plugin's error handling: a clear message and exit code 1. */
  static CommandLine commandLine(BufferedReader in) {
    CommandLine cl = new CommandLine(new DfpCommand(in));
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      String message = e instanceof PluginException ? e.getMessage()
          : e instanceof KubernetesClientException k ? "the API server: " + k.getMessage()
          : e.toString();
      line.getErr().println("error: " + message);
      line.getErr().flush();
      return 1;
    });
    return cl;
  }

  public static void main(String[] args) {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    System.exit(commandLine(in).execute(args));
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = DfpCommand.class.getPackage().getImplementationVersion();
      return new String[] {"kubectl-dfp " + (v == null ? "dev" : v)};
    }
  }
}
