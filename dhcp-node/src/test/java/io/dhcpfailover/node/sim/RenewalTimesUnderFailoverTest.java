package io.dhcpfailover.node.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.engine.BootParameters;
import io.dhcpfailover.node.engine.DhcpEngine;
import io.dhcpfailover.node.engine.Ingress;
import io.dhcpfailover.node.engine.RenewalTimes;
import io.dhcpfailover.node.engine.Subnet;
import io.dhcpfailover.node.failover.FailoverServicePolicy;
import io.dhcpfailover.node.failover.FailoverSettings;
import io.dhcpfailover.node.failover.FailoverSnapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RFC 2131 §4.4.5 under failover: the real failover policy gives a new client no more than the
 * MCLT, and the configured T1/T2 shrink with that lease, in proportion, instead of running past it.
 */
class RenewalTimesUnderFailoverTest {
  private static final long MCLT = 3600;
  private static final long LEASE = 43_200;

  private final Sim sim = new Sim(1);
  private final SimStore store = new SimStore(sim);

  private DhcpMessage offer(RenewalTimes times) {
    Subnet subnet = new Subnet(SimNode.SUBNET, 16,
        List.<int[]>of(new int[] {SimNode.RANGE_START, SimNode.RANGE_START + 9}), times,
        DhcpOptions.empty(), BootParameters.NONE, List.of());
    FailoverSettings settings =
        new FailoverSettings(Role.PRIMARY, SimulationConfig.PRIMARY, SimulationConfig.SECONDARY,
            647, "t", Mode.HOT_STANDBY, 128, MCLT, 30, 10, 0, 3, "t", LEASE);
    FailoverSnapshot snapshot = new FailoverSnapshot(
        ServerState.NORMAL, 0, ServerState.NORMAL, true, 0, 0, 0, MCLT, null, 0, 0, 0);
    DhcpEngine engine = new DhcpEngine(SimulationConfig.PRIMARY, List.of(subnet), Map.of(), store,
        sim.clock(0), DhcpEngine.EngineMetrics.NONE,
        new FailoverServicePolicy(settings, () -> snapshot, lease -> {}, () -> true));
    byte[] chaddr = new byte[16];
    chaddr[0] = 2;
    chaddr[5] = 1;
    DhcpMessage discover = new DhcpMessage(1, 1, 6, 1, 0x1001, 0, 0, 0, 0, 0, SimNode.RELAY,
        chaddr, null, null, true, DhcpOptions.builder().addByte(53, 1).build(), 0);
    DhcpMessage[] out = new DhcpMessage[1];
    engine.handle(discover, new Ingress(null, SimNode.RELAY, 67))
        .thenAccept(r -> out[0] = r.message());
    sim.runUntil(sim.now() + 100, 10_000, () -> {});
    return out[0];
  }

  @Test
  void configuredRenewalAndRebindingTimesShrinkWithALeaseCappedByTheMclt() {
    DhcpMessage offer = offer(new RenewalTimes(LEASE, 14_400, 36_000));
    assertThat(offer.options().getUnsigned(51, 0)).isEqualTo(MCLT);
    assertThat(offer.options().getUnsigned(58, 0)).isEqualTo(1_200); // 4h of 12h, of 1h
    assertThat(offer.options().getUnsigned(59, 0)).isEqualTo(3_000); // 10h of 12h, of 1h
  }

  @Test
  void defaultRenewalAndRebindingTimesAreHalfAndSevenEighthsOfTheCappedLease() {
    DhcpMessage offer = offer(RenewalTimes.defaults(LEASE));
    assertThat(offer.options().getUnsigned(51, 0)).isEqualTo(MCLT);
    assertThat(offer.options().getUnsigned(58, 0)).isEqualTo(1_800);
    assertThat(offer.options().getUnsigned(59, 0)).isEqualTo(3_150);
  }
}
