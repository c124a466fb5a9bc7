package io.dhcpfailover.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigVersionTest {

  private static DhcpFailoverPair pair() throws IOException {
    try (InputStream in =
        ConfigVersionTest.class.getResourceAsStream("/pairs/hot-standby.yaml")) {
      return CrdSchema.YAML.readValue(in, DhcpFailoverPair.class);
    }
  }

  @Test
  void isTwelveHexDigits() throws IOException {
    assertThat(ConfigVersion.of(pair())).matches("[0-9a-f]{12}");
  }

  @Test
  void isTheSameForEqualPairs() throws IOException {
    assertThat(ConfigVersion.of(pair())).isEqualTo(ConfigVersion.of(pair()));
  }

  @Test
  void ignoresOtherMetadataAndStatus() throws IOException {
    DhcpFailoverPair plain = pair();
    DhcpFailoverPair decorated = pair();
    decorated.setMetadata(
        new ObjectMetaBuilder(decorated.getMetadata())
            .withNamespace("elsewhere")
            .withGeneration(7L)
            .withResourceVersion("123")
            .withUid("0f0f")
            .withLabels(Map.of("team", "net"))
            .withAnnotations(Map.of("note", "x"))
            .build());
    DhcpFailoverPairStatus status = new DhcpFailoverPairStatus();
    status.setPhase("Running");
    status.setConfigVersion("000000000000");
    decorated.setStatus(status);

    assertThat(ConfigVersion.of(decorated)).isEqualTo(ConfigVersion.of(plain));
  }

  @Test
  void changesWithTheName() throws IOException {
    DhcpFailoverPair renamed = pair();
    renamed.getMetadata().setName("campus-b");

    assertThat(ConfigVersion.of(renamed)).isNotEqualTo(ConfigVersion.of(pair()));
  }

  @Test
  void changesWithTheSpec() throws IOException {
    DhcpFailoverPair changed = pair();
    changed.getSpec().getSubnets().get(0).setDnsServers(List.of("198.18.0.54"));

    assertThat(ConfigVersion.of(changed)).isNotEqualTo(ConfigVersion.of(pair()));
  }

  @Test
  void spelledOutDefaultsGiveTheSameVersion() throws IOException {
    DhcpFailoverPair implicit = pair();
    implicit.getSpec().setUpgrade(new UpgradeSpec());
    DhcpFailoverPair explicit = pair();
    UpgradeSpec upgrade = new UpgradeSpec();
    upgrade.setSupervised(false);
    explicit.getSpec().setUpgrade(upgrade);

    assertThat(ConfigVersion.of(explicit)).isEqualTo(ConfigVersion.of(implicit));
  }
}
