package io.dhcpfailover.node.engine;

import static io.dhcpfailover.node.engine.DhcpEngineTest.SERVER;
import static io.dhcpfailover.node.engine.DhcpEngineTest.msg;
import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import io.dhcpfailover.node.util.Ipv4;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pools kept for the members of a class, or for non-members, in the engine's allocation. */
class PoolAllocationTest {
  static final int RANGE_FIRST = Ipv4.parse("198.18.0.100");
  static final int POOL_FIRST = Ipv4.parse("198.18.0.20");

  final MemoryLeaseStore store = new MemoryLeaseStore();
  final DhcpEngine engine = engine();

  DhcpEngine engine() {
    ClientClasses classes = new ClientClasses(List.of(
        new ClientClass("ipxe", null, null, "iPXE", null, null, null, null, null)));
    Subnet s = new Subnet(Ipv4.parse("198.18.0.0"), 24,
        List.<int[]>of(new int[] {RANGE_FIRST, RANGE_FIRST + 1}),
        List.of(new Pool(POOL_FIRST, POOL_FIRST + 9, Set.of("ipxe"), null, null),
            new Pool(POOL_FIRST + 10, POOL_FIRST + 19, null, Set.of("ipxe"), null)),
        RenewalTimes.defaults(600), Parameters.NONE, Parameters.NONE, classes, List.of());
    return new DhcpEngine(SERVER, List.of(s), Map.of("eth1", s), store,
        new DhcpEngineTest.MutableClock(Instant.parse("2026-01-01T00:00:00Z")),
        DhcpEngine.EngineMetrics.NONE, ServicePolicy.STANDALONE);
  }

  Reply run(DhcpMessage m) {
    return engine.handle(m, new Ingress("eth1", 0, 68)).toCompletableFuture().join();
  }

  static DhcpOptions.Builder ipxe() {
    return DhcpOptions.builder().add(77, "iPXE".getBytes(StandardCharsets.US_ASCII));
  }

  int offered(int mac, DhcpOptions.Builder options) {
    Reply r = run(msg(DhcpMessageType.DISCOVER, mac, 0, 0, options));
    return r == null ? 0 : r.message().yiaddr();
  }

  @Test
  void aMemberGetsAnAddressOfItsPoolOrOfAPlainRange() {
    int a = offered(1, ipxe());
    assertThat(a == RANGE_FIRST || a == RANGE_FIRST + 1 || (a >= POOL_FIRST && a <= POOL_FIRST + 9))
        .as("offered %s", Ipv4.format(a)).isTrue();
  }

  @Test
  void nonMembersNeverGetTheMembersPoolAndMembersNeverTheNonMembersPool() {
    for (int mac = 1; mac <= 12; mac++) {
      int a = offered(mac, null);
      assertThat(a).as("client %d offered %s", mac, Ipv4.format(a))
          .isNotZero().matches(x -> x < POOL_FIRST || x > POOL_FIRST + 9);
    }
    for (int mac = 20; mac <= 29; mac++) {
      int a = offered(mac, ipxe());
      assertThat(a).as("client %d offered %s", mac, Ipv4.format(a))
          .isNotZero().matches(x -> x < POOL_FIRST + 10 || x > POOL_FIRST + 19);
    }
  }

  @Test
  void aNonMemberWhenOnlyTheMembersPoolIsLeftGetsNothing() {
    // leased, not only offered: a subnet holds offers for at most half its pool (OfferHolds)
    for (int mac = 1; mac <= 12; mac++) {
      int a = offered(mac, null);
      assertThat(a).isNotZero();
      Reply ack = run(msg(DhcpMessageType.REQUEST, mac, 0, 0,
          DhcpOptions.builder().addIpv4(50, a).addIpv4(54, SERVER)));
      assertThat(ack.message().messageType()).isEqualTo(DhcpMessageType.ACK);
    }
    assertThat(offered(13, null)).isZero();
    assertThat(offered(14, ipxe())).isBetween(POOL_FIRST, POOL_FIRST + 9);
  }

  @Test
  void aNonMemberRequestingAnAddressOfTheMembersPoolIsRefused() {
    Reply nak = run(msg(DhcpMessageType.REQUEST, 5, 0, 0,
        DhcpOptions.builder().addIpv4(50, POOL_FIRST).addIpv4(54, SERVER)));
    assertThat(nak.message().messageType()).isEqualTo(DhcpMessageType.NAK);
  }
}
