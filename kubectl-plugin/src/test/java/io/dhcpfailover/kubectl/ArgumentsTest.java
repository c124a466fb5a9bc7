package io.dhcpfailover.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Argument errors are found before anything is asked of a cluster, with a clear message. */
class ArgumentsTest {
  record Run(int code, String out, String err) {}

  private static Run run(String stdin, String... args) {
    CommandLine cl = DfpCommand.commandLine(new BufferedReader(new StringReader(stdin)));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void leasesNeedsExactlyOneWellFormedMacOrIp() {
    assertThat(run("", "leases", "campus-a")).satisfies(r -> {
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("Missing required argument", "--mac=MAC | --ip=IP");
    });
    assertThat(run("", "leases", "campus-a", "--mac", "02:00:00:00:00:01", "--ip", "198.18.0.1"))
        .satisfies(r -> {
          assertThat(r.code()).isEqualTo(2);
          assertThat(r.err()).contains("mutually exclusive");
        });
    assertThat(run("", "leases", "campus-a", "--mac", "02:00:00:00:01").err())
        .contains("--mac must be six hex octets such as 02:00:00:00:00:01, got '02:00:00:00:01'");
    assertThat(run("", "leases", "campus-a", "--mac", "02:00-00:00:00:01").code()).isEqualTo(2);
    assertThat(run("", "leases", "campus-a", "--ip", "198.18.0.256").err())
        .contains("--ip must be an IPv4 address such as 198.18.0.100, got '198.18.0.256'");
    assertThat(run("", "leases", "--ip", "198.18.0.1").err()).contains("Missing required parameter: 'NAME'");
  }

  @Test
  void partnerDownNeedsANodeRole() {
    assertThat(run("", "partner-down", "campus-a")).satisfies(r -> {
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("Missing required option: '--node=primary|secondary'");
    });
    assertThat(run("", "partner-down", "campus-a", "--node", "both").err())
        .contains("expected one of [primary, secondary]");
  }

  @Test
  void noCommandOrAnUnknownOneIsAUsageError() {
    assertThat(run("").err()).contains("name a command: status, leases, partner-down or continue-upgrade");
    assertThat(run("", "stauts", "x").code()).isEqualTo(2);
  }

  @Test
  void anUnreadableKubeconfigIsNamed() {
    Run r = run("", "status", "campus-a", "--kubeconfig", "/nonexistent/kubeconfig");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: cannot read kubeconfig /nonexistent/kubeconfig\n");
  }

  @Test
  void onlyThePairsNameTypedBackConfirms() throws Exception {
    StringWriter prompt = new StringWriter();
    assertThat(PartnerDownCommand.confirmed("campus-a",
        new BufferedReader(new StringReader("campus-a\n")), new PrintWriter(prompt))).isTrue();
    assertThat(prompt.toString()).isEqualTo("Type the pair's name (campus-a) to confirm: ");
    for (String answer : new String[] {"y\n", "yes\n", "campus-b\n", "\n", ""}) {
      assertThat(PartnerDownCommand.confirmed("campus-a",
          new BufferedReader(new StringReader(answer)), new PrintWriter(new StringWriter())))
          .as("answer %s", answer).isFalse();
    }
  }

  @Test
  void theWarningNamesWhoTakesOverAndTheRisk() throws Exception {
    String w = PartnerDownCommand.warning("dhcp/campus-a", "primary", "secondary",
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(
            "{\"status\":{\"primary\":{\"state\":\"COMMUNICATIONS-INTERRUPTED\"}}}"));
    assertThat(w).contains("tells the primary of dhcp/campus-a that the secondary is down",
        "two servers may give one address to two clients",
        "Now: primary COMMUNICATIONS-INTERRUPTED, secondary unknown");
  }
}
