package io.dhcpfailover.node.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.util.Ipv4;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

public class DhcpEngineTest {
  static final int SERVER = Ipv4.parse("198.18.0.2");
  static final int OTHER_SERVER = Ipv4.parse("198.18.0.3");

  MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  MemoryLeaseStore store = new MemoryLeaseStore();
  DhcpEngine engine;
  Subnet direct;
  Subnet relayed;

  static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @BeforeEach
  void setUp() {
    DhcpOptions opts =
        DhcpOptions.builder()
            .addIpv4(1, Ipv4.parse("255.255.255.0"))
            .addIpv4(3, Ipv4.parse("198.18.0.1"))
            .addIpv4(6, Ipv4.parse("198.18.0.53"))
            .addText(15, "lab.example")
            .addIpv4(42, Ipv4.parse("198.18.0.123"))
            .build();
    direct =
        new Subnet(Ipv4.parse("198.18.0.0"), 24, List.<int[]>of(new int[] {Ipv4.parse("198.18.0.100"), Ipv4.parse("198.18.0.102")}),
            600, opts,
            List.of(new Reservation(new byte[] {1, 2, 0, 0, 0, 0, 9}, null, Ipv4.parse("198.18.0.10"), "printer")));
    relayed =
        new Subnet(Ipv4.parse("198.18.1.0"), 24, List.<int[]>of(new int[] {Ipv4.parse("198.18.1.100"), Ipv4.parse("198.18.1.199")}),
            600, DhcpOptions.empty(), List.of());
    engine = newEngine();
  }

  DhcpEngine newEngine() {
    return new DhcpEngine(SERVER, List.of(direct, relayed), Map.of("eth1", direct), store, clock,
        DhcpEngine.EngineMetrics.NONE, ServicePolicy.STANDALONE);
  }

  public static DhcpMessage msg(DhcpMessageType type, int mac, int ciaddr, int giaddr, DhcpOptions.Builder extra) {
    byte[] chaddr = new byte[16];
    chaddr[0] = 2;
    chaddr[5] = (byte) mac;
    DhcpOptions.Builder b = extra == null ? DhcpOptions.builder() : extra;
    DhcpOptions built = b.build();
    DhcpOptions.Builder o = DhcpOptions.builder().addByte(53, type.code());
    built.entries().forEach(e -> o.add(e.code().code(), e.value()));
    return new DhcpMessage(1, 1, 6, giaddr == 0 ? 0 : 1, 0x1000 + mac, 0, 0, ciaddr, 0, 0, giaddr, chaddr, null, null, true, o.build(), 0);
  }

  Reply run(DhcpMessage m) {
    return run(m, "eth1");
  }

  Reply run(DhcpMessage m, String ifname) {
    return engine.handle(m, new Ingress(ifname, 0, 68)).toCompletableFuture().join();
  }

  Reply dora(int mac) {
    Reply offer = run(msg(DhcpMessageType.DISCOVER, mac, 0, 0, null));
    assertThat(offer.message().messageType()).isEqualTo(DhcpMessageType.OFFER);
    return run(msg(DhcpMessageType.REQUEST, mac, 0, 0,
        DhcpOptions.builder().addIpv4(50, offer.message().yiaddr()).addIpv4(54, SERVER)));
  }

  @Test
  void offersAnAddressFromTheReceivingInterfacesSubnetWithTheConfiguredOptions() {
    Reply offer = run(msg(DhcpMessageType.DISCOVER, 1, 0, 0, DhcpOptions.builder().add(55, new byte[] {1, 3, 6, 15, 42})));
    DhcpMessage m = offer.message();
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.OFFER);
    assertThat(direct.inRange(m.yiaddr())).isTrue();
    assertThat(m.op()).isEqualTo(2);
    assertThat(m.options().getIpv4(54, 0)).isEqualTo(SERVER);
    assertThat(m.options().getUnsigned(51, 0)).isEqualTo(600);
    assertThat(m.options().getUnsigned(58, 0)).isEqualTo(300);
    assertThat(m.options().getUnsigned(59, 0)).isEqualTo(525);
    assertThat(m.options().getText(15)).isEqualTo("lab.example");
    assertThat(m.options().getIpv4(42, 0)).isEqualTo(Ipv4.parse("198.18.0.123"));
    assertThat(m.options().entries().get(0).code().code()).isEqualTo(53);
    assertThat(offer.destination()).isEqualTo(Reply.BROADCAST);
    assertThat(offer.port()).isEqualTo(68);
    assertThat(store.writes).as("an offer is not committed").isEmpty();
  }

  @Test
  void acknowledgesOnlyAfterTheBindingIsStored() {
    Reply ack = dora(1);
    assertThat(ack.message().messageType()).isEqualTo(DhcpMessageType.ACK);
    Lease stored = store.get(ack.message().yiaddr());
    assertThat(stored.state()).isEqualTo(BindingState.ACTIVE);
    assertThat(stored.end() - stored.start()).isEqualTo(600);
    assertThat(stored.hardware()).containsExactly(1, 2, 0, 0, 0, 0, 1);
  }

  @Test
  void sendsNoAckWhenTheStoreCannotTakeTheBinding() {
    Reply offer = run(msg(DhcpMessageType.DISCOVER, 1, 0, 0, null));
    store.unavailable = "disk full: no space left on device";
    Reply ack = run(msg(DhcpMessageType.REQUEST, 1, 0, 0,
        DhcpOptions.builder().addIpv4(50, offer.message().yiaddr()).addIpv4(54, SERVER)));
    assertThat(ack).isNull();
  }

  @Test
  void relayedRequestsGetTheRelaySubnetAndGoBackToTheRelayPort67() {
    int giaddr = Ipv4.parse("198.18.1.1");
    DhcpOptions.Builder opt82 = DhcpOptions.builder().add(82, new byte[] {1, 2, 'r', '1'});
    Reply offer = run(msg(DhcpMessageType.DISCOVER, 7, 0, giaddr, opt82), null);
    assertThat(relayed.inRange(offer.message().yiaddr())).isTrue();
    assertThat(offer.destination()).isEqualTo(giaddr);
    assertThat(offer.port()).isEqualTo(67);
    List<DhcpOptions.Entry> entries = offer.message().options().entries();
    assertThat(entries.get(entries.size() - 1).code().code()).as("82 echoed last").isEqualTo(82);
    assertThat(entries.get(entries.size() - 1).value()).containsExactly(1, 2, 'r', '1');
    assertThat(offer.message().hops()).isEqualTo(1);
  }

  @Test
  void theSameClientGetsTheSameAddressBackAfterReleaseAndRestart() {
    int first = dora(1).message().yiaddr();
    run(msg(DhcpMessageType.RELEASE, 1, first, 0, DhcpOptions.builder().addIpv4(54, SERVER)));
    assertThat(store.get(first).state()).isEqualTo(BindingState.RELEASED);
    dora(2); // another client takes a fresh address, not the released one
    engine = newEngine(); // restart: state rebuilt from the store
    assertThat(dora(1).message().yiaddr()).isEqualTo(first);
  }

  @Test
  void twoClientsNeverGetTheSameAddressAndAFullPoolStaysSilent() {
    Set<Integer> given = new HashSet<>();
    for (int mac = 1; mac <= 3; mac++) {
      assertThat(given.add(dora(mac).message().yiaddr())).isTrue();
    }
    assertThat(run(msg(DhcpMessageType.DISCOVER, 4, 0, 0, null))).as("pool of three exhausted").isNull();
  }

  @Test
  void selectingRequestForAnotherServerIsIgnoredSilently() {
    Reply offer = run(msg(DhcpMessageType.DISCOVER, 1, 0, 0, null));
    Reply r = run(msg(DhcpMessageType.REQUEST, 1, 0, 0,
        DhcpOptions.builder().addIpv4(50, offer.message().yiaddr()).addIpv4(54, OTHER_SERVER)));
    assertThat(r).isNull();
    assertThat(store.writes).isEmpty();
  }

  @Test
  void initRebootForAWrongSubnetIsNakedWithBroadcast() {
    Reply nak = run(msg(DhcpMessageType.REQUEST, 1, 0, 0, DhcpOptions.builder().addIpv4(50, Ipv4.parse("198.19.9.50"))));
    assertThat(nak.message().messageType()).isEqualTo(DhcpMessageType.NAK);
    assertThat(nak.destination()).isEqualTo(Reply.BROADCAST);
    assertThat(nak.message().yiaddr()).isZero();
    assertThat(nak.message().options().has(51)).isFalse();
    assertThat(nak.message().options().getText(56)).isNotBlank();
  }

  @Test
  void initRebootFromAnUnknownClientStaysSilent() {
    assertThat(run(msg(DhcpMessageType.REQUEST, 1, 0, 0, DhcpOptions.builder().addIpv4(50, Ipv4.parse("198.18.0.101"))))).isNull();
  }

  @Test
  void initRebootForAnAddressOfAnotherClientIsNaked() {
    int a = dora(1).message().yiaddr();
    Reply r = run(msg(DhcpMessageType.REQUEST, 2, 0, 0, DhcpOptions.builder().addIpv4(50, a)));
    assertThat(r.message().messageType()).isEqualTo(DhcpMessageType.NAK);
  }

  @Test
  void renewingExtendsTheLeaseAndRepliesToCiaddr() {
    int a = dora(1).message().yiaddr();
    clock.advance(Duration.ofSeconds(300));
    Reply r = run(msg(DhcpMessageType.REQUEST, 1, a, 0, null));
    assertThat(r.message().messageType()).isEqualTo(DhcpMessageType.ACK);
    assertThat(r.message().ciaddr()).isEqualTo(a);
    assertThat(r.destination()).isEqualTo(a);
    assertThat(store.get(a).end()).isEqualTo(clock.instant().getEpochSecond() + 600);
  }

  @Test
  void declineAbandonsTheAddressAndItIsNotOfferedAgain() {
    int a = dora(1).message().yiaddr();
    long sentPet = store.get(a).tstp();
    assertThat(sentPet).isGreaterThan(clock.instant().getEpochSecond());
    assertThat(run(msg(DhcpMessageType.DECLINE, 1, 0, 0, DhcpOptions.builder().addIpv4(50, a).addIpv4(54, SERVER)))).isNull();
    assertThat(store.get(a).state()).isEqualTo(BindingState.ABANDONED);
    assertThat(store.get(a).hardware()).isNull();
    // seed 151742: the partner may renew the client to this PET + MCLT; the RESET after the
    // probation must not free the address before then
    assertThat(store.get(a).tstp()).as("the PET sent for the declined lease").isEqualTo(sentPet);
    assertThat(dora(1).message().yiaddr()).isNotEqualTo(a);
  }

  @Test
  void aDeclinedAddressReturnsToThePoolOnlyAfterTheDeclineProbation() {
    List<Lease> probationsEnded = new java.util.ArrayList<>();
    engine = new DhcpEngine(SERVER, List.of(direct, relayed), Map.of("eth1", direct), store, clock,
        new DhcpEngine.EngineMetrics() {
          @Override
          public void silence(DhcpEngine.Silence reason) {}

          @Override
          public void committed(Lease lease) {}

          @Override
          public void probationEnded(Lease lease) {
            probationsEnded.add(lease);
          }
        }, ServicePolicy.STANDALONE);
    engine.setDeclineProbation(Duration.ofMinutes(5));
    int a = dora(1).message().yiaddr();
    run(msg(DhcpMessageType.DECLINE, 1, 0, 0, DhcpOptions.builder().addIpv4(50, a).addIpv4(54, SERVER)));
    dora(2);
    dora(3); // the other two addresses of the pool of three
    clock.advance(Duration.ofSeconds(299));
    engine.sweep();
    assertThat(store.get(a).state()).isEqualTo(BindingState.ABANDONED);
    Reply early = run(msg(DhcpMessageType.DISCOVER, 4, 0, 0, null));
    assertThat(early).as("still on probation: %s, %s", early, store.all()).isNull();

    clock.advance(Duration.ofSeconds(1));
    engine.sweep();
    assertThat(store.get(a).state()).isEqualTo(BindingState.RESET);
    assertThat(store.get(a).hasFlag(Lease.FLAG_UNACKED)).as("a change for the partner to hear of").isTrue();
    assertThat(probationsEnded).extracting(Lease::address).containsExactly(a);
    assertThat(run(msg(DhcpMessageType.DISCOVER, 4, 0, 0, null)).message().yiaddr()).isEqualTo(a);
  }

  @Test
  void aDeclineProbationSurvivesARestart() {
    engine.setDeclineProbation(Duration.ofMinutes(5));
    int a = dora(1).message().yiaddr();
    run(msg(DhcpMessageType.DECLINE, 1, 0, 0, DhcpOptions.builder().addIpv4(50, a).addIpv4(54, SERVER)));
    clock.advance(Duration.ofSeconds(150));
    engine = newEngine(); // restart: the probation counts from the decline, not from the start
    engine.setDeclineProbation(Duration.ofMinutes(5));
    clock.advance(Duration.ofSeconds(150));
    engine.sweep();
    assertThat(store.get(a).state()).isEqualTo(BindingState.RESET);
  }

  @Test
  void informGetsParametersWithoutALease() {
    Reply r = run(msg(DhcpMessageType.INFORM, 1, Ipv4.parse("198.18.0.20"), 0, null));
    assertThat(r.message().messageType()).isEqualTo(DhcpMessageType.ACK);
    assertThat(r.message().yiaddr()).isZero();
    assertThat(r.message().options().has(51)).isFalse();
    assertThat(r.destination()).isEqualTo(Ipv4.parse("198.18.0.20"));
    assertThat(store.writes).isEmpty();
  }

  @Test
  void informWithoutCiaddrIsAnsweredAtItsSourceAddressInTheSubnetOfThatAddress() {
    int source = Ipv4.parse("198.18.0.77");
    // heard on the server-address socket (no interface): the source address names the subnet
    Reply r = engine.handle(msg(DhcpMessageType.INFORM, 1, 0, 0, DhcpOptions.builder().add(55, new byte[] {15})),
        new Ingress(null, source, 68)).toCompletableFuture().join();
    assertThat(r.destination()).isEqualTo(source);
    assertThat(r.port()).isEqualTo(68);
    assertThat(r.message().ciaddr()).isZero();
    assertThat(r.message().yiaddr()).isZero();
    assertThat(r.message().options().getText(15)).isEqualTo("lab.example");
    assertThat(r.message().options().has(51)).isFalse();
  }

  @Test
  void aReservedClientGetsItsAddressAndHostName() {
    byte[] chaddr = new byte[16];
    chaddr[0] = 2;
    chaddr[5] = 9;
    DhcpMessage discover = new DhcpMessage(1, 1, 6, 0, 77, 0, 0, 0, 0, 0, 0, chaddr, null, null, true,
        DhcpOptions.builder().addByte(53, 1).add(55, new byte[] {1, 12}).build(), 0);
    Reply offer = run(discover);
    assertThat(offer.message().yiaddr()).isEqualTo(Ipv4.parse("198.18.0.10"));
    assertThat(offer.message().options().getText(12)).isEqualTo("printer");
  }

  @Test
  void anExpiredLeaseIsStoredAsExpiredAndItsAddressStaysWithItsClient() {
    int a = dora(1).message().yiaddr();
    clock.advance(Duration.ofSeconds(601));
    engine.sweep();
    assertThat(store.get(a).state()).isEqualTo(BindingState.EXPIRED);
    assertThat(dora(1).message().yiaddr()).isEqualTo(a);
  }

  @Test
  void aClientIdentifierKeysTheBindingInsteadOfTheHardwareAddress() {
    DhcpOptions.Builder id = DhcpOptions.builder().add(61, new byte[] {1, 2, 0, 0, 0, 0, 1});
    Reply offer = run(msg(DhcpMessageType.DISCOVER, 1, 0, 0, id));
    Reply ack = run(msg(DhcpMessageType.REQUEST, 1, 0, 0, DhcpOptions.builder()
        .add(61, new byte[] {1, 2, 0, 0, 0, 0, 1}).addIpv4(50, offer.message().yiaddr()).addIpv4(54, SERVER)));
    assertThat(store.get(ack.message().yiaddr()).clientId()).containsExactly(1, 2, 0, 0, 0, 0, 1);
    // the same hardware address without the client id is another client
    Reply r = run(msg(DhcpMessageType.REQUEST, 1, ack.message().yiaddr(), 0, null));
    assertThat(r.message().messageType()).isEqualTo(DhcpMessageType.NAK);
  }

  @Test
  void everyOfferAckAndNakEchoesTheClientIdentifierUnchanged() {
    byte[] id = {(byte) 0xff, 0, 0, 0, 1, 0, 1, 0, 1, 0x2a}; // an RFC 4361 style id, not 01 + MAC
    Reply offer = run(msg(DhcpMessageType.DISCOVER, 1, 0, 0, DhcpOptions.builder().add(61, id)));
    assertThat(offer.message().options().get(61)).as("OFFER").containsExactly(id);
    Reply ack = run(msg(DhcpMessageType.REQUEST, 1, 0, 0, DhcpOptions.builder()
        .add(61, id).addIpv4(50, offer.message().yiaddr()).addIpv4(54, SERVER)));
    assertThat(ack.message().messageType()).isEqualTo(DhcpMessageType.ACK);
    assertThat(ack.message().options().get(61)).as("ACK").containsExactly(id);
    Reply nak = run(msg(DhcpMessageType.REQUEST, 1, 0, 0, DhcpOptions.builder()
        .add(61, id).addIpv4(50, Ipv4.parse("198.19.9.50"))));
    assertThat(nak.message().messageType()).isEqualTo(DhcpMessageType.NAK);
    assertThat(nak.message().options().get(61)).as("NAK").containsExactly(id);
    Reply inform = run(msg(DhcpMessageType.INFORM, 1, Ipv4.parse("198.18.0.20"), 0, DhcpOptions.builder().add(61, id)));
    assertThat(inform.message().options().get(61)).as("ACK to INFORM").containsExactly(id);
  }

  @Test
  void aReplyCarriesNoClientIdentifierWhenTheClientSentNone() {
    Reply offer = run(msg(DhcpMessageType.DISCOVER, 1, 0, 0, null));
    assertThat(offer.message().options().has(61)).isFalse();
  }

  @Test
  void aReconfigurationKeepsBindingsAndLetsLeasesInARemovedRangeLiveOutTheirTime() {
    int a = dora(1).message().yiaddr();
    Subnet moved =
        new Subnet(Ipv4.parse("198.18.0.0"), 24, List.<int[]>of(new int[] {Ipv4.parse("198.18.0.150"), Ipv4.parse("198.18.0.160")}),
            600, DhcpOptions.builder().addText(15, "new.example").build(), List.of());
    engine.reconfigure(List.of(moved, relayed), Map.of("eth1", moved));
    assertThat(store.get(a).state()).isEqualTo(BindingState.ACTIVE);

    // a new client gets an address from the new range, with the new options
    Reply offer = run(msg(DhcpMessageType.DISCOVER, 2, 0, 0, DhcpOptions.builder().add(55, new byte[] {15})));
    assertThat(moved.inRange(offer.message().yiaddr())).isTrue();
    assertThat(offer.message().options().getText(15)).isEqualTo("new.example");

    // the old client renews: acknowledged, but only for what is left of its lease
    clock.advance(Duration.ofSeconds(200));
    Reply renew = run(msg(DhcpMessageType.REQUEST, 1, a, 0, null));
    assertThat(renew.message().messageType()).isEqualTo(DhcpMessageType.ACK);
    assertThat(renew.message().options().getUnsigned(51, 0)).isEqualTo(400);

    // once it has run out, the address is not given again
    clock.advance(Duration.ofSeconds(401));
    engine.sweep();
    assertThat(run(msg(DhcpMessageType.REQUEST, 1, a, 0, null)).message().messageType()).isEqualTo(DhcpMessageType.NAK);
    assertThat(run(msg(DhcpMessageType.DISCOVER, 1, 0, 0, null)).message().yiaddr()).isNotEqualTo(a);
  }
}
