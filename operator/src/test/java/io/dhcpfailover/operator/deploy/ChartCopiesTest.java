package io.dhcpfailover.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A Helm chart reads files only from inside itself, so it holds copies of the CRD and of the alert
 * rules; these stay byte for byte equal to their sources in {@code crds/} and {@code
 * deploy/monitoring/}, and the PrometheusRule of {@code deploy/monitoring/} holds the groups of
 * the rule file promtool tests.
 */
class ChartCopiesTest {
  static final Path CHART = Tools.ROOT.resolve("deploy/helm/dhcp-failover-operator");
  static final Path MONITORING = Tools.ROOT.resolve("deploy/monitoring");

  @Test
  void chartCrdIsTheGeneratedCrd() throws Exception {
    String name = "dhcpfailoverpairs.dhcpfailover.io-v1.yml";
    assertThat(Files.readString(CHART.resolve("crds").resolve(name)))
        .as("copy it: cp crds/%s deploy/helm/dhcp-failover-operator/crds/", name)
        .isEqualTo(Files.readString(Tools.ROOT.resolve("crds").resolve(name)));
    try (var files = Files.list(CHART.resolve("crds"))) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly(name);
    }
  }

  @Test
  void chartRulesAreTheTestedRules() throws Exception {
    String name = "dhcp-failover.rules.yaml";
    assertThat(Files.readString(CHART.resolve("files").resolve(name)))
        .as("copy it: cp deploy/monitoring/%s deploy/helm/dhcp-failover-operator/files/", name)
        .isEqualTo(Files.readString(MONITORING.resolve(name)));
  }

  @Test
  void prometheusRuleHoldsTheTestedGroups() throws Exception {
    List<Map<String, Object>> rule = Manifests.documents(Files.readString(MONITORING.resolve("prometheusrule.yaml")));
    List<Map<String, Object>> file = Manifests.documents(Files.readString(MONITORING.resolve("dhcp-failover.rules.yaml")));

    assertThat(rule).hasSize(1);
    assertThat(rule.get(0).get("kind")).isEqualTo("PrometheusRule");
    assertThat(Manifests.at(rule.get(0), "spec.groups")).isEqualTo(file.get(0).get("groups"));
    assertThat((List<?>) Manifests.at(rule.get(0), "spec.groups.0.rules")).hasSize(11);
  }
}
