package io.dhcpfailover.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kubectl dfp continue-upgrade NAME}: the approval a supervised roll waits for. */
@Command(name = "continue-upgrade", mixinStandardHelpOptions = true,
    description = "Let a supervised roll (spec.upgrade.supervised) restart the primary: sets the"
        + " pair's " + ContinueUpgradeCommand.ANNOTATION + " annotation.")
final class ContinueUpgradeCommand implements Callable<Integer> {
  /** The annotation the operator reads (and removes when it updates the primary). */
  static final String ANNOTATION = "dhcpfailover.io/continue-upgrade";

  @Spec CommandLine.Model.CommandSpec spec;
  @Mixin DfpCommand.ClusterOptions cluster;

  @Parameters(index = "0", paramLabel = "NAME", description = "the DhcpFailoverPair")
  String name;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    try (Cluster c = cluster.connect()) {
      JsonNode pair = c.pair(name);
      c.annotate(name, ANNOTATION, Instant.now().toString());
      String phase = pair.path("status").path("upgrade").path("phase").asText("Idle");
      out.println("dhcpfailoverpair.dhcpfailover.io/" + name + " annotated " + ANNOTATION);
      out.println("PausedBeforePrimary".equals(phase)
          ? "the operator restarts the primary at its next pass"
          : "no roll is paused for approval now (upgrade " + phase + "); the primary's restart of"
              + " the next roll is approved in advance");
      out.flush();
      return 0;
    }
  }
}
