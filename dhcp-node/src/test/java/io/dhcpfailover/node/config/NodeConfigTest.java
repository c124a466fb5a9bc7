package io.dhcpfailover.node.config;

import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.api.validation.AddressRange;
import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.ConfigVersion;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import io.dhcpfailover.node.engine.BootParameters;
import io.dhcpfailover.node.engine.RenewalTimes;
import io.dhcpfailover.node.util.Hex;
import io.dhcpfailover.node.util.Ipv4;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NodeConfigTest {

  private static final String VALID = TestPairs.text("valid-pair.yaml");

  private static int ip(String text) {
    return Ipv4.parse(text);
  }

  @Test
  void translatesThePrimary() {
    NodeConfig c = NodeConfig.from(TestPairs.valid(), Role.PRIMARY);

    assertThat(c.role()).isEqualTo(Role.PRIMARY);
    assertThat(c.relationshipName()).isEqualTo("test-pair");
    assertThat(c.serverAddress()).isEqualTo(ip("198.18.0.2"));
    assertThat(c.peerAddress()).isEqualTo(ip("198.18.0.3"));
    assertThat(c.interfaces()).containsExactly("eth1");
    assertThat(c.failoverPort()).isEqualTo(647);
    assertThat(c.httpPort()).isEqualTo(8067);
    assertThat(c.mode()).isEqualTo(Mode.HOT_STANDBY);
    assertThat(c.split()).isEqualTo(256);
    assertThat(c.mclt()).isEqualTo(Duration.ofHours(1));
    assertThat(c.maxResponseDelay()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.autoPartnerDown()).isEqualTo(Duration.ZERO);
    assertThat(c.declineProbation()).as("the default, as Kea's").isEqualTo(Duration.ofHours(24));
    assertThat(c.maxUnackedUpdates()).isEqualTo(100);
    assertThat(c.loadBalanceMaxSeconds()).isEqualTo(3);
    assertThat(c.hasPeer()).isTrue();
  }

  @Test
  void readsTheDeclineProbation() {
    DhcpFailoverPair pair = TestPairs.valid();
    pair.getSpec().setDeclineProbation("90m");

    assertThat(NodeConfig.from(pair, Role.PRIMARY).declineProbation()).isEqualTo(Duration.ofMinutes(90));
  }

  @Test
  void withoutLimitsTheDefaultsApply() {
    LimitsConfig l = NodeConfig.from(TestPairs.valid(), Role.PRIMARY).limits();

    assertThat(l).isEqualTo(LimitsConfig.DEFAULTS);
    assertThat(l.offersPerClientPerSecond()).isEqualTo(4);
    assertThat(l.packetsPerRelayPerSecond()).isEqualTo(2000);
    assertThat(l.outstandingOffersPerSubnet()).isEqualTo(256);
    assertThat(l.offerHold()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void readsTheLimitsAndDefaultsWhatTheyLeaveOut() {
    DhcpFailoverPair pair = TestPairs.valid();
    io.dhcpfailover.api.v1alpha1.LimitsSpec limits = new io.dhcpfailover.api.v1alpha1.LimitsSpec();
    limits.setOffersPerClientPerSecond(2);
    limits.setPacketsPerRelayPerSecond(null);
    limits.setOfferHold("25s");
    pair.getSpec().setLimits(limits);

    assertThat(NodeConfig.from(pair, Role.PRIMARY).limits())
        .isEqualTo(new LimitsConfig(2, 2000, 256, Duration.ofSeconds(25), 25));
  }

  @Test
  void theSecondaryServesFromItsOwnAddress() {
    NodeConfig c = NodeConfig.from(TestPairs.valid(), Role.SECONDARY);

    assertThat(c.serverAddress()).isEqualTo(ip("198.18.0.3"));
    assertThat(c.peerAddress()).isEqualTo(ip("198.18.0.2"));
  }

  @Test
  void standaloneUsesThePrimarysAddressAndHasNoPeer() {
    DhcpFailoverPair pair = TestPairs.valid();
    pair.getSpec().getSecondary().getInterfaces().set(0, "eth7");

    NodeConfig c = NodeConfig.from(pair, Role.STANDALONE);

    assertThat(c.serverAddress()).isEqualTo(ip("198.18.0.2"));
    assertThat(c.interfaces()).containsExactly("eth1");
    assertThat(c.peerAddress()).isZero();
    assertThat(c.hasPeer()).isFalse();
  }

  @Test
  void loadBalanceDefaultsTheSplitTo128() {
    DhcpFailoverPair pair = TestPairs.valid();
    pair.getSpec().setMode(Mode.LOAD_BALANCE);

    assertThat(NodeConfig.from(pair, Role.PRIMARY).split()).isEqualTo(128);

    pair.getSpec().setSplit(200);
    assertThat(NodeConfig.from(pair, Role.PRIMARY).split()).isEqualTo(200);
  }

  @Test
  void translatesTheSubnetAndItsRanges() {
    SubnetConfig s = NodeConfig.from(TestPairs.valid(), Role.PRIMARY).subnets().get(0);

    assertThat(s.network()).isEqualTo(ip("198.18.0.0"));
    assertThat(s.prefixLength()).isEqualTo(22);
    assertThat(s.mask()).isEqualTo(ip("255.255.252.0"));
    assertThat(s.broadcast()).isEqualTo(ip("198.18.3.255"));
    assertThat(s.cidr()).isEqualTo("198.18.0.0/22");
    assertThat(s.leaseTime()).isEqualTo(Duration.ofHours(12));
    assertThat(s.ranges())
        .containsExactly(
            new AddressRange(ip("198.18.0.100"), ip("198.18.0.199")),
            new AddressRange(ip("198.18.1.0"), ip("198.18.3.250")));
    assertThat(s.dynamicSize()).isEqualTo(100 + 3 * 256 - 5);
  }

  @Test
  void answersContainsAndInRange() {
    SubnetConfig s = NodeConfig.from(TestPairs.valid(), Role.PRIMARY).subnets().get(0);

    assertThat(s.contains(ip("198.18.3.255"))).isTrue();
    assertThat(s.contains(ip("198.18.4.0"))).isFalse();
    assertThat(s.inRange(ip("198.18.0.100"))).isTrue();
    assertThat(s.inRange(ip("198.18.0.199"))).isTrue();
    assertThat(s.inRange(ip("198.18.0.200"))).isFalse();
    assertThat(s.inRange(ip("198.18.0.10"))).isFalse();
  }

  @Test
  void findsTheSubnetOfAnAddress() {
    NodeConfig c = NodeConfig.from(TestPairs.valid(), Role.PRIMARY);

    assertThat(c.subnetContaining(ip("198.18.16.7")))
        .get()
        .extracting(SubnetConfig::cidr)
        .isEqualTo("198.18.16.0/24");
    assertThat(c.subnetContaining(ip("198.19.0.1"))).isEmpty();
  }

  @Test
  void optionSixtySixOfTheFileBecomesTheSubnetsTftpServerName() {
    SubnetConfig s = NodeConfig.from(TestPairs.valid(), Role.PRIMARY).subnets().get(0);
    assertThat(s.boot().tftpServerName()).isEqualTo("tftp".getBytes(StandardCharsets.US_ASCII));
    assertThat(s.options().has(66)).as("sent by the boot settings, not as a plain option").isFalse();
  }

  @Test
  void translatesBootSettingsAndRenewalTimes() {
    DhcpFailoverPair pair = TestPairs.valid();
    var spec = pair.getSpec().getSubnets().get(0);
    spec.getOptions().removeIf(o -> o.getCode() == 66);
    spec.setNextServer("198.18.0.69");
    spec.setTftpServerName("tftp.lab.example");
    spec.setBootFileName("pxelinux.0");
    spec.setLeaseTime("12h");
    spec.setRenewalTime("4h");
    spec.setRebindingTime("10h");
    spec.getReservations().get(0).setBootFileName("uefi/shim.efi");
    SubnetConfig s = NodeConfig.from(pair, Role.PRIMARY).subnets().get(0);
    assertThat(s.boot()).isEqualTo(
        BootParameters.of(ip("198.18.0.69"), "tftp.lab.example", "pxelinux.0"));
    assertThat(s.renewalTimes())
        .isEqualTo(new RenewalTimes(43_200, 14_400, 36_000));
    assertThat(s.reservations().get(0).boot())
        .isEqualTo(BootParameters.of(0, null, "uefi/shim.efi"));
  }

  @Test
  void aSubnetMaskAndHostNameOfTheSubnetBecomeOptionsOneAndTwelve() {
    DhcpFailoverPair pair = TestPairs.valid();
    pair.getSpec().getSubnets().get(0).setSubnetMask("255.255.248.0");
    pair.getSpec().getSubnets().get(0).setHostname("lab-host");
    DhcpOptions o = NodeConfig.from(pair, Role.PRIMARY).subnets().get(0).options();
    assertThat(o.get(1)).isEqualTo(Hex.parse("fffff800"));
    assertThat(o.get(12)).isEqualTo("lab-host".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void buildsTheOptionsInOrderReadyToSend() {
    DhcpOptions o = NodeConfig.from(TestPairs.valid(), Role.PRIMARY).subnets().get(0).options();

    assertThat(o.entries())
        .extracting(e -> e.code().code())
        .containsExactly(1, 3, 6, 15, 42, 26, 43);
    assertThat(o.get(1)).isEqualTo(Hex.parse("fffffc00"));
    assertThat(o.get(3)).isEqualTo(Hex.parse("c6120001"));
    assertThat(o.get(6)).isEqualTo(Hex.parse("c6120035c6120036"));
    assertThat(o.get(15)).isEqualTo("lab.example".getBytes(StandardCharsets.US_ASCII));
    assertThat(o.get(42)).isEqualTo(Hex.parse("c612007b"));
    assertThat(o.get(26)).isEqualTo(Hex.parse("05dc"));
    assertThat(o.get(43)).isEqualTo(Hex.parse("0102ff"));
    assertThat(o.has(28)).isFalse();
  }

  @Test
  void leavesOutRoutersDnsAndDomainWhenNotGiven() {
    DhcpOptions o = NodeConfig.from(TestPairs.valid(), Role.PRIMARY).subnets().get(1).options();

    assertThat(o.entries()).extracting(e -> e.code().code()).containsExactly(1);
    assertThat(o.get(1)).isEqualTo(Hex.parse("ffffff00"));
  }

  @Test
  void encodesAnIntegerByTheTypeOfItsCodeWhateverFieldHoldsIt() {
    DhcpFailoverPair pair = TestPairs.valid();
    pair.getSpec().getSubnets().get(0).getOptions().get(2).setUint16(null);
    pair.getSpec().getSubnets().get(0).getOptions().get(2).setUint8(64);
    pair.getSpec().getSubnets().get(0).getOptions().get(3).setCode(224); // of unknown type
    pair.getSpec().getSubnets().get(0).getOptions().get(3).setHex(null);
    pair.getSpec().getSubnets().get(0).getOptions().get(3).setUint32(4294967295L);

    DhcpOptions o = NodeConfig.from(pair, Role.PRIMARY).subnets().get(0).options();

    assertThat(o.get(26)).as("interface-mtu is 16 bits (RFC 2132 §5.1)").isEqualTo(Hex.parse("0040"));
    assertThat(o.get(224)).as("an unknown code as given").isEqualTo(Hex.parse("ffffffff"));
  }

  @Test
  void translatesReservations() {
    SubnetConfig s = NodeConfig.from(TestPairs.valid(), Role.PRIMARY).subnets().get(0);

    ReservationConfig byMac = s.reservations().get(0);
    assertThat(byMac.hardware()).isEqualTo(Hex.parse("01020000000001"));
    assertThat(byMac.clientId()).isNull();
    assertThat(byMac.address()).isEqualTo(ip("198.18.0.10"));
    assertThat(byMac.hostname()).isEqualTo("printer");

    ReservationConfig byId = s.reservations().get(1);
    assertThat(byId.hardware()).isNull();
    assertThat(byId.clientId()).isEqualTo(Hex.parse("01020000000002"));
    assertThat(byId.hostname()).isNull();
  }

  @Test
  void findsTheReservationOfAClient() {
    SubnetConfig s = NodeConfig.from(TestPairs.valid(), Role.PRIMARY).subnets().get(0);
    byte[] chaddr = Hex.parse("02000000000100000000000000000000");

    assertThat(s.reservationFor(null, 1, chaddr))
        .get()
        .extracting(ReservationConfig::address)
        .isEqualTo(ip("198.18.0.10"));
    assertThat(s.reservationFor(null, 6, chaddr)).isEmpty();
    assertThat(s.reservationFor(Hex.parse("01020000000002"), 1, Hex.parse("020000000009")))
        .get()
        .extracting(ReservationConfig::address)
        .isEqualTo(ip("198.18.0.11"));
    assertThat(s.reservationOf(ip("198.18.0.11"))).isPresent();
    assertThat(s.reservationOf(ip("198.18.0.12"))).isEmpty();
  }

  @Test
  void theConfigVersionIsStableAcrossLoadsAndLayout() throws Exception {
    String reformatted =
        VALID
            .replace(
                "  mclt: 1h\n  maxResponseDelay: 60s\n", "  maxResponseDelay: 60s\n  mclt: 1h\n")
            .replace("  namespace: dhcp\n", "  namespace: dhcp\n  # a comment\n")
            .replace("  mode: HotStandby\n", "  mode: HotStandby\n  failoverPort: 647\n");

    String first = NodeConfig.from(TestPairs.valid(), Role.PRIMARY).configVersion();
    String again = NodeConfig.from(TestPairs.valid(), Role.SECONDARY).configVersion();
    String other =
        NodeConfig.from(PairFileLoader.parse(reformatted, "x"), Role.PRIMARY).configVersion();

    assertThat(first).hasSize(12).matches("[0-9a-f]{12}");
    assertThat(again).isEqualTo(first);
    assertThat(other).isEqualTo(first);
  }

  @Test
  void theConfigVersionChangesWithTheSpec() throws Exception {
    String changed = VALID.replace("leaseTime: 12h", "leaseTime: 6h");

    String before = NodeConfig.from(TestPairs.valid(), Role.PRIMARY).configVersion();
    String after =
        NodeConfig.from(PairFileLoader.parse(changed, "x"), Role.PRIMARY).configVersion();

    assertThat(after).isNotEqualTo(before);
  }

  @Test
  void theConfigVersionIgnoresStatus() throws Exception {
    String withoutStatus = VALID.substring(0, VALID.indexOf("status:"));

    assertThat(NodeConfig.configVersionOf(PairFileLoader.parse(withoutStatus, "x")))
        .isEqualTo(NodeConfig.configVersionOf(TestPairs.valid()));
  }

  @Test
  void theConfigVersionIsTheSharedOneOfTheApi() {
    DhcpFailoverPair pair = TestPairs.valid();

    assertThat(NodeConfig.from(pair, Role.PRIMARY).configVersion())
        .isEqualTo(ConfigVersion.of(pair));
  }

  @Test
  void aPairRenderedAsYamlByFabric8LoadsWithTheSameConfigVersion() throws Exception {
    DhcpFailoverPair pair = TestPairs.valid();
    pair.getSpec().setImage("registry.example/dhcp-node:1.2.3");
    pair.getSpec().getSubnets().get(0).setDomainName("123");
    DhcpFailoverPair file = new DhcpFailoverPair();
    file.setMetadata(
        new ObjectMetaBuilder()
            .withName(pair.getMetadata().getName())
            .withNamespace(pair.getMetadata().getNamespace())
            .build());
    file.setSpec(pair.getSpec());

    DhcpFailoverPair loaded = PairFileLoader.parse(Serialization.asYaml(file), "<configmap>");

    assertThat(NodeConfig.from(loaded, Role.SECONDARY).configVersion())
        .isEqualTo(ConfigVersion.of(pair));
  }
}
