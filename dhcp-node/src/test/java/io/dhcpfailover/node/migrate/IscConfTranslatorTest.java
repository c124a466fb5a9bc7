package io.dhcpfailover.node.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPairSpec;
import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.api.v1alpha1.OptionSpec;
import io.dhcpfailover.api.v1alpha1.PeerTls;
import io.dhcpfailover.api.v1alpha1.ReservationSpec;
import io.dhcpfailover.api.v1alpha1.SubnetSpec;
import io.dhcpfailover.api.validation.OptionValues;
import io.dhcpfailover.api.validation.PairValidator;
import java.util.List;
import org.junit.jupiter.api.Test;

class IscConfTranslatorTest {

  static ImportResult primary() {
    return IscConfTranslator.translate(
        Resources.read("isc-failover-primary.conf"), new ImportSettings(null, null, null, List.of("eth1")));
  }

  @Test
  void theFailoverPrimaryBecomesAValidLoadBalancedPair() {
    ImportResult r = primary();
    assertThat(r.errors()).isEmpty();
    assertThat(PairValidator.validate(r.pair())).isEmpty();
    DhcpFailoverPairSpec spec = r.pair().getSpec();
    assertThat(r.pair().getMetadata().getName()).isEqualTo("campus-a");
    assertThat(spec.getMode()).isEqualTo(Mode.LOAD_BALANCE);
    assertThat(spec.getSplit()).isEqualTo(128);
    assertThat(spec.getMclt()).isEqualTo("1h");
    assertThat(spec.getMaxResponseDelay()).isEqualTo("1m");
    assertThat(spec.getMaxUnackedUpdates()).isEqualTo(10);
    assertThat(spec.getLoadBalanceMaxSeconds()).isEqualTo(3);
    assertThat(spec.getFailoverPort()).isEqualTo(647);
    assertThat(spec.getPeerTLS()).isEqualTo(PeerTls.DISABLED);
    assertThat(spec.getPrimary().getAddress()).isEqualTo("198.18.0.2");
    assertThat(spec.getSecondary().getAddress()).isEqualTo("198.18.0.3");
    assertThat(spec.getPrimary().getInterfaces()).containsExactly("eth1");
  }

  @Test
  void subnetsTakeTheirOwnAndTheGlobalParameters() {
    List<SubnetSpec> subnets = primary().pair().getSpec().getSubnets();
    assertThat(subnets).extracting(SubnetSpec::getSubnet).containsExactly("198.18.0.0/22", "198.18.4.0/24");
    SubnetSpec a = subnets.get(0);
    assertThat(a.getLeaseTime()).isEqualTo("12h");
    assertThat(a.getRouters()).containsExactly("198.18.0.1");
    assertThat(a.getDnsServers()).containsExactly("198.18.0.53", "198.18.0.54");
    assertThat(a.getDomainName()).isEqualTo("campus.example.org");
    assertThat(a.getOptions()).extracting(OptionSpec::getCode).containsExactly(42, 28, 252);
    assertThat(a.getOptions().get(1).getAddresses()).containsExactly("198.18.3.255");
    assertThat(a.getOptions().get(2).getText()).isEqualTo("http://wpad.campus.example.org/wpad.dat");
    SubnetSpec b = subnets.get(1);
    assertThat(b.getLeaseTime()).isEqualTo("10m");
    assertThat(b.getRanges()).containsExactly("198.18.4.150-198.18.4.199");
    assertThat(b.getPools()).singleElement().satisfies(p -> {
      assertThat(p.getRange()).isEqualTo("198.18.4.50-198.18.4.99");
      assertThat(p.getClasses()).containsExactly("pxe");
    });
    assertThat(primary().pair().getSpec().getClasses()).singleElement()
        .satisfies(c -> assertThat(c.getVendorClassPrefix()).isEqualTo("PXEClient"));
    assertThat(b.getNextServer()).isEqualTo("198.18.4.10");
    assertThat(b.getBootFileName()).isEqualTo("pxelinux.0");
    OptionSpec search = b.getOptions().stream().filter(o -> o.getCode() == 119).findFirst().orElseThrow();
    assertThat(search.getValue()).startsWith("campus.example.org, ");
    assertThat(java.util.HexFormat.ofDelimiter(":").formatHex(OptionValues.encode(search)))
        .startsWith("06:63:61:6d:70:75:73:07:65:78:61:6d:70:6c:65:03:6f:72:67:00:07");
    assertThat(b.getOptions()).anySatisfy(o -> {
      assertThat(o.getCode()).isEqualTo(26);
      assertThat(o.getValue()).isEqualTo("9000");
    });
  }

  @Test
  void hostsBecomeReservationsInTheirSubnetAndTheRangeIsSplitAroundThem() {
    List<SubnetSpec> subnets = primary().pair().getSpec().getSubnets();
    assertThat(subnets.get(0).getReservations())
        .extracting(ReservationSpec::getHardwareAddress, ReservationSpec::getAddress, ReservationSpec::getHostname)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("02:00:00:00:00:01", "198.18.0.10", "printer"),
            org.assertj.core.groups.Tuple.tuple("08:00:07:26:c0:a5", "198.18.0.150", "fantasia.campus.example.org"));
    assertThat(subnets.get(0).getRanges()).containsExactly("198.18.0.100-198.18.0.149", "198.18.0.151-198.18.3.250");
    ReservationSpec ncd = subnets.get(1).getReservations().get(0);
    assertThat(ncd.getAddress()).isEqualTo("198.18.4.20");
    assertThat(ncd.getBootFileName()).as("the group's filename").isEqualTo("Xncd19r");
    assertThat(ncd.getNextServer()).isEqualTo("198.18.4.11");
  }

  @Test
  void reportsWhatItCannotTranslateWithTheSourceLine() {
    assertThat(primary().notes()).extracting(ImportNote::toString).contains(
        "line 8: max-lease-time 7200; not translated: the node gives every client the subnet's"
            + " leaseTime (from default-lease-time), whatever lease time it asks for",
        "line 12: log-facility local7; not translated",
        "line 45: subnet 198.18.8.0/24 has no range and no host: the node would give nothing there; left out",
        "line 79: host passacaglia: 198.18.9.9 lies in no translated subnet: not reserved",
        "line 89: on commit { ... } not translated (on blocks are not supported)");
  }

  @Test
  void aStandaloneServerNeedsTheSecondaryAddressFromTheUser() {
    String conf = Resources.read("isc-standalone.conf");
    ImportResult without = IscConfTranslator.translate(conf, new ImportSettings(null, "198.18.10.2", null, List.of()));
    assertThat(without.ok()).isFalse();
    assertThat(without.errors()).anyMatch(e -> e.contains("--secondary-address"));

    ImportResult r = IscConfTranslator.translate(
        conf, new ImportSettings("lab", "198.18.10.2", "198.18.10.3", List.of("veth-lab")));
    assertThat(r.errors()).isEmpty();
    SubnetSpec s = r.pair().getSpec().getSubnets().get(0);
    assertThat(s.getSubnet()).isEqualTo("198.18.10.0/24");
    assertThat(s.getRanges()).containsExactly("198.18.10.100-198.18.10.199");
    assertThat(s.getLeaseTime()).isEqualTo("10m");
    assertThat(s.getSubnetMask()).isEqualTo("255.255.255.0");
    assertThat(r.pair().getSpec().getMode()).isEqualTo(Mode.HOT_STANDBY);
    assertThat(r.pair().getSpec().getPeerTLS()).isEqualTo(PeerTls.ENABLED);
    assertThat(r.notes()).extracting(ImportNote::line).containsExactly(5); // max-lease-time only
  }

  @Test
  void theSecondarysDeclarationSwapsTheAddresses() {
    ImportResult r = IscConfTranslator.translate("""
        failover peer "Campus_B" {
          secondary;
          address 198.18.0.3;
          peer address 198.18.0.2;
          port 647; peer port 647;
          max-response-delay 30;
        }
        subnet 198.18.0.0 netmask 255.255.255.0 {
          pool { failover peer "Campus_B"; range 198.18.0.100 198.18.0.200; }
        }
        """, ImportSettings.none());
    assertThat(r.errors()).isEmpty();
    assertThat(r.pair().getSpec().getPrimary().getAddress()).isEqualTo("198.18.0.2");
    assertThat(r.pair().getSpec().getSecondary().getAddress()).isEqualTo("198.18.0.3");
    assertThat(r.pair().getSpec().getMaxResponseDelay()).isEqualTo("30s");
    assertThat(r.pair().getMetadata().getName()).isEqualTo("campus-b");
    assertThat(r.notes()).extracting(ImportNote::message)
        .anyMatch(m -> m.contains("this is the secondary's declaration"))
        .anyMatch(m -> m.contains("'Campus_B' is no Kubernetes object name"));
  }

  @Test
  void splitOf256AndAFullHbaMeanHotStandby() {
    String conf = """
        failover peer "p" { primary; address 198.18.0.2; peer address 198.18.0.3; mclt 600; %s }
        subnet 198.18.0.0 netmask 255.255.255.0 { range 198.18.0.100 198.18.0.200; }
        """;
    assertThat(IscConfTranslator.translate(conf.formatted("split 256;"), ImportSettings.none())
        .pair().getSpec().getMode()).isEqualTo(Mode.HOT_STANDBY);
    String full = "ff:".repeat(31) + "ff";
    ImportResult hba = IscConfTranslator.translate(conf.formatted("hba " + full + ";"), ImportSettings.none());
    assertThat(hba.pair().getSpec().getMode()).isEqualTo(Mode.HOT_STANDBY);
    assertThat(hba.pair().getSpec().getMclt()).isEqualTo("10m");
  }

  @Test
  void optionsWithHostNamesOrExpressionsAreReported() {
    ImportResult r = IscConfTranslator.translate("""
        option domain-name-servers ns1.example.org;
        option host-name = concat("a", "b");
        option frobnicate 1;
        subnet 198.18.0.0 netmask 255.255.255.0 { range 198.18.0.100 198.18.0.200; }
        """, new ImportSettings(null, "198.18.0.2", "198.18.0.3", List.of()));
    assertThat(r.errors()).isEmpty();
    assertThat(r.notes()).extracting(ImportNote::line).startsWith(1, 2, 3);
    assertThat(r.notes().get(0).message()).contains("host names are not resolved");
    assertThat(r.notes().get(1).message()).contains("only literal values");
    assertThat(r.notes().get(2).message()).contains("not known to the importer");
    assertThat(r.pair().getSpec().getSubnets().get(0).getDnsServers()).isEmpty();
  }
}
