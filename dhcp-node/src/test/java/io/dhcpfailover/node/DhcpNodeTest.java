package io.dhcpfailover.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.api.v1alpha1.StorageSpec;
import io.dhcpfailover.api.v1alpha1.UpgradeSpec;
import io.dhcpfailover.node.config.NodeConfig;
import io.dhcpfailover.node.config.PairFileLoader;
import io.dhcpfailover.api.v1alpha1.Role;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which pair file changes a running node applies live and which wait for a restart. */
class DhcpNodeTest {

  private static DhcpFailoverPair pair() throws Exception {
    try (InputStream in = DhcpNodeTest.class.getResourceAsStream("/config/valid-pair.yaml")) {
      return PairFileLoader.parse(
          new String(in.readAllBytes(), StandardCharsets.UTF_8), "valid-pair.yaml");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static NodeConfig primary(DhcpFailoverPair pair) {
    return NodeConfig.from(pair, Role.PRIMARY);
  }

  @Test
  void podTemplateOnlyFieldsApplyLiveUnderANewConfigVersion() throws Exception {
    DhcpFailoverPair changed = pair();
    changed.getSpec().setImage("registry.example/dhcp-node:0.2.0");
    StorageSpec storage = new StorageSpec();
    storage.setSize("5Gi");
    changed.getSpec().setStorage(storage);
    UpgradeSpec upgrade = new UpgradeSpec();
    upgrade.setSupervised(true);
    changed.getSpec().setUpgrade(upgrade);
    changed.getSpec().getPrimary().setNodeName("worker-c");
    changed.getSpec().getSecondary().setNodeName("worker-d");

    NodeConfig before = primary(pair());
    NodeConfig after = primary(changed);

    assertThat(DhcpNode.restartOnlyChanges(before, after, true)).isNull();
    assertThat(DhcpNode.restartOnlyChanges(before, after, false)).isNull();
    assertThat(after.configVersion()).isNotEqualTo(before.configVersion());
  }

  @Test
  void httpPortChangeIsLeftToWhoeverSetThePortOnTheCommandLine() throws Exception {
    DhcpFailoverPair changed = pair();
    changed.getSpec().setHttpPort(9000);

    assertThat(DhcpNode.restartOnlyChanges(primary(pair()), primary(changed), false)).isNull();
  }

  @Test
  void httpPortChangeNeedsARestartWhenThePortComesFromThePairFile() throws Exception {
    DhcpFailoverPair changed = pair();
    changed.getSpec().setHttpPort(9000);

    assertThat(DhcpNode.restartOnlyChanges(primary(pair()), primary(changed), true))
        .isEqualTo("ports");
  }

  @Test
  void failoverPortChangeNeedsARestart() throws Exception {
    DhcpFailoverPair changed = pair();
    changed.getSpec().setFailoverPort(847);

    assertThat(DhcpNode.restartOnlyChanges(primary(pair()), primary(changed), false))
        .isEqualTo("ports");
  }

  @Test
  void addressInterfaceAndModeChangesNeedARestart() throws Exception {
    DhcpFailoverPair changed = pair();
    changed.getSpec().getSecondary().setAddress("198.18.0.4");
    changed.getSpec().getPrimary().getInterfaces().set(0, "eth2");
    changed.getSpec().setMode(Mode.LOAD_BALANCE);

    assertThat(DhcpNode.restartOnlyChanges(primary(pair()), primary(changed), false))
        .isEqualTo("node addresses, interfaces, failover parameters");
  }

  @Test
  void turningPeerTlsOffOrOnNeedsARestart() throws Exception {
    DhcpFailoverPair changed = pair();
    changed.getSpec().setPeerTLS(io.dhcpfailover.api.v1alpha1.PeerTls.DISABLED);

    assertThat(primary(pair()).peerTls()).as("Enabled by default").isTrue();
    assertThat(primary(changed).peerTls()).isFalse();
    assertThat(DhcpNode.restartOnlyChanges(primary(pair()), primary(changed), false))
        .isEqualTo("peer TLS");
    assertThat(DhcpNode.restartOnlyChanges(primary(changed), primary(pair()), false))
        .isEqualTo("peer TLS");
  }

  @Test
  void subnetChangesApplyLive() throws Exception {
    DhcpFailoverPair changed = pair();
    changed.getSpec().getSubnets().get(0).setLeaseTime("6h");
    changed.getSpec().getSubnets().get(1).getRanges().add("198.18.16.30-198.18.16.40");

    assertThat(DhcpNode.restartOnlyChanges(primary(pair()), primary(changed), true)).isNull();
  }
}
