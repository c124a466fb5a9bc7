package io.dhcpfailover.node.engine;

import static io.dhcpfailover.node.engine.DhcpEngineTest.SERVER;
import static io.dhcpfailover.node.engine.DhcpEngineTest.msg;
import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.util.Ipv4;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Network-boot settings (siaddr, sname/66, file/67) and T1/T2 (58/59) in the engine's replies. */
class BootAndRenewalTest {
  static final int NEXT_SERVER = Ipv4.parse("198.18.0.69");
  static final int RESERVED = Ipv4.parse("198.18.0.10");
  static final byte[] RESERVED_MAC = {1, 2, 0, 0, 0, 0, 9};

  final DhcpEngineTest.MutableClock clock =
      new DhcpEngineTest.MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final MemoryLeaseStore store = new MemoryLeaseStore();

  static Subnet subnet(RenewalTimes times, BootParameters boot, Reservation... reservations) {
    DhcpOptions options = DhcpOptions.builder().addIpv4(1, Ipv4.parse("255.255.255.0")).build();
    return new Subnet(Ipv4.parse("198.18.0.0"), 24,
        List.<int[]>of(new int[] {Ipv4.parse("198.18.0.100"), Ipv4.parse("198.18.0.102")}),
        times, options, boot, List.of(reservations));
  }

  static BootParameters pxe() {
    return BootParameters.of(NEXT_SERVER, "tftp.lab.example", "pxelinux.0");
  }

  Reply discover(Subnet subnet, int mac, byte... requested) {
    return discover(subnet, ServicePolicy.STANDALONE, mac, requested);
  }

  Reply discover(Subnet subnet, ServicePolicy policy, int mac, byte... requested) {
    DhcpOptions.Builder extra = DhcpOptions.builder();
    if (requested.length > 0) {
      extra.add(55, requested);
    }
    return engine(subnet, policy).handle(msg(DhcpMessageType.DISCOVER, mac, 0, 0, extra),
        new Ingress("eth1", 0, 68)).toCompletableFuture().join();
  }

  DhcpEngine engine(Subnet subnet, ServicePolicy policy) {
    return new DhcpEngine(SERVER, List.of(subnet), Map.of("eth1", subnet), store, clock,
        DhcpEngine.EngineMetrics.NONE, policy);
  }

  static String field(byte[] field) {
    int end = 0;
    while (end < field.length && field[end] != 0) {
      end++;
    }
    assertThat(Arrays.copyOfRange(field, end, field.length)).as("NUL padding").containsOnly(0);
    return new String(field, 0, end, StandardCharsets.US_ASCII);
  }

  @Test
  void subnetBootSettingsFillSiaddrSnameAndFileWithoutOptionsNobodyAskedFor() {
    DhcpMessage offer = discover(subnet(RenewalTimes.defaults(600), pxe()), 1).message();
    assertThat(offer.siaddr()).isEqualTo(NEXT_SERVER);
    assertThat(field(offer.sname())).isEqualTo("tftp.lab.example");
    assertThat(field(offer.file())).isEqualTo("pxelinux.0");
    assertThat(offer.options().has(66)).isFalse();
    assertThat(offer.options().has(67)).isFalse();
  }

  @Test
  void optionsSixtySixAndSixtySevenGoOutWhenTheClientAsksForThem() {
    DhcpMessage offer =
        discover(subnet(RenewalTimes.defaults(600), pxe()), 1, (byte) 1, (byte) 66, (byte) 67)
            .message();
    assertThat(offer.options().getText(66)).isEqualTo("tftp.lab.example");
    assertThat(offer.options().getText(67)).isEqualTo("pxelinux.0");
    assertThat(field(offer.file())).isEqualTo("pxelinux.0");
  }

  @Test
  void aReservationsBootSettingsOverrideTheSubnetsFieldByField() {
    Reservation r = new Reservation(RESERVED_MAC, null, RESERVED, null,
        BootParameters.of(0, null, "uefi/shim.efi"));
    DhcpMessage offer = discover(subnet(RenewalTimes.defaults(600), pxe(), r), 9).message();
    assertThat(offer.yiaddr()).isEqualTo(RESERVED);
    assertThat(field(offer.file())).isEqualTo("uefi/shim.efi");
    assertThat(field(offer.sname())).as("the subnet's").isEqualTo("tftp.lab.example");
    assertThat(offer.siaddr()).as("the subnet's").isEqualTo(NEXT_SERVER);
  }

  @Test
  void aBootFileNameTheFileFieldCannotHoldGoesInOptionSixtySevenAlone() {
    String longName = "images/" + "x".repeat(121); // 128 bytes: no room for the NUL
    String longServer = "t".repeat(64);
    DhcpMessage offer =
        discover(subnet(RenewalTimes.defaults(600), BootParameters.of(0, longServer, longName)), 1)
            .message();
    assertThat(offer.file()).containsOnly(0);
    assertThat(offer.sname()).containsOnly(0);
    assertThat(offer.options().getText(67)).isEqualTo(longName);
    assertThat(offer.options().getText(66)).isEqualTo(longServer);
  }

  @Test
  void aNameOneByteShorterThanItsFieldStaysInTheField() {
    String name = "y".repeat(127);
    DhcpMessage offer =
        discover(subnet(RenewalTimes.defaults(600), BootParameters.of(0, null, name)), 1).message();
    assertThat(field(offer.file())).isEqualTo(name);
    assertThat(offer.options().has(67)).isFalse();
  }

  @Test
  void anInformFromAReservedAddressGetsTheReservationsBootSettingsAndNoRenewalTimes() {
    Reservation r = new Reservation(RESERVED_MAC, null, RESERVED, null,
        BootParameters.of(0, null, "uefi/shim.efi"));
    Subnet subnet = subnet(new RenewalTimes(600, 200, 400), pxe(), r);
    DhcpMessage ack = engine(subnet, ServicePolicy.STANDALONE)
        .handle(msg(DhcpMessageType.INFORM, 9, RESERVED, 0, null), new Ingress("eth1", RESERVED, 68))
        .toCompletableFuture().join().message();
    assertThat(ack.messageType()).isEqualTo(DhcpMessageType.ACK);
    assertThat(field(ack.file())).isEqualTo("uefi/shim.efi");
    assertThat(ack.siaddr()).isEqualTo(NEXT_SERVER);
    assertThat(ack.options().has(58)).isFalse();
    assertThat(ack.options().has(59)).isFalse();
  }

  @Test
  void aNakCarriesNoBootSettings() {
    Subnet subnet = subnet(RenewalTimes.defaults(600), pxe());
    DhcpMessage nak = engine(subnet, ServicePolicy.STANDALONE)
        .handle(msg(DhcpMessageType.REQUEST, 1, 0, 0,
                DhcpOptions.builder().addIpv4(50, Ipv4.parse("198.18.0.150")).addIpv4(54, SERVER)),
            new Ingress("eth1", 0, 68))
        .toCompletableFuture().join().message();
    assertThat(nak.messageType()).isEqualTo(DhcpMessageType.NAK);
    assertThat(nak.siaddr()).isZero();
    assertThat(nak.sname()).containsOnly(0);
    assertThat(nak.file()).containsOnly(0);
  }

  @Test
  void explicitRenewalAndRebindingTimesGoOutAsConfigured() {
    DhcpMessage offer =
        discover(subnet(new RenewalTimes(600, 200, 400), BootParameters.NONE), 1).message();
    assertThat(offer.options().getUnsigned(51, 0)).isEqualTo(600);
    assertThat(offer.options().getUnsigned(58, 0)).isEqualTo(200);
    assertThat(offer.options().getUnsigned(59, 0)).isEqualTo(400);
  }

  @Test
  void renewalAndRebindingTimesScaleWithALeaseCappedByTheMclt() {
    ServicePolicy mclt = new CappedPolicy(60);
    DhcpMessage offer =
        discover(subnet(new RenewalTimes(600, 200, 400), BootParameters.NONE), mclt, 1).message();
    assertThat(offer.options().getUnsigned(51, 0)).isEqualTo(60);
    assertThat(offer.options().getUnsigned(58, 0)).isEqualTo(20);
    assertThat(offer.options().getUnsigned(59, 0)).isEqualTo(40);
  }

  @Test
  void defaultRenewalAndRebindingTimesFollowTheLeaseGiven() {
    DhcpMessage offer =
        discover(subnet(RenewalTimes.defaults(600), BootParameters.NONE), new CappedPolicy(80), 1)
            .message();
    assertThat(offer.options().getUnsigned(51, 0)).isEqualTo(80);
    assertThat(offer.options().getUnsigned(58, 0)).isEqualTo(40);
    assertThat(offer.options().getUnsigned(59, 0)).isEqualTo(70);
  }

  @Test
  void scaledTimesKeepTheirOrderForEveryLeaseGiven() {
    RenewalTimes times = new RenewalTimes(43_200, 21_000, 40_000);
    assertThat(times.renewal(43_200)).isEqualTo(21_000);
    assertThat(times.rebinding(43_200)).isEqualTo(40_000);
    for (long given = 8; given < 43_200; given += 97) {
      assertThat(times.renewal(given)).as("T1 of %d", given).isLessThan(times.rebinding(given));
      assertThat(times.rebinding(given)).as("T2 of %d", given).isLessThan(given);
    }
  }

  /**
   * Leases of seconds (labs and tests): T1 and T2 go out while whole seconds can keep them before
   * the lease's end and in order; below that (a lease of 1 or 2 s) neither does, and the client
   * takes RFC 2131's defaults, never a T1 of 0.
   */
  @ParameterizedTest
  @CsvSource({"1, -1, -1", "2, -1, -1", "3, 1, 2", "4, 2, 3", "10, 5, 8"})
  void leasesOfSecondsCarryRenewalTimesOnlyWhenTheyCanBeOrdered(long lease, long t1, long t2) {
    DhcpMessage offer =
        discover(subnet(RenewalTimes.defaults(lease), BootParameters.NONE), 1).message();
    assertThat(offer.options().getUnsigned(51, 0)).isEqualTo(lease);
    assertThat(offer.options().getUnsigned(58, -1)).isEqualTo(t1);
    assertThat(offer.options().getUnsigned(59, -1)).isEqualTo(t2);
  }

  /** A failover pair's answer: the lease given is at most {@code cap} (the MCLT). */
  record CappedPolicy(long cap) implements ServicePolicy {
    @Override
    public boolean mayAnswer(DhcpMessage request) {
      return true;
    }

    @Override
    public boolean mayReallocate(int address, Lease current, long now) {
      return ServicePolicy.STANDALONE.mayReallocate(address, current, now);
    }

    @Override
    public long leaseTime(Lease current, long desired, long now) {
      return Math.min(desired, cap);
    }
  }
}
