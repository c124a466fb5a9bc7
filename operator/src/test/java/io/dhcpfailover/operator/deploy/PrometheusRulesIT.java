package io.dhcpfailover.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dhcpfailover.node.it.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules of {@code deploy/monitoring/} with Debian's promtool: the rule file is valid,
 * and its unit tests ({@code dhcp-failover.rules.test.yaml}: each alert fires on its condition
 * after its {@code for}, with its labels and rendered annotations, and not on the healthy case
 * beside it) pass; every query of the Grafana dashboard parses as PromQL.
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
    assertThat(out).contains("SUCCESS: 11 rules found");
  }

  @Test
  void ruleUnitTestsPass() throws Exception {
    String out = Tools.run(MONITORING, promtool, "test", "rules", "dhcp-failover.rules.test.yaml");
    assertThat(out).contains("SUCCESS").doesNotContain("FAILED");
  }

  @Test
  void dashboardQueriesAreValidPromQl(@TempDir Path dir) throws Exception {
    // each panel query as a recording rule, Grafana's variables replaced by what they expand to
    List<String> exprs = new ArrayList<>();
    new ObjectMapper().readTree(MONITORING.resolve("grafana-dashboard.json").toFile()).findValues("expr")
        .forEach(e -> exprs.add(e.asText()));
    assertThat(exprs).hasSizeGreaterThan(10);
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    for (int i = 0; i < exprs.size(); i++) {
      String expr = exprs.get(i).replace("$__rate_interval", "5m").replace("$namespace", ".*").replace("$pair", ".*");
      assertThat(expr).as("a variable left in %s", expr).doesNotContain("$");
      rules.append("      - record: dashboard:query").append(i).append("\n        expr: ")
          .append(new ObjectMapper().writeValueAsString(expr)).append("\n");
    }
    Files.writeString(dir.resolve("dashboard.rules.yaml"), rules);

    String out = Tools.run(dir, promtool, "check", "rules", "dashboard.rules.yaml");

    assertThat(out).contains("SUCCESS: " + exprs.size() + " rules found");
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
