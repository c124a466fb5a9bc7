package io.dhcpfailover.node.status;

import io.dhcpfailover.api.v1alpha1.FailoverState;
import io.dhcpfailover.api.v1alpha1.LeaseCounts;
import io.dhcpfailover.api.v1alpha1.NodeStatus;
import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.config.ConfigOutcome;
import io.dhcpfailover.node.engine.DhcpEngine;
import io.dhcpfailover.node.failover.FailoverSnapshot;
import java.time.Instant;

/** Builds a node's entry of the pair's status ({@code status.primary} or {@code status.secondary}). */
public final class NodeStatusEntry {

  private NodeStatusEntry() {}

  /**
   * The entry of a node.
   *
   * @param failover the failover endpoint's snapshot, or null for a node without partner
   * @param started when the node started (the {@code since} of a standalone node)
   * @param leases the lease counts of all subnets
   * @param version the node's software version
   * @param configVersion the version of the pair file the node runs
   * @param config what became of the latest pair file the node read
   */
  public static NodeStatus of(
      FailoverSnapshot failover,
      Instant started,
      DhcpEngine.Counts leases,
      String version,
      String configVersion,
      ConfigOutcome config) {
    NodeStatus st = new NodeStatus();
    if (failover == null) {
      st.setState(FailoverState.STANDALONE);
      st.setSince(started.toString());
      st.setLink("Down");
    } else {
      st.setState(failoverState(failover.state()));
      st.setSince(Instant.ofEpochSecond(failover.since()).toString());
      st.setPartnerState(failoverState(failover.partnerState()));
      st.setLink(failover.linkUp() ? "Up" : "Down");
      if (failover.lastContact() > 0) {
        st.setLastContact(Instant.ofEpochSecond(failover.lastContact()).toString());
      }
    }
    st.setLeases(new LeaseCounts(leases.active(), leases.free(), leases.backup()));
    st.setVersion(version);
    st.setConfigVersion(configVersion);
    config.writeTo(st);
    return st;
  }

  /** A failover state of the protocol as the pair's status types it. */
  public static FailoverState failoverState(ServerState s) {
    return FailoverState.valueOf(s.name());
  }
}
