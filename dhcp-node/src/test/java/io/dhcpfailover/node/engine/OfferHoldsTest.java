package io.dhcpfailover.node.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import io.dhcpfailover.node.engine.DhcpEngineTest.MutableClock;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.util.Ipv4;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Offers hold their address for the configured time, and a subnet holds only so many (spec.limits). */
class OfferHoldsTest {
  static final int SERVER = Ipv4.parse("198.18.0.2");
  static final int RELAY = Ipv4.parse("198.18.1.1");

  MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  MemoryLeaseStore store = new MemoryLeaseStore();
  AtomicInteger unheld = new AtomicInteger();
  Subnet subnet;
  DhcpEngine engine;

  @BeforeEach
  void setUp() {
    // 100 range addresses
    subnet =
        new Subnet(Ipv4.parse("198.18.1.0"), 24,
            List.<int[]>of(new int[] {Ipv4.parse("198.18.1.100"), Ipv4.parse("198.18.1.199")}), 600,
            DhcpOptions.empty(), List.of());
    engine =
        new DhcpEngine(SERVER, List.of(subnet), Map.of(), store, clock,
            new DhcpEngine.EngineMetrics() {
              @Override
              public void silence(DhcpEngine.Silence reason) {}

              @Override
              public void committed(Lease lease) {}

              @Override
              public void offerUnheld() {
                unheld.incrementAndGet();
              }
            },
            ServicePolicy.STANDALONE);
  }

  /** A relayed message from client number {@code n} (up to 65535 distinct hardware addresses). */
  static DhcpMessage relayed(DhcpMessageType type, int n, DhcpOptions.Builder extra) {
    byte[] chaddr = new byte[16];
    chaddr[0] = 2;
    chaddr[4] = (byte) (n >> 8);
    chaddr[5] = (byte) n;
    DhcpOptions.Builder o = DhcpOptions.builder().addByte(53, type.code());
    if (extra != null) {
      extra.build().entries().forEach(e -> o.add(e.code().code(), e.value()));
    }
    return new DhcpMessage(1, 1, 6, 1, 0x2000 + n, 0, 0, 0, 0, 0, RELAY, chaddr, null, null, true, o.build(), 0);
  }

  Reply run(DhcpMessage m) {
    return engine.handle(m, new Ingress(null, RELAY, 67)).toCompletableFuture().join();
  }

  @Test
  void aFloodOfDiscoversHoldsNoMoreThanTheCap() {
    engine.setOfferLimits(Duration.ofSeconds(10), 20);
    for (int n = 1; n <= 1000; n++) {
      assertThat(run(relayed(DhcpMessageType.DISCOVER, n, null))).as("offer %d", n).isNotNull();
    }
    assertThat(subnet.offerCount()).isEqualTo(20);
    assertThat(unheld.get()).isEqualTo(980);
  }

  @Test
  void theCapIsNeverMoreThanHalfThePool() {
    engine.setOfferLimits(Duration.ofSeconds(10), 1_000_000);
    for (int n = 1; n <= 1000; n++) {
      run(relayed(DhcpMessageType.DISCOVER, n, null));
    }
    assertThat(subnet.offerCount()).isEqualTo(50);
  }

  @Test
  void aRealClientIsServedAfterTheFloodFilledTheHolds() {
    engine.setOfferLimits(Duration.ofSeconds(10), 20);
    for (int n = 1; n <= 5000; n++) {
      run(relayed(DhcpMessageType.DISCOVER, n, null));
    }
    Reply offer = run(relayed(DhcpMessageType.DISCOVER, 60000, null));
    assertThat(offer.message().messageType()).isEqualTo(DhcpMessageType.OFFER);
    Reply ack =
        run(relayed(DhcpMessageType.REQUEST, 60000,
            DhcpOptions.builder().addIpv4(50, offer.message().yiaddr()).addIpv4(54, SERVER)));
    assertThat(ack.message().messageType()).isEqualTo(DhcpMessageType.ACK);
    assertThat(ack.message().yiaddr()).isEqualTo(offer.message().yiaddr());
  }

  @Test
  void anUnclaimedOfferReturnsToThePoolAfterTheHold() {
    engine.setOfferLimits(Duration.ofSeconds(10), 200);
    for (int n = 1; n <= 50; n++) {
      run(relayed(DhcpMessageType.DISCOVER, n, null));
    }
    assertThat(subnet.offerCount()).isEqualTo(50);
    clock.advance(Duration.ofSeconds(9));
    engine.sweep();
    assertThat(subnet.offerCount()).as("held for 10 s").isEqualTo(50);
    clock.advance(Duration.ofSeconds(1));
    engine.sweep();
    assertThat(subnet.offerCount()).isZero();
    // the flood's 50 addresses are free again: 100 new clients find 100 distinct addresses
    engine.setOfferLimits(Duration.ofSeconds(10), 0);
    Set<Integer> offered = new HashSet<>();
    for (int n = 100; n < 200; n++) {
      offered.add(run(relayed(DhcpMessageType.DISCOVER, n, null)).message().yiaddr());
    }
    assertThat(offered).hasSize(100);
  }

  @Test
  void aHeldOfferIsRenewedForItsClientWhenTheCapIsReached() {
    engine.setOfferLimits(Duration.ofSeconds(10), 2);
    int first = run(relayed(DhcpMessageType.DISCOVER, 1, null)).message().yiaddr();
    run(relayed(DhcpMessageType.DISCOVER, 2, null));
    run(relayed(DhcpMessageType.DISCOVER, 3, null));
    assertThat(unheld.get()).isEqualTo(1);
    assertThat(run(relayed(DhcpMessageType.DISCOVER, 1, null)).message().yiaddr())
        .as("client 1 keeps its held offer").isEqualTo(first);
    assertThat(unheld.get()).isEqualTo(1);
  }
}
