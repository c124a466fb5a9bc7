package io.dhcpfailover.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.node.it.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules of {@code deploy/monitoring/} with Debian's promtool: the rule file is valid,
 * and its unit tests ({@code dhcp-failover.rules.test.yaml}: each alert fires on its condition
 * after its {@code for}, with its labels and rendered annotations, and not on the healthy case
 * beside it) pass.
 */
class PrometheusRulesIT {
  static final Path MONITORING = Tools.ROOT.resolve("deploy/monitoring");

  String promtool;

  @BeforeEach
  void promtool() {
    promtool = Tools.find("promtool").orElse(null);
    Requirements.require(
        promtool != null, "promtool (apt-get install prometheus, or bash scripts/install-test-deps.sh)");
  }

  @Test
  void ruleFileIsValid() throws Exception {
    String out = Tools.run(MONITORING, promtool, "check", "rules", "dhcp-failover.rules.yaml");
    assertThat(out).contains("SUCCESS: 8 rules found");
  }

  @Test
  void ruleUnitTestsPass() throws Exception {
    String out = Tools.run(MONITORING, promtool, "test", "rules", "dhcp-failover.rules.test.yaml");
    assertThat(out).contains("SUCCESS").doesNotContain("FAILED");
  }

  @Test
  void unitTestsFailWhenAnAlertIsWeakened(@TempDir Path dir) throws Exception {
    // the same tests against the rules with the 95 % threshold moved to 98 %: they must notice
    String rules = Files.readString(MONITORING.resolve("dhcp-failover.rules.yaml"));
    assertThat(rules).contains(") > 0.95");
    Files.writeString(dir.resolve("dhcp-failover.rules.yaml"), rules.replace(") > 0.95", ") > 0.98"));
    Files.copy(MONITORING.resolve("dhcp-failover.rules.test.yaml"), dir.resolve("dhcp-failover.rules.test.yaml"));

    Tools.Result r = Tools.exec(dir, promtool, "test", "rules", "dhcp-failover.rules.test.yaml");

    assertThat(r.exit()).as(r.out() + r.err()).isNotZero();
    assertThat(r.out() + r.err()).contains("DhcpPoolUtilisationCritical");
  }
}
