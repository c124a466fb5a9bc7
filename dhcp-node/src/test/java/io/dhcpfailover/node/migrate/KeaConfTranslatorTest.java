package io.dhcpfailover.node.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.api.v1alpha1.OptionSpec;
import io.dhcpfailover.api.v1alpha1.ReservationSpec;
import io.dhcpfailover.api.v1alpha1.SubnetSpec;
import io.dhcpfailover.api.validation.PairValidator;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeaConfTranslatorTest {

  static KeaConfTranslator.Translation ha() {
    return KeaConfTranslator.translateWithIds(Resources.read("kea-dhcp4-ha.json"), ImportSettings.none());
  }

  @Test
  void theHaHookGivesModeAddressesAndResponseDelay() {
    ImportResult r = ha().result();
    assertThat(r.errors()).isEmpty();
    assertThat(PairValidator.validate(r.pair())).isEmpty();
    assertThat(r.pair().getSpec().getMode()).isEqualTo(Mode.HOT_STANDBY);
    assertThat(r.pair().getSpec().getPrimary().getAddress()).isEqualTo("198.18.0.2");
    assertThat(r.pair().getSpec().getSecondary().getAddress()).isEqualTo("198.18.0.3");
    assertThat(r.pair().getSpec().getPrimary().getInterfaces()).containsExactly("eth1");
    assertThat(r.pair().getSpec().getMaxResponseDelay()).isEqualTo("1m");
    assertThat(r.pair().getMetadata().getName()).isEqualTo("imported");
  }

  @Test
  void subnetsTakePoolsLifetimesTimersOptionsAndBootFields() {
    KeaConfTranslator.Translation t = ha();
    List<SubnetSpec> subnets = t.result().pair().getSpec().getSubnets();
    SubnetSpec a = subnets.get(0);
    assertThat(a.getSubnet()).isEqualTo("198.18.0.0/22");
    assertThat(a.getRanges()).containsExactly("198.18.0.100-198.18.3.250");
    assertThat(a.getLeaseTime()).isEqualTo("1h6m40s");
    assertThat(a.getRenewalTime()).isEqualTo("16m40s");
    assertThat(a.getRebindingTime()).isEqualTo("33m20s");
    assertThat(a.getRouters()).containsExactly("198.18.0.1");
    assertThat(a.getDnsServers()).containsExactly("198.18.0.53", "198.18.0.54");
    assertThat(a.getDomainName()).isEqualTo("campus.example.org");
    assertThat(a.getOptions()).extracting(OptionSpec::getCode).containsExactly(119, 42, 252);
    assertThat(a.getReservations()).extracting(ReservationSpec::getAddress).containsExactly("198.18.0.10", "198.18.0.11");
    assertThat(a.getReservations().get(1).getClientId()).isEqualTo("01:0a:0b:0c:0d:0e:0f");
    SubnetSpec b = subnets.get(1);
    assertThat(b.getRanges()).containsExactly("198.18.4.64-198.18.4.127");
    assertThat(b.getPools()).singleElement().satisfies(p -> {
      assertThat(p.getRange()).isEqualTo("198.18.4.200-198.18.4.210");
      assertThat(p.getClasses()).containsExactly("pxe");
    });
    assertThat(t.result().pair().getSpec().getClasses()).singleElement()
        .satisfies(c -> assertThat(c.getVendorClassPrefix()).isEqualTo("PXEClient"));
    assertThat(b.getLeaseTime()).isEqualTo("10m");
    assertThat(b.getNextServer()).isEqualTo("198.18.4.10");
    assertThat(b.getBootFileName()).isEqualTo("pxelinux.0");
    assertThat(t.subnetIds()).containsEntry(1L, "198.18.0.0/22").containsEntry(2L, "198.18.4.0/24");
  }

  @Test
  void reportsWhatItCannotTranslateWithItsJsonPath() {
    List<String> notes = ha().result().notes().stream().map(ImportNote::toString).toList();
    assertThat(notes).anyMatch(n -> n.startsWith("Dhcp4.subnet4[1].reservations[2].duid not translated"));
    assertThat(notes).noneMatch(n -> n.contains("client-class"));
    assertThat(notes).anyMatch(n -> n.contains("heartbeat-delay, max-ack-delay, max-unacked-clients not translated"));
    assertThat(notes).anyMatch(n -> n.startsWith("Dhcp4: control-socket, lease-database") && n.contains("loggers"));
    assertThat(notes).noneMatch(n -> n.contains("libdhcp_lease_cmds"));
  }

  @Test
  void aConfigurationWithoutDhcp4IsRefused() {
    ImportResult r = KeaConfTranslator.translate("{ \"Dhcp6\": {} }", ImportSettings.none());
    assertThat(r.ok()).isFalse();
    assertThat(r.errors()).containsExactly("not a Kea DHCPv4 configuration: no Dhcp4 object");
  }

  @Test
  void anInterfaceWithAnAddressGivesThePrimaryAddress() {
    ImportResult r = KeaConfTranslator.translate("""
        { "Dhcp4": { "interfaces-config": { "interfaces": [ "eth1/198.18.10.2" ] },
          "subnet4": [ { "id": 1, "subnet": "198.18.10.0/24",
                         "pools": [ { "pool": "198.18.10.100-198.18.10.199" } ] } ] } }
        """, new ImportSettings(null, null, "198.18.10.3", List.of()));
    assertThat(r.errors()).isEmpty();
    assertThat(r.pair().getSpec().getPrimary().getAddress()).isEqualTo("198.18.10.2");
    assertThat(r.pair().getSpec().getPrimary().getInterfaces()).containsExactly("eth1");
  }
}
