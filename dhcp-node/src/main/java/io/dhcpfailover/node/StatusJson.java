package io.dhcpfailover.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.engine.DhcpEngine;
import io.dhcpfailover.node.engine.NewClientReserve;
import io.dhcpfailover.node.engine.Subnet;
import io.dhcpfailover.node.failover.FailoverSnapshot;
import io.dhcpfailover.node.journal.JournaledLeaseStore;
import io.dhcpfailover.node.lease.LeaseStore;
import io.dhcpfailover.node.status.NodeStatusEntry;
import io.dhcpfailover.node.util.Ipv4;
import java.time.Instant;

/** The parts of the node's {@code /status} document that describe its failover, store and leases. */
final class StatusJson {
  private StatusJson() {}

  /** The failover state, or STANDALONE without a partner ({@code snapshot} null). */
  static void failover(ObjectNode root, FailoverSnapshot f, int peerAddress) {
    if (f == null) {
      root.put("state", "STANDALONE");
      return;
    }
    root.put("state", NodeStatusEntry.failoverState(f.state()).wireName());
    root.put("since", Instant.ofEpochSecond(f.since()).toString());
    root.put("partnerState", NodeStatusEntry.failoverState(f.partnerState()).wireName());
    root.put("link", f.linkUp() ? "Up" : "Down");
    root.put("partner", Ipv4.format(peerAddress));
    if (f.lastContact() > 0) {
      root.put("lastContact", Instant.ofEpochSecond(f.lastContact()).toString());
    }
    root.put("unackedUpdates", f.unacked());
    root.put("queuedUpdates", f.queued());
    root.put("mcltSeconds", f.mclt());
    if (f.state() == ServerState.RECOVER_WAIT) {
      root.put("recoverWaitEnds", Instant.ofEpochSecond(f.recoverWaitEnd()).toString());
    }
    if (f.bindingsUncertainUntil() > 0) {
      // lost its bindings and could not recover them all: no address for a new client before then
      root.put("newClientsFrom", Instant.ofEpochSecond(f.bindingsUncertainUntil()).toString());
    }
  }

  static void store(ObjectNode root, LeaseStore store) {
    ObjectNode st = root.putObject("store");
    String reason = store.unavailableReason();
    st.put("available", reason == null);
    if (reason != null) {
      st.put("reason", reason);
    }
    if (store instanceof JournaledLeaseStore j) {
      st.put("journalRecords", j.journalRecords());
      st.put("journalBytes", j.journalBytes());
    }
  }

  /** Lease counts in total and per subnet. */
  static void leases(ObjectNode root, DhcpEngine engine) {
    counts(root.putObject("leases"), engine.totals());
    ArrayNode subnets = root.putArray("subnets");
    for (Subnet s : engine.subnets()) {
      ObjectNode sn = subnets.addObject();
      sn.put("subnet", s.toString());
      sn.put("size", s.size());
      sn.put("offersHeld", s.offerCount());
      counts(sn, engine.counts(s));
      NewClientReserve.State r = engine.newClientReserve().state(s);
      ObjectNode reserve = sn.putObject("newClientReserve");
      reserve.put("percent", engine.newClientReserve().percent());
      reserve.put("addresses", r.addresses());
      reserve.put("available", r.available());
      // at or below the reserve: a new client is answered only when it sends again (spec.limits)
      reserve.put("depleted", r.depleted());
    }
  }

  private static void counts(ObjectNode n, DhcpEngine.Counts c) {
    n.put("active", c.active());
    n.put("free", c.free());
    n.put("backup", c.backup());
    n.put("expired", c.expired());
    n.put("abandoned", c.abandoned());
  }
}
