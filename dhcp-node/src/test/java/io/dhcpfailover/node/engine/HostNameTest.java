package io.dhcpfailover.node.engine;

import static io.dhcpfailover.node.engine.DhcpEngineTest.SERVER;
import static io.dhcpfailover.node.engine.DhcpEngineTest.msg;
import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import io.dhcpfailover.node.util.Ipv4;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Option 12: the subnet's host name when asked for, a reservation's always and first. */
class HostNameTest {
  static final int RESERVED = Ipv4.parse("198.18.0.10");

  final DhcpEngine engine;

  HostNameTest() {
    DhcpOptions options = DhcpOptions.builder()
        .addIpv4(1, Ipv4.parse("255.255.254.0"))
        .addText(12, "lab-host")
        .build();
    Subnet subnet = new Subnet(Ipv4.parse("198.18.0.0"), 24,
        List.<int[]>of(new int[] {Ipv4.parse("198.18.0.100"), Ipv4.parse("198.18.0.102")}),
        600, options,
        List.of(new Reservation(new byte[] {1, 2, 0, 0, 0, 0, 9}, null, RESERVED, "printer")));
    engine = new DhcpEngine(SERVER, List.of(subnet), Map.of("eth1", subnet), new MemoryLeaseStore(),
        new DhcpEngineTest.MutableClock(Instant.parse("2026-01-01T00:00:00Z")),
        DhcpEngine.EngineMetrics.NONE, ServicePolicy.STANDALONE);
  }

  DhcpMessage offer(int mac, byte... requested) {
    return engine.handle(msg(DhcpMessageType.DISCOVER, mac, 0, 0,
                DhcpOptions.builder().add(55, requested)), new Ingress("eth1", 0, 68))
        .toCompletableFuture().join().message();
  }

  @Test
  void aDynamicClientThatAsksGetsTheSubnetsHostName() {
    assertThat(offer(1, (byte) 1, (byte) 12).options().getText(12)).isEqualTo("lab-host");
  }

  @Test
  void aDynamicClientThatDoesNotAskGetsNoHostName() {
    assertThat(offer(1, (byte) 1, (byte) 3).options().has(12)).isFalse();
  }

  @Test
  void aReservedClientGetsItsReservationsHostNameOverTheSubnets() {
    DhcpMessage offer = offer(9, (byte) 12, (byte) 1);
    assertThat(offer.yiaddr()).isEqualTo(RESERVED);
    assertThat(offer.options().getText(12)).isEqualTo("printer");
  }

  @Test
  void theConfiguredSubnetMaskGoesOutAsItIs() {
    assertThat(offer(1, (byte) 1).options().getIpv4(1, 0)).isEqualTo(Ipv4.parse("255.255.254.0"));
  }
}
