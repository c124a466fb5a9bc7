package io.dhcpfailover.node.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.engine.Reply;
import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The end of a decline probation in a failover pair, on two real cores and engines over the
 * simulated link: the ABANDONED address goes back to the pool through a BNDUPD like any other
 * state change, and neither node gives it to a client while the other may still hold it
 * abandoned.
 */
class DeclineProbationPairTest {
  private static final long STEPS = 1_000_000;
  private static final Duration PROBATION = Duration.ofSeconds(120);

  private final Sim sim = new Sim(3);
  private final SimulationConfig config =
      new SimulationConfig(Mode.HOT_STANDBY, 30, 600, 10, 0, 0, 10, 0, true, 0, 0);
  private final SimNode primary = new SimNode(Role.PRIMARY, SimulationConfig.PRIMARY, sim, config, 0);
  private final SimNode secondary = new SimNode(Role.SECONDARY, SimulationConfig.SECONDARY, sim, config, 0);
  private final SimLink link = new SimLink(sim, primary, secondary);

  @BeforeEach
  void bothNormal() {
    primary.declineProbation = PROBATION;
    secondary.declineProbation = PROBATION;
    primary.boot();
    secondary.boot();
    advance(90);
    assertThat(primary.core.snapshot().state()).isEqualTo(ServerState.NORMAL);
    assertThat(secondary.core.snapshot().state()).isEqualTo(ServerState.NORMAL);
  }

  @Test
  void theReturnOfADeclinedAddressWaitsForThePartnersAcknowledgement() {
    int a = lease(1);
    send(msg(DhcpMessageType.DECLINE, 1, DhcpOptions.builder().addIpv4(50, a).addIpv4(54, SimulationConfig.PRIMARY)));
    advance(5);
    assertThat(primary.store.get(a).state()).isEqualTo(BindingState.ABANDONED);
    assertThat(secondary.store.get(a).state()).as("told by BNDUPD").isEqualTo(BindingState.ABANDONED);

    link.setCut(true, true); // the partner cannot hear of the probation's end
    advance(PROBATION.toSeconds());
    Lease atPrimary = primary.store.get(a);
    assertThat(atPrimary.state()).isEqualTo(BindingState.RESET);
    assertThat(atPrimary.hasFlag(Lease.FLAG_UNACKED)).isTrue();
    assertThat(secondary.store.get(a).state()).isIn(BindingState.ABANDONED, BindingState.RESET);
    assertThat(offered(2, a)).as("not reused before the partner agrees").isNotEqualTo(a);

    link.heal();
    advance(60);
    for (SimNode n : new SimNode[] {primary, secondary}) {
      Lease l = n.store.get(a);
      assertThat(l.state().isAvailable()).as("%s: %s", n, l).isTrue();
      assertThat(l.hasFlag(Lease.FLAG_UNACKED)).as("%s: %s", n, l).isFalse();
    }
    assertThat(primary.core.snapshot().state()).isEqualTo(ServerState.NORMAL);
    assertThat(offered(3, a)).as("back in the pool").isEqualTo(a);
  }

  @Test
  void anAddressStaysAbandonedOnBothNodesUntilItsProbationEnds() {
    int a = lease(1);
    send(msg(DhcpMessageType.DECLINE, 1, DhcpOptions.builder().addIpv4(50, a).addIpv4(54, SimulationConfig.PRIMARY)));
    advance(PROBATION.toSeconds() - 10);
    assertThat(primary.store.get(a).state()).isEqualTo(BindingState.ABANDONED);
    assertThat(secondary.store.get(a).state()).isEqualTo(BindingState.ABANDONED);
    assertThat(offered(2, a)).isNotEqualTo(a);
  }

  /**
   * Seed 152972 with a short probation: the client's DECLINE waits in the stopped primary's socket
   * while the secondary, cut off from it, renews the client's lease. The primary, resumed, sends
   * ABANDONED (newer by its CLTT) and the secondary takes it over that lease. When the probation
   * ends the address must still go to nobody else while the client may hold it.
   */
  @Test
  void aStaleDeclineDoesNotFreeALeaseThePartnerGaveMeanwhile() {
    int a = lease(1);
    primary.pause(30_000);
    Reply[] ignored = new Reply[1];
    primary.handle(
        msg(DhcpMessageType.DECLINE, 1, DhcpOptions.builder().addIpv4(50, a).addIpv4(54, SimulationConfig.PRIMARY)),
        SimNode.RELAY, r -> ignored[0] = r);
    advance(20);
    assertThat(secondary.core.snapshot().state()).isEqualTo(ServerState.COMMUNICATIONS_INTERRUPTED);
    Reply[] renewed = new Reply[1];
    DhcpMessage rebind = msg(DhcpMessageType.REQUEST, 1, null);
    secondary.handle(
        new DhcpMessage(1, 1, 6, 0, 0x3001, 0, 0, a, 0, 0, SimNode.RELAY, rebind.chaddr(), null, null, true, rebind.options(), 0),
        SimNode.RELAY, r -> renewed[0] = r);
    advance(1);
    assertThat(renewed[0]).as("the secondary renews the lease it knows").isNotNull();
    assertThat(renewed[0].message().messageType()).isEqualTo(DhcpMessageType.ACK);
    long holdsUntil = sim.now() + renewed[0].message().options().getUnsigned(51, 0) * 1000L;

    advance(20); // the primary resumes and handles the stale DECLINE
    assertThat(primary.store.get(a).state()).isEqualTo(BindingState.ABANDONED);
    assertThat(secondary.store.get(a).state()).isEqualTo(BindingState.ABANDONED);

    for (int mac = 2; sim.now() < holdsUntil - 1000 && mac < 200; mac++) {
      advance(10);
      assertThat(offered(mac, a)).as("offered to another client at %d, held until %d: primary %s, secondary %s",
          sim.now(), holdsUntil, primary.store.get(a), secondary.store.get(a)).isNotEqualTo(a);
    }
  }

  private void advance(long seconds) {
    sim.runUntil(sim.now() + seconds * 1000, STEPS, () -> {});
  }

  private int lease(int mac) {
    Reply offer = send(msg(DhcpMessageType.DISCOVER, mac, null));
    Reply ack = send(msg(DhcpMessageType.REQUEST, mac,
        DhcpOptions.builder().addIpv4(50, offer.message().yiaddr()).addIpv4(54, SimulationConfig.PRIMARY)));
    assertThat(ack.message().messageType()).isEqualTo(DhcpMessageType.ACK);
    return ack.message().yiaddr();
  }

  /** The address the primary offers client {@code mac} when it asks for {@code wanted}. */
  private int offered(int mac, int wanted) {
    Reply offer = send(msg(DhcpMessageType.DISCOVER, mac, DhcpOptions.builder().addIpv4(50, wanted)));
    return offer == null ? 0 : offer.message().yiaddr();
  }

  private Reply send(DhcpMessage m) {
    Reply[] out = new Reply[1];
    primary.handle(m, SimNode.RELAY, r -> out[0] = r);
    sim.runUntil(sim.now() + 200, STEPS, () -> {});
    return out[0];
  }

  private static DhcpMessage msg(DhcpMessageType type, int mac, DhcpOptions.Builder extra) {
    byte[] chaddr = new byte[16];
    chaddr[0] = 2;
    chaddr[5] = (byte) mac;
    DhcpOptions.Builder o = DhcpOptions.builder().addByte(53, type.code());
    if (extra != null) {
      extra.build().entries().forEach(e -> o.add(e.code().code(), e.value()));
    }
    return new DhcpMessage(1, 1, 6, 1, 0x2000 + mac, 0, 0, 0, 0, 0, SimNode.RELAY, chaddr, null, null, true, o.build(), 0);
  }
}
