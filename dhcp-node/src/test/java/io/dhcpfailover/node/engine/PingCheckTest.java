package io.dhcpfailover.node.engine;

import static io.dhcpfailover.node.engine.DhcpEngineTest.msg;
import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.util.Ipv4;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Conflict detection before an offer: what is pinged, what an answer does, what is never pinged. */
class PingCheckTest {
  private static final int FIRST = Ipv4.parse("198.18.0.100");
  private static final int SECOND = Ipv4.parse("198.18.0.101");
  private static final int THIRD = Ipv4.parse("198.18.0.102");
  private static final int RESERVED = Ipv4.parse("198.18.0.10");

  private final DhcpEngineTest.MutableClock clock =
      new DhcpEngineTest.MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final MemoryLeaseStore store = new MemoryLeaseStore();
  private final List<Integer> pinged = new ArrayList<>();
  private final Set<Integer> squatted = new HashSet<>();
  private final Map<Integer, CompletableFuture<Boolean>> held = new HashMap<>();
  private boolean hold;
  private final List<Lease> conflicts = new ArrayList<>();
  private Subnet subnet;
  private DhcpEngine engine;

  @BeforeEach
  void setUp() {
    subnet = new Subnet(Ipv4.parse("198.18.0.0"), 24,
        List.<int[]>of(new int[] {FIRST, THIRD}), 600, DhcpOptions.empty(),
        List.of(new Reservation(new byte[] {1, 2, 0, 0, 0, 0, 9}, null, RESERVED, null)));
    subnet.setPingTimeoutMillis(300);
    engine = new DhcpEngine(DhcpEngineTest.SERVER, List.of(subnet), Map.of("eth1", subnet), store, clock,
        new DhcpEngine.EngineMetrics() {
          @Override
          public void silence(DhcpEngine.Silence reason) {}

          @Override
          public void committed(Lease lease) {}

          @Override
          public void conflict(Lease lease) {
            conflicts.add(lease);
          }
        },
        ServicePolicy.STANDALONE);
    engine.setAddressProbe(this::probe);
  }

  private CompletionStage<Boolean> probe(int address, int timeoutMillis) {
    assertThat(timeoutMillis).isEqualTo(300);
    pinged.add(address);
    if (hold) {
      return held.computeIfAbsent(address, a -> new CompletableFuture<>());
    }
    return CompletableFuture.completedFuture(squatted.contains(address));
  }

  private Reply discover(int mac) {
    return engine.handle(msg(DhcpMessageType.DISCOVER, mac, 0, 0, null), new Ingress("eth1", 0, 68))
        .toCompletableFuture().getNow(null);
  }

  private Reply request(int mac, int address) {
    return engine.handle(msg(DhcpMessageType.REQUEST, mac, 0, 0,
            DhcpOptions.builder().addIpv4(50, address).addIpv4(54, DhcpEngineTest.SERVER)),
        new Ingress("eth1", 0, 68)).toCompletableFuture().join();
  }

  @Test
  void aFreeAddressIsPingedOnceAndOffered() {
    Reply offer = discover(1);
    assertThat(offer.message().yiaddr()).isEqualTo(FIRST);
    assertThat(pinged).containsExactly(FIRST);
  }

  @Test
  void anAddressThatAnswersIsAbandonedToldAndSkipped() {
    squatted.add(FIRST);
    Reply offer = discover(1);
    assertThat(offer.message().yiaddr()).isEqualTo(SECOND);
    assertThat(pinged).containsExactly(FIRST, SECOND);
    assertThat(store.get(FIRST).state()).isEqualTo(BindingState.ABANDONED);
    assertThat(conflicts).extracting(Lease::address).containsExactly(FIRST);
    // the next client is not offered the squatted address either, and it is not pinged again
    pinged.clear();
    assertThat(discover(2).message().yiaddr()).isEqualTo(THIRD);
    assertThat(pinged).containsExactly(THIRD);
  }

  @Test
  void atMostThreeAddressesArePingedForOneDiscover() {
    squatted.addAll(List.of(FIRST, SECOND, THIRD));
    Reply offer = discover(1);
    assertThat(pinged).containsExactly(FIRST, SECOND, THIRD);
    assertThat(conflicts).hasSize(3);
    assertThat(offer).as("every address answered: the pool has nothing left to offer").isNull();
  }

  @Test
  void theClientsOwnAddressAndItsReservationAreNeverPinged() {
    Reply offer = discover(1);
    assertThat(request(1, offer.message().yiaddr()).message().messageType()).isEqualTo(DhcpMessageType.ACK);
    pinged.clear();
    assertThat(discover(1).message().yiaddr()).isEqualTo(FIRST);
    Reply reserved = engine.handle(reservedDiscover(), new Ingress("eth1", 0, 68)).toCompletableFuture().join();
    assertThat(reserved.message().yiaddr()).isEqualTo(RESERVED);
    assertThat(pinged).isEmpty();
  }

  @Test
  void aRetransmittedDiscoverDuringThePingGetsNoSecondOfferAndTheHeldAddressGoesToNobodyElse() {
    hold = true;
    assertThat(discover(1)).isNull(); // waiting for the echo
    assertThat(discover(1)).as("retransmission while pinging").isNull();
    assertThat(pinged).containsExactly(FIRST);
    Reply other = discover(2);
    assertThat(pinged).containsExactly(FIRST, SECOND);
    assertThat(other).isNull();
    held.get(FIRST).complete(false);
    held.get(SECOND).complete(false);
    assertThat(discover(1).message().yiaddr()).as("the offer held for client 1").isEqualTo(FIRST);
    assertThat(pinged).as("an address already offered to the client is not pinged again").hasSize(2);
  }

  @Test
  void withoutTheCheckNothingIsPinged() {
    subnet.setPingTimeoutMillis(0);
    assertThat(discover(1).message().yiaddr()).isEqualTo(FIRST);
    assertThat(pinged).isEmpty();
  }

  private static io.dhcpfailover.node.codec.dhcp.DhcpMessage reservedDiscover() {
    byte[] chaddr = new byte[16];
    chaddr[0] = 2;
    chaddr[5] = 9;
    DhcpOptions o = DhcpOptions.builder().addByte(53, DhcpMessageType.DISCOVER.code()).build();
    return new io.dhcpfailover.node.codec.dhcp.DhcpMessage(1, 1, 6, 0, 0x2009, 0, 0, 0, 0, 0, 0, chaddr, null,
        null, true, o, 0);
  }
}
