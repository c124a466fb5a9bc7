package io.dhcpfailover.node.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.FailoverState;
import io.dhcpfailover.api.v1alpha1.NodeStatus;
import io.dhcpfailover.api.v1alpha1.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesSettingsTest {

  @Test
  void absentWithoutPairName() {
    assertThat(KubernetesSettings.resolve(null, "dhcp", Map.of("POD_NAMESPACE", "dhcp"))).isEmpty();
    assertThat(KubernetesSettings.resolve(" ", null, Map.of("DHCP_PAIR_NAME", ""))).isEmpty();
  }

  @Test
  void commandLineWinsOverEnvironment() {
    KubernetesSettings settings =
        KubernetesSettings.resolve(
                "lab",
                "net",
                Map.of(
                    "DHCP_PAIR_NAME", "other",
                    "DHCP_PAIR_NAMESPACE", "elsewhere",
                    "POD_NAMESPACE", "pods"))
            .orElseThrow();

    assertThat(settings.pairName()).isEqualTo("lab");
    assertThat(settings.namespace()).contains("net");
  }

  @Test
  void environmentGivesNameAndPairNamespaceBeforePodNamespace() {
    KubernetesSettings settings =
        KubernetesSettings.resolve(
                null,
                null,
                Map.of(
                    "DHCP_PAIR_NAME", "campus-a",
                    "DHCP_PAIR_NAMESPACE", "net",
                    "POD_NAMESPACE", "pods"))
            .orElseThrow();

    assertThat(settings.pairName()).isEqualTo("campus-a");
    assertThat(settings.namespace()).contains("net");
  }

  @Test
  void podNamespaceIsTheFallback() {
    KubernetesSettings settings =
        KubernetesSettings.resolve(
                null, null, Map.of("DHCP_PAIR_NAME", "campus-a", "POD_NAMESPACE", "pods"))
            .orElseThrow();

    assertThat(settings.namespace()).contains("pods");
    assertThat(settings.kubeconfig()).isEmpty();
  }

  @Test
  void namespaceMayBeLeftToTheClient() {
    Optional<KubernetesSettings> settings =
        KubernetesSettings.resolve(null, null, Map.of("DHCP_PAIR_NAME", "campus-a"));

    assertThat(settings)
        .get()
        .extracting(KubernetesSettings::namespace)
        .isEqualTo(Optional.empty());
  }

  @Test
  void rejectsInvalidNameNamingItsSource() {
    assertThatThrownBy(
            () -> KubernetesSettings.resolve(null, null, Map.of("DHCP_PAIR_NAME", "Campus_A")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DHCP_PAIR_NAME")
        .hasMessageContaining("Campus_A");
  }

  @Test
  void rejectsInvalidNamespaceNamingItsSource() {
    assertThatThrownBy(
            () -> KubernetesSettings.resolve("lab", null, Map.of("POD_NAMESPACE", "bad.namespace")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("POD_NAMESPACE");
  }

  @Test
  void publisherFromKubeconfigWritesToThatServer(@TempDir Path dir) throws IOException {
    try (MockApi api = MockApi.start()) {
      api.createPair("lab");
      Path kubeconfig = dir.resolve("config");
      Files.writeString(kubeconfig, kubeconfig(api.port(), MockApi.NAMESPACE));
      KubernetesSettings settings =
          KubernetesSettings.resolve(
                  "lab", null, Map.of("KUBECONFIG", dir.resolve("missing") + ":" + kubeconfig))
              .orElseThrow();
      NodeStatus status = new NodeStatus();
      status.setState(FailoverState.STANDALONE);

      try (StatusPublisher publisher =
          settings.openPublisher(
              Role.PRIMARY, () -> status, Clock.systemUTC(), Duration.ofSeconds(5))) {
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> {
                  DhcpFailoverPair pair = api.get("lab");
                  return pair.getStatus() != null
                      && pair.getStatus().getPrimary() != null
                      && pair.getStatus().getPrimary().getState() == FailoverState.STANDALONE;
                });
        assertThat(publisher.roleKey()).isEqualTo("primary");
      }
    }
  }

  private static String kubeconfig(int port, String namespace) {
    return String.join(
        "\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: mock",
        "  cluster:",
        "    server: http://localhost:" + port,
        "contexts:",
        "- name: mock",
        "  context:",
        "    cluster: mock",
        "    user: mock",
        "    namespace: " + namespace,
        "current-context: mock",
        "users:",
        "- name: mock",
        "  user:",
        "    token: test-token",
        "");
  }
}
