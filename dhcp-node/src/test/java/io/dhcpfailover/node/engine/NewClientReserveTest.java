package io.dhcpfailover.node.engine;

import static io.dhcpfailover.node.engine.OfferHoldsTest.relayed;
import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.codec.dhcp.DhcpOptionCode;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import io.dhcpfailover.node.engine.DhcpEngineTest.MutableClock;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.util.Ipv4;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The new-client reserve through a real engine and a fake clock: a subnet of 100 range addresses
 * with a 25 % reserve, 75 of them leased, so the 25 left are the reserve.
 */
class NewClientReserveTest {
  static final int SERVER = OfferHoldsTest.SERVER;
  static final int RELAY = OfferHoldsTest.RELAY;

  MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  MemoryLeaseStore store = new MemoryLeaseStore();
  List<DhcpEngine.Silence> silences = new ArrayList<>();
  Subnet subnet;
  DhcpEngine engine;

  @BeforeEach
  void setUp() {
    subnet =
        new Subnet(Ipv4.parse("198.18.1.0"), 24,
            List.<int[]>of(new int[] {Ipv4.parse("198.18.1.100"), Ipv4.parse("198.18.1.199")}), 600,
            DhcpOptions.empty(), List.of());
    engine = engine(ServicePolicy.STANDALONE);
  }

  DhcpEngine engine(ServicePolicy policy) {
    DhcpEngine e = new DhcpEngine(SERVER, List.of(subnet), Map.of(), store, clock,
        new DhcpEngine.EngineMetrics() {
          @Override
          public void silence(DhcpEngine.Silence reason) {
            silences.add(reason);
          }
        },
        policy);
    e.newClientReserve().setPercent(25);
    return e;
  }

  Reply run(DhcpMessage m) {
    return engine.handle(m, new Ingress(null, RELAY, 67)).toCompletableFuture().join();
  }

  Reply discover(int n) {
    return run(relayed(DhcpMessageType.DISCOVER, n, null));
  }

  Reply select(int n, int address) {
    return run(relayed(DhcpMessageType.REQUEST, n, DhcpOptions.builder()
        .addIpv4(DhcpOptionCode.SERVER_ID.code(), SERVER)
        .addIpv4(DhcpOptionCode.REQUESTED_ADDRESS.code(), address)));
  }

  /** DISCOVER then REQUEST: the address bound, or 0. */
  int lease(int n) {
    Reply offer = discover(n);
    if (offer == null) {
      return 0;
    }
    Reply ack = select(n, offer.message().yiaddr());
    return ack != null && ack.message().messageType() == DhcpMessageType.ACK ? ack.message().yiaddr() : 0;
  }

  static long leaseTime(Reply r) {
    return r.message().options().getUnsigned(DhcpOptionCode.LEASE_TIME.code(), -1);
  }

  void fillToReserve() {
    for (int n = 1; n <= 75; n++) {
      assertThat(lease(n)).as("client %d above the reserve", n).isNotZero();
    }
    assertThat(engine.newClientReserve().available(subnet)).isEqualTo(25);
    assertThat(engine.newClientReserve().depleted(subnet)).isTrue();
  }

  @Test
  void theStateShownInStatusFollowsThePool() {
    assertThat(engine.newClientReserve().state(subnet))
        .isEqualTo(new NewClientReserve.State(25, 100, false));
    for (int n = 1; n <= 74; n++) {
      lease(n);
    }
    assertThat(engine.newClientReserve().state(subnet))
        .isEqualTo(new NewClientReserve.State(25, 26, false));
    lease(75);
    assertThat(engine.newClientReserve().state(subnet))
        .isEqualTo(new NewClientReserve.State(25, 25, true));
  }

  @Test
  void aboveTheReserveNewClientsAreAnsweredAtOnce() {
    assertThat(engine.newClientReserve().reserve(subnet)).isEqualTo(25);
    for (int n = 1; n <= 75; n++) {
      assertThat(lease(n)).as("client %d on its first DISCOVER", n).isNotZero();
    }
    assertThat(silences).doesNotContain(DhcpEngine.Silence.NEW_CLIENT_RESERVE);
    // the 76th takes the subnet down to its reserve: it must wait
    assertThat(discover(76)).isNull();
    assertThat(silences).containsExactly(DhcpEngine.Silence.NEW_CLIENT_RESERVE);
  }

  @Test
  void atTheReserveANewClientIsAnsweredWhenItRetransmitsInTheWindow() {
    fillToReserve();
    assertThat(discover(1000)).as("first DISCOVER").isNull();
    clock.advance(Duration.ofMillis(2400));
    assertThat(discover(1000)).as("retransmitted too early (dhcpstarv: 2 s)").isNull();
    clock.advance(Duration.ofMillis(200)); // 2.6 s after the first
    Reply offer = discover(1000);
    assertThat(offer).as("retransmitted after 2.6 s").isNotNull();
    assertThat(leaseTime(offer)).isEqualTo(NewClientReserve.PROBATION_LEASE_SECONDS);
    Reply ack = select(1000, offer.message().yiaddr());
    assertThat(ack.message().messageType()).isEqualTo(DhcpMessageType.ACK);
    assertThat(leaseTime(ack)).as("probation lease").isEqualTo(30);
    assertThat(silences).filteredOn(s -> s == DhcpEngine.Silence.NEW_CLIENT_RESERVE).hasSize(2);

    // its renewal at T1 gets the full lease
    clock.advance(Duration.ofSeconds(15));
    Reply renewed = run(new DhcpMessage(1, 1, 6, 1, 0x3000, 0, 0, offer.message().yiaddr(), 0, 0, 0,
        relayed(DhcpMessageType.REQUEST, 1000, null).chaddr(), null, null, true,
        DhcpOptions.builder().addByte(53, DhcpMessageType.REQUEST.code()).build(), 0));
    assertThat(renewed.message().messageType()).isEqualTo(DhcpMessageType.ACK);
    assertThat(leaseTime(renewed)).as("full lease on renewal").isEqualTo(600);
  }

  @Test
  void aDiscoverAfterTheWindowStartsTheWaitAfresh() {
    fillToReserve();
    assertThat(discover(1000)).isNull();
    clock.advance(Duration.ofSeconds(121));
    assertThat(discover(1000)).as("121 s later: a first DISCOVER again").isNull();
    clock.advance(Duration.ofSeconds(3));
    assertThat(discover(1000)).as("3 s after that").isNotNull();
  }

  @Test
  void knownClientsAreNeverAffected() {
    fillToReserve();
    // a client with a binding: DISCOVER answered at once, with its address and the full lease
    Reply offer = discover(7);
    assertThat(offer).isNotNull();
    assertThat(leaseTime(offer)).isEqualTo(600);
    // INIT-REBOOT of its own address
    int own = offer.message().yiaddr();
    Reply reboot = run(relayed(DhcpMessageType.REQUEST, 7, DhcpOptions.builder()
        .addIpv4(DhcpOptionCode.REQUESTED_ADDRESS.code(), own)));
    assertThat(reboot.message().messageType()).isEqualTo(DhcpMessageType.ACK);
    assertThat(silences).doesNotContain(DhcpEngine.Silence.NEW_CLIENT_RESERVE);
  }

  @Test
  void aRequestForAnAddressNotOfferedIsShedAtTheReserve() {
    fillToReserve();
    int free = Ipv4.parse("198.18.1.199");
    assertThat(store.get(free)).isNull();
    assertThat(select(2000, free)).as("SELECTING without an offer").isNull();
    assertThat(silences).containsExactly(DhcpEngine.Silence.NEW_CLIENT_RESERVE);
    assertThat(store.get(free)).isNull();
  }

  @Test
  void aFloodOfRandomHardwareAddressesGetsNothingAndDoesNotFlushARealClient() {
    fillToReserve();
    assertThat(discover(1000)).as("the real client's first DISCOVER").isNull();
    int flood = 300_000; // 100,000 made-up clients a second for 3 s
    for (int n = 0; n < flood; n++) {
      DhcpMessage d = relayed(DhcpMessageType.DISCOVER, 1, null);
      byte[] chaddr = d.chaddr().clone();
      chaddr[1] = (byte) 0x77;
      chaddr[2] = (byte) (n >> 16);
      chaddr[3] = (byte) (n >> 8);
      chaddr[4] = (byte) n;
      DhcpMessage m = new DhcpMessage(1, 1, 6, 1, n, 0, 0, 0, 0, 0, RELAY, chaddr, null, null, true,
          d.options(), 0);
      assertThat(run(m)).isNull();
      if (n % 1000 == 999) {
        clock.advance(Duration.ofMillis(10));
      }
    }
    assertThat(engine.newClientReserve().tracked())
        .isLessThanOrEqualTo(FirstSeenTable.BUCKETS * FirstSeenTable.WAYS);
    assertThat(engine.newClientReserve().available(subnet)).as("nothing given").isEqualTo(25);
    assertThat(discover(1000)).as("its retransmission 3 s later, after the flood").isNotNull();
  }

  @Test
  void offThereIsNoReserve() {
    engine.newClientReserve().setPercent(0);
    for (int n = 1; n <= 100; n++) {
      assertThat(lease(n)).as("client %d", n).isNotZero();
    }
    assertThat(silences).doesNotContain(DhcpEngine.Silence.NEW_CLIENT_RESERVE);
  }

  @Test
  void aNodeThatAllocatesFromBackupCountsItsBackupPool() {
    ServicePolicy backupOnly = new ServicePolicy() {
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
        return desired;
      }

      @Override
      public boolean allocatesFrom(BindingState pool) {
        return pool == BindingState.BACKUP;
      }

      @Override
      public int poolSharePercent(BindingState pool) {
        return pool == BindingState.BACKUP ? 30 : 70;
      }
    };
    engine = engine(backupOnly);
    for (int i = 0; i < 30; i++) {
      subnet.markBackup(Ipv4.parse("198.18.1.100") + i);
    }
    NewClientReserve reserve = engine.newClientReserve();
    assertThat(reserve.reserve(subnet)).as("25 % of its 30 % share of 100, rounded down").isEqualTo(7);
    assertThat(reserve.available(subnet)).isEqualTo(30);
    assertThat(reserve.depleted(subnet)).isFalse();
    for (int n = 1; n <= 23; n++) {
      assertThat(lease(n)).as("client %d from the BACKUP pool", n).isNotZero();
    }
    assertThat(reserve.available(subnet)).isEqualTo(7);
    assertThat(discover(24)).as("at the reserve").isNull();
  }

  @Test
  void percentIsChecked() {
    NewClientReserve r = engine.newClientReserve();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.setPercent(91))
        .isInstanceOf(IllegalArgumentException.class);
    r.setPercent(90);
    assertThat(r.reserve(subnet)).isEqualTo(90);
  }
}
