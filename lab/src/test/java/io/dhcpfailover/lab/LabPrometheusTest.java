package io.dhcpfailover.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scrape targets the lab writes for its Prometheus: what the PodMonitor would select. */
class LabPrometheusTest {
  @TempDir Path dir;

  static Pod pod(String name, Map<String, String> labels, String ip, String portName) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("dhcp")
        .withLabels(labels).endMetadata()
        .withNewSpec().addNewContainer().withName("node")
        .addNewPort().withName("dhcp").withContainerPort(67).endPort()
        .addNewPort().withName(portName).withContainerPort(8067).endPort()
        .endContainer().endSpec()
        .withNewStatus().withPodIP(ip).endStatus().build();
  }

  @Test
  void nodePodsOfTheOperatorWithAnIpAndAnHttpPortBecomeTargetsWithPairAndRole() throws Exception {
    Map<String, String> node = Map.of("app.kubernetes.io/name", "dhcp-node",
        "app.kubernetes.io/managed-by", "dhcp-failover-operator",
        "dhcpfailover.io/pair", "campus-a", "dhcpfailover.io/role", "primary");
    List<Pod> pods = List.of(
        pod("campus-a-primary-0", node, "198.18.0.2", "http"),
        pod("not-ours", Map.of("app.kubernetes.io/name", "dhcp-node"), "198.18.0.9", "http"),
        pod("no-ip-yet", node, null, "http"),
        pod("no-http-port", node, "198.18.0.8", "metrics"));

    JsonNode groups = new ObjectMapper().readTree(LabPrometheus.targets(pods));

    assertThat(groups).hasSize(1);
    assertThat(groups.get(0).path("targets").get(0).asText()).isEqualTo("198.18.0.2:8067");
    assertThat(groups.get(0).path("labels").toString()).isEqualTo(
        "{\"namespace\":\"dhcp\",\"pair\":\"campus-a\",\"pod\":\"campus-a-primary-0\",\"role\":\"primary\"}");
    assertThat(LabPrometheus.targets(List.of())).isEqualTo("[ ]");
  }

  @Test
  void theTargetsFileIsReplacedWholeAndOnlyWhenItChanges() throws Exception {
    Path file = dir.resolve("nodes.json");
    LabPrometheus.writeIfChanged(file, "[1]");
    var first = Files.getLastModifiedTime(file);
    Thread.sleep(20);
    LabPrometheus.writeIfChanged(file, "[1]");
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(first);
    LabPrometheus.writeIfChanged(file, "[2]");
    assertThat(Files.readString(file)).isEqualTo("[2]");
    assertThat(dir.resolve("nodes.json.tmp")).doesNotExist();
  }

  @Test
  void theConfigScrapesTheTargetsFileAndTheOperatorWithTheRules() {
    String config = LabPrometheus.config(Path.of("/lab/prometheus/nodes.json"),
        Path.of("/p/deploy/monitoring/dhcp-failover.rules.yaml"), "198.18.0.4:8080");
    assertThat(config).contains("files: [/lab/prometheus/nodes.json]",
        "- /p/deploy/monitoring/dhcp-failover.rules.yaml", "targets: [\"198.18.0.4:8080\"]",
        "job_name: dhcp-failover-nodes", "job_name: dhcp-failover-operator");
  }
}
