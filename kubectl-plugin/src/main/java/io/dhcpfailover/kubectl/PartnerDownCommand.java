package io.dhcpfailover.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code kubectl dfp partner-down NAME --node primary|secondary [--yes]}. */
@Command(name = "partner-down", mixinStandardHelpOptions = true,
    description = "Tell one node that its partner is down (failover PARTNER-DOWN): it then serves"
        + " every client alone. Asks for the pair's name unless --yes.")
final class PartnerDownCommand implements Callable<Integer> {
  enum Role { primary, secondary }

  @Spec CommandLine.Model.CommandSpec spec;
  @ParentCommand DfpCommand parent;
  @Mixin DfpCommand.ClusterOptions cluster;

  @Parameters(index = "0", paramLabel = "NAME", description = "the DhcpFailoverPair")
  String name;

  @Option(names = "--node", required = true, paramLabel = "primary|secondary",
      description = "the node that stays up and takes over (its partner must be down)")
  Role node;

  @Option(names = "--yes", description = "do not ask for confirmation")
  boolean yes;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    try (Cluster c = cluster.connect()) {
      JsonNode pair = c.pair(name);
      String partner = node == Role.primary ? "secondary" : "primary";
      out.print(warning(c.namespace() + "/" + name, node.name(), partner, pair));
      out.flush();
      if (!yes && !confirmed(name, parent.in, out)) {
        spec.commandLine().getErr().println("not confirmed: nothing was done");
        return 1;
      }
      String podName = Cluster.podName(name, node.name());
      Pod pod = c.pod(podName);
      if (pod == null) {
        throw new PluginException("no pod " + podName + " in namespace " + c.namespace());
      }
      Cluster.Reply reply = c.node("POST", podName, Cluster.httpPort(pod, pair), "/failover/partner-down");
      if (!reply.ok()) {
        throw new PluginException(podName + " refused (HTTP " + reply.code() + "): "
            + StatusCommand.firstLine(reply.body()));
      }
      out.println(podName + ": " + StatusCommand.firstLine(reply.body()));
      out.flush();
      return 0;
    }
  }

  static String warning(String pair, String node, String partner, JsonNode p) {
    JsonNode st = p.path("status");
    return "WARNING: partner-down tells the " + node + " of " + pair + " that the " + partner
        + " is down.\n"
        + "The " + node + " then serves every client alone and, after MCLT, gives out the "
        + partner + "'s addresses too.\n"
        + "If the " + partner + " is in fact still serving (e.g. only the link between them is cut),\n"
        + "two servers may give one address to two clients. Make sure the " + partner
        + " is really down (its pod gone, its host off) first.\n"
        + "Now: " + node + " " + st.path(node).path("state").asText("unknown") + ", " + partner + " "
        + st.path(partner).path("state").asText("unknown") + " (the pair's status).\n";
  }

  /** Reads one line and compares it with the pair's name; EOF or anything else is a no. */
  static boolean confirmed(String name, BufferedReader in, PrintWriter out) throws IOException {
    out.print("Type the pair's name (" + name + ") to confirm: ");
    out.flush();
    String line = in.readLine();
    if (line == null) {
      out.println();
    }
    return line != null && line.trim().equals(name);
  }
}
