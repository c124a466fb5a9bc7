package io.dhcpfailover.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPairSpec;
import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.api.v1alpha1.OptionSpec;
import io.dhcpfailover.api.v1alpha1.ReservationSpec;
import io.dhcpfailover.api.v1alpha1.SubnetSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PairValidatorTest {

  /** The errors of the valid test pair after {@code change}. */
  private static List<String> errorsAfter(Consumer<DhcpFailoverPairSpec> change) {
    DhcpFailoverPair pair = TestPairs.valid();
    change.accept(pair.getSpec());
    return PairValidator.validate(pair).stream().map(ConfigError::toString).toList();
  }

  private static SubnetSpec subnet0(DhcpFailoverPairSpec spec) {
    return spec.getSubnets().get(0);
  }

  private static OptionSpec option(int code) {
    OptionSpec o = new OptionSpec();
    o.setCode(code);
    return o;
  }

  private static ReservationSpec reservation(String mac, String address) {
    ReservationSpec r = new ReservationSpec();
    r.setHardwareAddress(mac);
    r.setAddress(address);
    return r;
  }

  @Test
  void acceptsTheValidPair() {
    assertThat(PairValidator.validate(TestPairs.valid())).isEmpty();
  }

  @Test
  void requiresTheName() {
    DhcpFailoverPair pair = TestPairs.valid();
    pair.getMetadata().setName(null);

    assertThat(PairValidator.validate(pair))
        .extracting(ConfigError::path)
        .containsExactly("metadata.name");
  }

  @Test
  void requiresTheSecondary() {
    assertThat(errorsAfter(s -> s.setSecondary(null))).containsExactly("spec.secondary: required");
  }

  @Test
  void requiresASubnet() {
    assertThat(errorsAfter(s -> s.setSubnets(List.of())))
        .containsExactly("spec.subnets: at least one subnet is required");
  }

  @Test
  void rejectsSplitInHotStandby() {
    assertThat(errorsAfter(s -> s.setSplit(128)))
        .containsExactly("spec.split: applies only to mode LoadBalance; remove it (value '128')");
  }

  @Test
  void acceptsSplitInLoadBalance() {
    assertThat(
            errorsAfter(
                s -> {
                  s.setMode(Mode.LOAD_BALANCE);
                  s.setSplit(256);
                }))
        .isEmpty();
  }

  @Test
  void rejectsSplitAbove256() {
    assertThat(
            errorsAfter(
                s -> {
                  s.setMode(Mode.LOAD_BALANCE);
                  s.setSplit(257);
                }))
        .containsExactly(
            "spec.split: must be 0 to 256 (hash buckets the primary answers) (value '257')");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1x", "1h30", "30m1h", "-5s", "1.5h", "", "h"})
  void rejectsABadDuration(String text) {
    assertThat(errorsAfter(s -> s.setMclt(text)))
        .containsExactly(
            "spec.mclt: is no duration; write e.g. 45s, 10m, 1h30m (value '" + text + "')");
  }

  @Test
  void rejectsAZeroMclt() {
    assertThat(errorsAfter(s -> s.setMclt("0s")))
        .containsExactly("spec.mclt: must be longer than 0s (value '0s')");
  }

  @Test
  void rejectsAZeroMaxResponseDelay() {
    assertThat(errorsAfter(s -> s.setMaxResponseDelay("0m")))
        .containsExactly("spec.maxResponseDelay: must be longer than 0s (value '0m')");
  }

  @Test
  void rejectsADeclineProbationThatIsNoDurationOrZero() {
    assertThat(errorsAfter(s -> s.setDeclineProbation("a day")))
        .containsExactly("spec.declineProbation: is no duration; write e.g. 45s, 10m, 1h30m (value 'a day')");
    assertThat(errorsAfter(s -> s.setDeclineProbation("0s")))
        .containsExactly("spec.declineProbation: must be longer than 0s (value '0s')");
  }

  @Test
  void rejectsAnOfferHoldOutsideTenToThirtySeconds() {
    io.dhcpfailover.api.v1alpha1.LimitsSpec limits = new io.dhcpfailover.api.v1alpha1.LimitsSpec();
    limits.setOfferHold("31s");
    assertThat(errorsAfter(s -> s.setLimits(limits)))
        .containsExactly("spec.limits.offerHold: must be 10s to 30s (value '31s')");
  }

  @Test
  void rejectsLimitsOutOfRangeNamingEachField() {
    io.dhcpfailover.api.v1alpha1.LimitsSpec limits = new io.dhcpfailover.api.v1alpha1.LimitsSpec();
    limits.setOffersPerClientPerSecond(0);
    limits.setPacketsPerRelayPerSecond(0);
    limits.setOutstandingOffersPerSubnet(-5);
    limits.setNewClientReservePercent(91);
    assertThat(errorsAfter(s -> s.setLimits(limits)))
        .containsExactly(
            "spec.limits.offersPerClientPerSecond: must be 1 to 1000 (value '0')",
            "spec.limits.packetsPerRelayPerSecond: must be 1 to 1000000 (value '0')",
            "spec.limits.outstandingOffersPerSubnet: must be 0 to 1000000 (value '-5')",
            "spec.limits.newClientReservePercent: must be 0 to 90 (value '91')");
  }

  @Test
  void acceptsAbsentLimits() {
    assertThat(errorsAfter(s -> s.setLimits(null))).isEmpty();
  }

  @Test
  void rejectsAPortOutOfRange() {
    assertThat(errorsAfter(s -> s.setFailoverPort(70000)))
        .containsExactly("spec.failoverPort: must be 1 to 65535 (value '70000')");
  }

  @Test
  void rejectsTheSamePortForFailoverAndHttp() {
    assertThat(errorsAfter(s -> s.setHttpPort(647)))
        .containsExactly("spec.httpPort: is the same as spec.failoverPort (value '647')");
  }

  @ParameterizedTest
  @ValueSource(strings = {"198.18.0.256", "abc", "198.18.0", "198.18.0.2.1", ""})
  void rejectsABadNodeAddress(String text) {
    assertThat(errorsAfter(s -> s.getPrimary().setAddress(text)))
        .containsExactly("spec.primary.address: is no IPv4 address (value '" + text + "')");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "255.255.255.255", "224.0.0.1"})
  void rejectsANonUnicastNodeAddress(String text) {
    assertThat(errorsAfter(s -> s.getSecondary().setAddress(text)))
        .containsExactly(
            "spec.secondary.address: must be a unicast address (value '" + text + "')");
  }

  @Test
  void rejectsTheSameAddressOnBothNodes() {
    assertThat(errorsAfter(s -> s.getSecondary().setAddress("198.18.0.2")))
        .containsExactly(
            "spec.secondary.address: is the same as spec.primary.address; the nodes need"
                + " addresses of their own (value '198.18.0.2')");
  }

  @Test
  void rejectsAnInterfaceListedTwice() {
    assertThat(errorsAfter(s -> s.getPrimary().setInterfaces(List.of("eth1", "eth1"))))
        .containsExactly("spec.primary.interfaces[1]: is listed twice (value 'eth1')");
  }

  @Test
  void rejectsASubnetWithHostBitsSet() {
    assertThat(errorsAfter(s -> subnet0(s).setSubnet("198.18.0.1/22")))
        .contains(
            "spec.subnets[0].subnet: has host bits set; the subnet is 198.18.0.0/22"
                + " (value '198.18.0.1/22')");
  }

  @ParameterizedTest
  @ValueSource(strings = {"198.18.0.0", "198.18.0.0/33", "198.18.0.256/24", "abc/24"})
  void rejectsABadSubnet(String text) {
    assertThat(errorsAfter(s -> s.getSubnets().get(1).setSubnet(text)))
        .contains(
            "spec.subnets[1].subnet: is no IPv4 prefix like 198.18.0.0/22 (value '" + text + "')");
  }

  @Test
  void rejectsOverlappingSubnets() {
    assertThat(
            errorsAfter(
                s -> {
                  s.getSubnets().get(1).setSubnet("198.18.2.0/24");
                  s.getSubnets().get(1).setRanges(List.of());
                  subnet0(s).setRanges(List.of("198.18.0.100-198.18.0.199"));
                }))
        .containsExactly(
            "spec.subnets[1].subnet: overlaps spec.subnets[0].subnet 198.18.0.0/22"
                + " (value '198.18.2.0/24')");
  }

  @Test
  void rejectsOverlappingRangesInOneSubnet() {
    assertThat(
            errorsAfter(
                s ->
                    subnet0(s)
                        .setRanges(
                            List.of("198.18.0.100-198.18.0.199", "198.18.0.150-198.18.0.250"))))
        .containsExactly(
            "spec.subnets[0].ranges[1]: overlaps spec.subnets[0].ranges[0]"
                + " 198.18.0.100-198.18.0.199 (value '198.18.0.150-198.18.0.250')");
  }

  @Test
  void rejectsARangeOutsideTheSubnet() {
    assertThat(
            errorsAfter(s -> s.getSubnets().get(1).setRanges(List.of("198.18.16.10-198.18.17.20"))))
        .containsExactly(
            "spec.subnets[1].ranges[0]: is not inside subnet 198.18.16.0/24"
                + " (value '198.18.16.10-198.18.17.20')");
  }

  @Test
  void rejectsARangeThatIsReversed() {
    assertThat(
            errorsAfter(s -> s.getSubnets().get(1).setRanges(List.of("198.18.16.20-198.18.16.10"))))
        .containsExactly(
            "spec.subnets[1].ranges[0]: first address is above the last (value"
                + " '198.18.16.20-198.18.16.10')");
  }

  @Test
  void rejectsARangeWithABadAddress() {
    assertThat(
            errorsAfter(
                s -> s.getSubnets().get(1).setRanges(List.of("198.18.16.10-198.18.16.256"))))
        .containsExactly(
            "spec.subnets[1].ranges[0]: is no range of IPv4 addresses 'first-last'"
                + " (value '198.18.16.10-198.18.16.256')");
  }

  @Test
  void rejectsARangeWithTheBroadcastAddress() {
    assertThat(
            errorsAfter(
                s -> s.getSubnets().get(1).setRanges(List.of("198.18.16.10-198.18.16.255"))))
        .containsExactly(
            "spec.subnets[1].ranges[0]: contains the broadcast address 198.18.16.255"
                + " (value '198.18.16.10-198.18.16.255')");
  }

  @Test
  void rejectsARangeWithTheNetworkAddress() {
    assertThat(
            errorsAfter(s -> s.getSubnets().get(1).setRanges(List.of("198.18.16.0-198.18.16.10"))))
        .containsExactly(
            "spec.subnets[1].ranges[0]: contains the network address 198.18.16.0"
                + " (value '198.18.16.0-198.18.16.10')");
  }

  @Test
  void rejectsARangeWithANodeAddress() {
    assertThat(errorsAfter(s -> subnet0(s).setRanges(List.of("198.18.0.2-198.18.0.9"))))
        .containsExactly(
            "spec.subnets[0].ranges[0]: contains spec.primary.address 198.18.0.2"
                + " (value '198.18.0.2-198.18.0.9')",
            "spec.subnets[0].ranges[0]: contains spec.secondary.address 198.18.0.3"
                + " (value '198.18.0.2-198.18.0.9')");
  }

  @Test
  void rejectsARangeWithTheRouter() {
    assertThat(errorsAfter(s -> subnet0(s).setRouters(List.of("198.18.0.150"))))
        .containsExactly(
            "spec.subnets[0].ranges[0]: contains spec.subnets[0].routers[0] 198.18.0.150"
                + " (value '198.18.0.100-198.18.0.199')");
  }

  @Test
  void rejectsABadRouterAndDnsServer() {
    assertThat(
            errorsAfter(
                s -> {
                  subnet0(s).setRouters(List.of("198.18.0.256"));
                  subnet0(s).setDnsServers(List.of("198.18.0.53", "abc"));
                }))
        .containsExactly(
            "spec.subnets[0].routers[0]: is no IPv4 address (value '198.18.0.256')",
            "spec.subnets[0].dnsServers[1]: is no IPv4 address (value 'abc')");
  }

  @Test
  void rejectsABadDomainName() {
    assertThat(errorsAfter(s -> subnet0(s).setDomainName("lab example")))
        .containsExactly("spec.subnets[0].domainName: is no DNS domain name (value 'lab example')");
  }

  @ParameterizedTest
  @ValueSource(ints = {50, 51, 52, 53, 54, 55, 57, 58, 59, 61, 82})
  void rejectsAnOptionTheServerSetsItself(int code) {
    assertThat(
            errorsAfter(
                s -> {
                  OptionSpec o = option(code);
                  o.setUint8(1);
                  subnet0(s).getOptions().add(o);
                }))
        .singleElement()
        .asString()
        .startsWith("spec.subnets[0].options[4].code: cannot be configured: ")
        .endsWith("(value '" + code + "')");
  }

  /**
   * A code refused for itself, or none, with a value its type cannot read: the code's problem, not
   * an exception from encoding the value (the pair-file fuzz target found these).
   */
  @ParameterizedTest
  @ValueSource(ints = {6, 50, 52, 54, 57, 61, -1})
  void aRefusedOrMissingCodeWithAnUnreadableValueIsOneProblem(int code) {
    List<String> errors = errorsAfter(s -> {
      OptionSpec o = new OptionSpec();
      o.setCode(code < 0 ? null : code);
      o.setValue(code == 57 ? "" : "9000x");
      subnet0(s).getOptions().add(o);
    });
    assertThat(errors).singleElement().asString().startsWith("spec.subnets[0].options[4].code: ");
  }

  @Test
  void rejectsOptionCode53NamingTheReason() {
    assertThat(
            errorsAfter(
                s -> {
                  OptionSpec o = option(53);
                  o.setUint8(5);
                  subnet0(s).getOptions().add(o);
                }))
        .containsExactly(
            "spec.subnets[0].options[4].code: cannot be configured: the DHCP message type is set"
                + " by the server (value '53')");
  }

  @Test
  void rejectsAnOptionWithADedicatedFieldNamingTheField() {
    assertThat(
            errorsAfter(
                s -> {
                  OptionSpec o = option(6);
                  o.setAddresses(List.of("198.18.0.53"));
                  subnet0(s).getOptions().add(o);
                }))
        .containsExactly(
            "spec.subnets[0].options[4].code: has a field of its own: use dnsServers (value '6')");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 255, 300})
  void rejectsAnOptionCodeOutOfRange(int code) {
    assertThat(
            errorsAfter(
                s -> {
                  OptionSpec o = option(code);
                  o.setText("x");
                  subnet0(s).getOptions().add(o);
                }))
        .containsExactly(
            "spec.subnets[0].options[4].code: must be 1 to 254 (value '" + code + "')");
  }

  @Test
  void rejectsAnOptionWithTwoValueForms() {
    assertThat(
            errorsAfter(
                s -> {
                  OptionSpec o = option(66);
                  o.setText("tftp");
                  o.setHex("01");
                  subnet0(s).getOptions().set(1, o);
                }))
        .containsExactly(
            "spec.subnets[0].options[1]: has several value forms; give exactly one"
                + " (value 'text, hex')");
  }

  @Test
  void rejectsAnOptionWithoutAValue() {
    assertThat(errorsAfter(s -> subnet0(s).getOptions().add(option(100))))
        .containsExactly(
            "spec.subnets[0].options[4]: needs a value: exactly one of value, addresses, text, hex,"
                + " uint8, uint16, uint32");
  }

  @Test
  void rejectsAnOptionGivenTwice() {
    assertThat(
            errorsAfter(
                s -> {
                  OptionSpec o = option(42);
                  o.setAddresses(List.of("198.18.0.124"));
                  subnet0(s).getOptions().add(o);
                }))
        .containsExactly(
            "spec.subnets[0].options[4].code: is also given in spec.subnets[0].options[0];"
                + " give each code once (value '42')");
  }

  @Test
  void rejectsAnOptionAddressThatIsNoAddress() {
    assertThat(
            errorsAfter(
                s -> subnet0(s).getOptions().get(0).setAddresses(List.of("198.18.0.123", "abc"))))
        .containsExactly(
            "spec.subnets[0].options[0].addresses[1]: is no IPv4 address (value 'abc')");
  }

  @Test
  void rejectsAnOptionValueLongerThan255Bytes() {
    assertThat(errorsAfter(s -> subnet0(s).getOptions().get(1).setText("x".repeat(256))))
        .singleElement()
        .asString()
        .startsWith("spec.subnets[0].options[1].text: is 256 bytes; one option holds at most 255");
  }

  @Test
  void acceptsAnOptionValueOfExactly255Bytes() {
    assertThat(errorsAfter(s -> subnet0(s).getOptions().get(1).setText("x".repeat(255)))).isEmpty();
  }

  @Test
  void rejectsABadHexValue() {
    assertThat(errorsAfter(s -> subnet0(s).getOptions().get(3).setHex("0g")))
        .containsExactly(
            "spec.subnets[0].options[3].hex: is no hex bytes like 01:02:ff or 0102ff (value '0g')");
  }

  @Test
  void rejectsAReservationForTheSameAddressTwice() {
    assertThat(
            errorsAfter(
                s ->
                    subnet0(s)
                        .getReservations()
                        .add(reservation("02:00:00:00:00:99", "198.18.0.10"))))
        .containsExactly(
            "spec.subnets[0].reservations[2].address: is already reserved in"
                + " spec.subnets[0].reservations[0] (value '198.18.0.10')");
  }

  @Test
  void rejectsTwoReservationsForTheSameClient() {
    assertThat(
            errorsAfter(
                s ->
                    subnet0(s)
                        .getReservations()
                        .add(reservation("02:00:00:00:00:01", "198.18.0.12"))))
        .containsExactly(
            "spec.subnets[0].reservations[2].hardwareAddress: is already reserved in"
                + " spec.subnets[0].reservations[0] (value '02:00:00:00:00:01')");
  }

  @Test
  void treatsHardwareAddressesCaseInsensitively() {
    assertThat(
            errorsAfter(
                s -> {
                  subnet0(s).getReservations().get(0).setHardwareAddress("02:00:00:00:00:AA");
                  subnet0(s).getReservations().add(reservation("02:00:00:00:00:aa", "198.18.0.12"));
                }))
        .singleElement()
        .asString()
        .contains("reservations[2].hardwareAddress: is already reserved");
  }

  @Test
  void rejectsTwoReservationsForTheSameClientId() {
    assertThat(
            errorsAfter(
                s -> {
                  ReservationSpec r = new ReservationSpec();
                  r.setClientId("01020000000002");
                  r.setAddress("198.18.0.12");
                  subnet0(s).getReservations().add(r);
                }))
        .containsExactly(
            "spec.subnets[0].reservations[2].clientId: is already reserved in"
                + " spec.subnets[0].reservations[1] (value '01020000000002')");
  }

  @Test
  void rejectsAReservationOutsideTheSubnet() {
    assertThat(errorsAfter(s -> subnet0(s).getReservations().get(0).setAddress("198.18.16.5")))
        .containsExactly(
            "spec.subnets[0].reservations[0].address: is not inside subnet 198.18.0.0/22"
                + " (value '198.18.16.5')");
  }

  @Test
  void rejectsAReservationInsideADynamicRange() {
    assertThat(errorsAfter(s -> subnet0(s).getReservations().get(0).setAddress("198.18.0.150")))
        .containsExactly(
            "spec.subnets[0].reservations[0].address: is inside dynamic range"
                + " 198.18.0.100-198.18.0.199; reserve addresses outside the ranges"
                + " (value '198.18.0.150')");
  }

  @Test
  void rejectsAReservationWithoutAClient() {
    assertThat(errorsAfter(s -> subnet0(s).getReservations().get(0).setHardwareAddress(null)))
        .containsExactly(
            "spec.subnets[0].reservations[0]: needs hardwareAddress or clientId to know the"
                + " client");
  }

  @Test
  void rejectsABadHardwareAddress() {
    assertThat(
            errorsAfter(
                s -> subnet0(s).getReservations().get(0).setHardwareAddress("02:00:00:00:01")))
        .containsExactly(
            "spec.subnets[0].reservations[0].hardwareAddress: is no MAC address like"
                + " 02:00:00:00:00:01 (value '02:00:00:00:01')");
  }

  @Test
  void acceptsRenewalAndRebindingTimesInsideTheLease() {
    assertThat(errorsAfter(s -> {
      subnet0(s).setRenewalTime("2h");
      subnet0(s).setRebindingTime("11h59m59s");
    })).isEmpty();
  }

  @Test
  void rejectsRenewalAndRebindingTimesOutOfOrder() {
    assertThat(errorsAfter(s -> subnet0(s).setRenewalTime("12h")))
        .containsExactly("spec.subnets[0].renewalTime: must be shorter than leaseTime 12h (value '12h')");
    assertThat(errorsAfter(s -> subnet0(s).setRebindingTime("1h")))
        .containsExactly("spec.subnets[0].rebindingTime: must be longer than renewalTime (T1, by"
            + " default half of leaseTime) (value '1h')");
    assertThat(errorsAfter(s -> {
      subnet0(s).setRenewalTime("3h");
      subnet0(s).setRebindingTime("3h");
    })).containsExactly("spec.subnets[0].renewalTime: must be shorter than rebindingTime (T2, by"
            + " default 7/8 of leaseTime) (value '3h')");
    assertThat(errorsAfter(s -> subnet0(s).setRebindingTime("0s")))
        .containsExactly("spec.subnets[0].rebindingTime: must be longer than 0s (value '0s')");
  }

  @Test
  void rejectsASubnetMaskWithAHoleAndAHostNameThatIsNoDnsName() {
    assertThat(errorsAfter(s -> subnet0(s).setSubnetMask("255.255.0.255")))
        .containsExactly("spec.subnets[0].subnetMask: is no netmask of a /1 to a /30, e.g."
            + " 255.255.254.0 (value '255.255.0.255')");
    assertThat(errorsAfter(s -> subnet0(s).setHostname("no host")))
        .containsExactly("spec.subnets[0].hostname: is no host name (value 'no host')");
    assertThat(errorsAfter(s -> {
      subnet0(s).setSubnetMask("255.255.254.0");
      subnet0(s).setHostname("lab-host");
    })).isEmpty();
  }

  @Test
  void rejectsBadBootSettingsNamingTheField() {
    assertThat(errorsAfter(s -> subnet0(s).setNextServer("0.0.0.0")))
        .containsExactly("spec.subnets[0].nextServer: is no unicast address (value '0.0.0.0')");
    assertThat(errorsAfter(s -> subnet0(s).getReservations().get(0).setBootFileName("a\tb")))
        .containsExactly("spec.subnets[0].reservations[0].bootFileName: must be printable ASCII"
            + " without spaces at either end (value 'a\tb')");
    assertThat(errorsAfter(s -> subnet0(s).setBootFileName("f".repeat(256))))
        .singleElement().asString()
        .startsWith("spec.subnets[0].bootFileName: is 256 bytes; option 66/67 holds at most 255");
    assertThat(errorsAfter(s -> subnet0(s).setTftpServerName("tftp")))
        .singleElement().asString()
        .startsWith("spec.subnets[0].options[1].code: is also given as tftpServerName");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "0m"})
  void rejectsALeaseTimeBelowOneSecond(String text) {
    assertThat(errorsAfter(s -> subnet0(s).setLeaseTime(text)))
        .containsExactly("spec.subnets[0].leaseTime: must be at least 1s (value '" + text + "')");
  }

  /** Labs and tests ask for leases of seconds (the node warns below a minute). */
  @ParameterizedTest
  @ValueSource(strings = {"1s", "5s", "59s"})
  void acceptsLeaseTimesOfSeconds(String text) {
    assertThat(errorsAfter(s -> subnet0(s).setLeaseTime(text))).isEmpty();
  }

  @Test
  void reportsEveryErrorNotJustTheFirst() {
    assertThat(
            errorsAfter(
                s -> {
                  s.setSplit(1);
                  s.setMclt("soon");
                  s.getPrimary().setAddress("abc");
                  subnet0(s).setLeaseTime("0s");
                }))
        .hasSize(4);
  }

  @Test
  void survivesNullListEntries() {
    assertThat(
            errorsAfter(
                s -> {
                  List<OptionSpec> options = new ArrayList<>(Collections.singletonList(null));
                  subnet0(s).setOptions(options);
                }))
        .containsExactly("spec.subnets[0].options[0]: required");
  }
}
