package io.dhcpfailover.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart against the kustomize install, with the real Helm 4.1.4 and kubectl 1.34: the
 * chart lints clean, and with default values renders the objects of {@code kubectl kustomize
 * deploy/} (all but the Namespace, which Helm's {@code --create-namespace} makes) field for field;
 * with its monitoring switched on it adds the objects of {@code deploy/monitoring/}. Labels may
 * differ only by what Helm adds. Values change what they say they change.
 */
class HelmChartIT {
  static final Path CHART = Tools.ROOT.resolve("deploy/helm/dhcp-failover-operator");
  static final String NAMESPACE = "dhcp-failover-system";

  String helm;
  String kubectl;

  @BeforeEach
  void tools() {
    helm = Tools.require("helm", "Helm 4.1.4: bash scripts/install-test-deps.sh puts it in target/tools");
    kubectl = Tools.require("kubectl", "bash scripts/install-test-deps.sh puts kubectl 1.34 in target/tools");
  }

  @Test
  void chartLintsWithoutWarnings() throws Exception {
    String out = Tools.run(Tools.ROOT, helm, "lint", "--strict", CHART.toString());
    assertThat(out).contains("1 chart(s) linted, 0 chart(s) failed");
    assertThat(helm("version", "--short")).startsWith("v4.1.4");
  }

  @Test
  void defaultValuesRenderTheKustomizeObjects() throws Exception {
    Map<String, Map<String, Object>> kustomize = Manifests.byKey(kubectl("kustomize", "deploy"));
    Map<String, Map<String, Object>> chart = Manifests.byKey(template());

    String namespace = "Namespace//" + NAMESPACE;
    assertThat(kustomize).containsKey(namespace);
    Set<String> expected = new TreeSet<>(kustomize.keySet());
    expected.remove(namespace);
    assertThat(chart.keySet()).containsExactlyElementsOf(expected);
    assertThat(chart.keySet())
        .contains(
            "CustomResourceDefinition//dhcpfailoverpairs.dhcpfailover.io",
            "ServiceAccount/" + NAMESPACE + "/dhcp-failover-operator",
            "ClusterRole//dhcp-failover-operator",
            "ClusterRoleBinding//dhcp-failover-operator",
            "Deployment/" + NAMESPACE + "/dhcp-failover-operator");
    assertSameObjects(chart, kustomize, expected);
  }

  @Test
  void monitoringValuesAddTheObjectsOfDeployMonitoring() throws Exception {
    Map<String, Map<String, Object>> kustomize =
        Manifests.byKey(kubectl("kustomize", "deploy/monitoring"));
    Map<String, Map<String, Object>> chart =
        Manifests.byKey(
            template("--set", "metrics.podMonitor.enabled=true", "--set", "metrics.prometheusRule.enabled=true"));
    Map<String, Map<String, Object>> plain = Manifests.byKey(template());

    Set<String> added = new TreeSet<>(chart.keySet());
    added.removeAll(plain.keySet());
    assertThat(added).containsExactlyElementsOf(new TreeSet<>(kustomize.keySet()));
    assertThat(added)
        .containsExactly(
            "PodMonitor/" + NAMESPACE + "/dhcp-failover-operator",
            "PodMonitor/" + NAMESPACE + "/dhcp-failover-operator-nodes",
            "PrometheusRule/" + NAMESPACE + "/dhcp-failover-operator");
    assertSameObjects(chart, kustomize, added);
    assertThat(plain.keySet()).noneMatch(k -> k.startsWith("PodMonitor") || k.startsWith("PrometheusRule"));
  }

  @Test
  void valuesSetImageReplicasResourcesPortAndWatchedNamespaces() throws Exception {
    Map<String, Object> deployment =
        Manifests.byKey(
                template(
                    "--set", "image.repository=registry.example/dfo",
                    "--set", "image.tag=0.2.0",
                    "--set", "image.pullPolicy=IfNotPresent",
                    "--set", "replicaCount=1",
                    "--set", "resources.limits.memory=1Gi",
                    "--set", "watchNamespaces={campus,lab}",
                    "--set", "metrics.podMonitor.enabled=true"))
            .get("Deployment/" + NAMESPACE + "/dhcp-failover-operator");

    String container = "spec.template.spec.containers.0.";
    assertThat(Manifests.at(deployment, container + "image")).isEqualTo("registry.example/dfo:0.2.0");
    assertThat(Manifests.at(deployment, container + "imagePullPolicy")).isEqualTo("IfNotPresent");
    assertThat(Manifests.at(deployment, "spec.replicas")).isEqualTo(1);
    assertThat(Manifests.at(deployment, container + "resources.limits.memory")).isEqualTo("1Gi");
    assertThat(Manifests.at(deployment, container + "env.1"))
        .isEqualTo(Map.of("name", "WATCH_NAMESPACE", "value", "campus,lab"));

    Map<String, Object> port =
        Manifests.byKey(template("--set", "httpPort=9090")).get("Deployment/" + NAMESPACE + "/dhcp-failover-operator");
    assertThat(Manifests.at(port, container + "ports.0.containerPort")).isEqualTo(9090);
    assertThat(Manifests.at(port, container + "env.2")).isEqualTo(Map.of("name", "HTTP_PORT", "value", "9090"));

    Map<String, Object> nodes =
        Manifests.byKey(
                template("--set", "watchNamespaces={campus,lab}", "--set", "metrics.podMonitor.enabled=true"))
            .get("PodMonitor/" + NAMESPACE + "/dhcp-failover-operator-nodes");
    assertThat(Manifests.at(nodes, "spec.namespaceSelector"))
        .isEqualTo(Map.of("matchNames", List.of("campus", "lab")));
  }

  @Test
  void releaseNamespaceNamesTheNamespacedObjectsAndTheBindingSubject() throws Exception {
    Map<String, Map<String, Object>> chart = Manifests.byKey(template("-n", "ops"));

    assertThat(chart).containsKeys(
        "ServiceAccount/ops/dhcp-failover-operator", "Deployment/ops/dhcp-failover-operator");
    assertThat(Manifests.at(chart.get("ClusterRoleBinding//dhcp-failover-operator"), "subjects.0.namespace"))
        .isEqualTo("ops");
  }

  /**
   * Each object of {@code keys} the same in both renderings, labels aside; the chart's labels
   * include the kustomize ones.
   */
  private static void assertSameObjects(
      Map<String, Map<String, Object>> chart, Map<String, Map<String, Object>> kustomize, Set<String> keys) {
    for (String key : keys) {
      Map<String, Object> ours = chart.get(key);
      Map<String, Object> theirs = kustomize.get(key);
      assertThat(Manifests.withoutLabels(ours)).as(key).isEqualTo(Manifests.withoutLabels(theirs));
      assertThat(Manifests.labels(ours)).as(key + " labels").containsAllEntriesOf(Manifests.labels(theirs));
    }
  }

  /** helm template of the chart in {@value #NAMESPACE} (unless args name one), CRDs included. */
  private String template(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(helm, "template", "dfo", CHART.toString(), "--include-crds"));
    if (!List.of(args).contains("-n")) {
      cmd.addAll(List.of("-n", NAMESPACE));
    }
    cmd.addAll(List.of(args));
    return Tools.run(Tools.ROOT, cmd.toArray(String[]::new));
  }

  private String helm(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(helm));
    cmd.addAll(List.of(args));
    return Tools.run(Tools.ROOT, cmd.toArray(String[]::new));
  }

  private String kubectl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(kubectl));
    cmd.addAll(List.of(args));
    return Tools.run(Tools.ROOT, cmd.toArray(String[]::new));
  }
}
