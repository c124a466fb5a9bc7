package io.dhcpfailover.node.sim;

import io.dhcpfailover.node.failover.FailoverSnapshot;
import io.dhcpfailover.node.failover.FailoverSettings;
import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.engine.DhcpEngine;
import io.dhcpfailover.node.engine.Ingress;
import io.dhcpfailover.node.engine.Reply;
import io.dhcpfailover.node.engine.Subnet;
import io.dhcpfailover.node.failover.FailoverServicePolicy;
import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.util.Ipv4;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Defects of the DHCP path under failover, each as the smallest scene that showed it: a real
 * engine with the failover policy over a store on the virtual clock.
 */
class DefectRegressionTest {
  private static final int SERVER = SimulationConfig.PRIMARY;
  private static final long MCLT = 60;
  private static final long LEASE = 3600;

  private final Sim sim = new Sim(1);
  private final SimStore store = new SimStore(sim);
  private final List<Lease> told = new ArrayList<>();
  private final Subnet subnet =
      new Subnet(SimNode.SUBNET, 16, List.<int[]>of(new int[] {SimNode.RANGE_START, SimNode.RANGE_START + 9}),
          LEASE, DhcpOptions.empty(), List.of());
  private final DhcpEngine engine = engine(Role.PRIMARY, ServerState.NORMAL);

  private DhcpEngine engine(Role role, ServerState state) {
    FailoverSettings settings =
        new FailoverSettings(role, SERVER, SimulationConfig.SECONDARY, 647, "t", Mode.HOT_STANDBY, 128,
            MCLT, 30, 10, 0, 3, "t", LEASE);
    FailoverSnapshot snapshot =
        new FailoverSnapshot(state, 0, ServerState.NORMAL, true, 0, 0, 0, MCLT, null, 0, 0, 0);
    DhcpEngine e = new DhcpEngine(SERVER, List.of(subnet), Map.of(), store, sim.clock(0),
        DhcpEngine.EngineMetrics.NONE, io.dhcpfailover.node.engine.ServicePolicy.STANDALONE);
    e.setPolicy(new FailoverServicePolicy(settings, () -> snapshot, told::add, () -> true));
    return e;
  }

  private Reply send(DhcpMessage m) {
    Reply[] out = new Reply[1];
    engine.handle(m, new Ingress(null, SimNode.RELAY, 67)).thenAccept(r -> out[0] = r);
    sim.runUntil(sim.now() + 100, 10_000, () -> {});
    return out[0];
  }

  private static DhcpMessage msg(DhcpMessageType type, int mac, int ciaddr, DhcpOptions.Builder extra) {
    byte[] chaddr = new byte[16];
    chaddr[0] = 2;
    chaddr[5] = (byte) mac;
    DhcpOptions.Builder o = DhcpOptions.builder().addByte(53, type.code());
    if (extra != null) {
      extra.build().entries().forEach(e -> o.add(e.code().code(), e.value()));
    }
    return new DhcpMessage(1, 1, 6, 1, 0x1000 + mac, 0, 0, ciaddr, 0, 0, SimNode.RELAY, chaddr, null, null, true, o.build(), 0);
  }

  private Reply dora(int mac) {
    Reply offer = send(msg(DhcpMessageType.DISCOVER, mac, 0, null));
    return send(msg(DhcpMessageType.REQUEST, mac, 0,
        DhcpOptions.builder().addIpv4(50, offer.message().yiaddr()).addIpv4(54, SERVER)));
  }

  /** Defect 4: a released address went back to its client before the partner answered. */
  @Test
  void aReleasedAddressIsNotOfferedAgainBeforeThePartnerAcknowledgedTheRelease() {
    Reply ack = dora(1);
    int address = ack.message().yiaddr();
    send(msg(DhcpMessageType.RELEASE, 1, address, DhcpOptions.builder().addIpv4(54, SERVER)));
    assertThat(store.get(address).state()).isEqualTo(BindingState.RELEASED);
    Reply offer = send(msg(DhcpMessageType.DISCOVER, 1, 0, DhcpOptions.builder().addIpv4(50, address)));
    assertThat(offer.message().yiaddr()).isNotEqualTo(address);
  }

  /** Defect 7: the next client of a FREE address got a lease sized from the last client's PET. */
  @Test
  void theNextClientOfAnAddressGetsNoMoreThanMcltWhateverThePreviousClientsPet() {
    int address = SimNode.RANGE_START;
    long now = sim.now() / 1000;
    store.put(new Lease(address, BindingState.FREE, null, new byte[] {1, 2, 0, 0, 0, 0, 9}, null, now - 10, now - 10,
        now - 100, now + 5000, now + 5000, 0));
    sim.runUntil(sim.now() + 100, 100, () -> {});
    engine.rebuild();
    Reply ack = dora(1);
    assertThat(ack.message().yiaddr()).isEqualTo(address);
    assertThat(ack.message().options().getUnsigned(51, 0)).isEqualTo(MCLT);
  }

  /** Defect 15: the stored end was rounded down, up to a second before the client's. */
  @Test
  void theStoredLeaseEndIsNeverBeforeTheEndTheClientComputes() {
    Reply offer = send(msg(DhcpMessageType.DISCOVER, 1, 0, null));
    sim.runUntil(sim.now() + (999 - sim.now() % 1000), 10, () -> {});
    long requestSent = sim.now();
    assertThat(requestSent % 1000).isEqualTo(999);
    Reply[] out = new Reply[1];
    engine.handle(msg(DhcpMessageType.REQUEST, 1, 0,
            DhcpOptions.builder().addIpv4(50, offer.message().yiaddr()).addIpv4(54, SERVER)),
        new Ingress(null, SimNode.RELAY, 67)).thenAccept(r -> out[0] = r);
    sim.runUntil(sim.now() + 100, 10_000, () -> {});
    Reply ack = out[0];
    long clientEnd = requestSent + ack.message().options().getUnsigned(51, 0) * 1000;
    Lease stored = store.get(ack.message().yiaddr());
    assertThat(stored.end() * 1000).isGreaterThanOrEqualTo(clientEnd);
  }

  /** Defect 8: a change committed with a stale view of the binding must not overwrite a newer one. */
  @Test
  void aWriteAgainstAStaleVersionIsRefused() {
    Reply ack = dora(1);
    int address = ack.message().yiaddr();
    Lease seen = store.get(address);
    Lease newer = seen.withFlags(seen.flags() & ~Lease.FLAG_UNACKED);
    assertThat(store.replace(seen, newer)).isNotNull();
    assertThat(store.replace(seen, seen.withState(BindingState.EXPIRED, 0))).isNull();
    assertThat(store.get(address)).isEqualTo(newer);
  }

  @Test
  void everyCommittedBindingIsHandedToFailover() {
    Reply ack = dora(1);
    assertThat(ack.message().messageType()).isEqualTo(DhcpMessageType.ACK);
    sim.runUntil(sim.now() + 100, 100, () -> {});
    assertThat(told).extracting(Lease::address).contains(ack.message().yiaddr());
    assertThat(Ipv4.format(ack.message().yiaddr())).startsWith("198.18.1.");
  }
}
