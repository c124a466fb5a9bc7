package io.dhcpfailover.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator's start-up outcome. */
class OperatorMainTest {

  @Test
  void aStartRefusedByTheApiServerEndsWithStatusOne() {
    // an API server that answers nothing the operator asks for (as when RBAC refuses the Lease)
    KubernetesMockServer server = new KubernetesMockServer(false);
    server.init();
    try {
      var config = server.createClient().getConfiguration();
      int status =
          OperatorMain.run(
              new String[] {"--http-port", "0", "--lease-namespace", "dhcp"},
              Map.of(),
              () -> new KubernetesClientBuilder().withConfig(config));
      assertThat(status).isEqualTo(1);
    } finally {
      server.destroy();
    }
  }
}
