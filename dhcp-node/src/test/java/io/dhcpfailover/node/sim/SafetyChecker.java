package io.dhcpfailover.node.sim;

import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.util.Ipv4;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The invariants, checked as the run goes: no address held by two clients at overlapping times
 * (as each client believes, from the ACKs it received); no binding a client holds lost by the node
 * that acknowledged it; every lease within the partner-known PET + MCLT; after the faults heal,
 * both nodes NORMAL and every client served again.
 */
final class SafetyChecker {
  /** Rounding of lease times to seconds on the wire and in the store. */
  private static final long SLACK_MS = 2000;
  private static final long MARGIN_S = 2;

  private record Holding(SimClient client, long from, long to, SimNode by, int wipesAtAck) {}

  private final Simulation world;
  private final Map<Integer, Map<Integer, Holding>> holdings = new HashMap<>();
  final List<String> violations = new ArrayList<>();
  /** Clients left waiting, rightly, by a node that lost bindings nobody could give back. */
  final List<String> lostBindingWaits = new ArrayList<>();
  long exchanges;

  SafetyChecker(Simulation world) {
    this.world = world;
  }

  private void violation(String what) {
    if (violations.size() < 20) {
      violations.add(String.format("t=%.3f %s", (world.sim.now() - Sim.EPOCH_MS) / 1000.0, what));
    }
  }

  void acked(SimClient client, int address, long now, long end, int fromServer) {
    exchanges++;
    Map<Integer, Holding> byClient = holdings.computeIfAbsent(address, a -> new HashMap<>());
    for (Holding h : byClient.values()) {
      if (h.client != client && h.to > now) {
        violation("DUPLICATE " + Ipv4.format(address) + " ACKed to client " + client.id + " by "
            + world.node(fromServer) + " while client " + h.client.id + " holds it until "
            + fmt(h.to) + " (ACKed by " + h.by + ")");
      }
    }
    SimNode by = world.node(fromServer);
    world.sim.trace(address, "ACK to client " + client.id + " by " + by + " (" + world.primary.state() + "/" + world.secondary.state() + ") until " + fmt(end) + "; primary has "
        + world.primary.store.get(address) + ", secondary has " + world.secondary.store.get(address));
    byClient.put(client.id, new Holding(client, now, end, by, by.wipes));
    checkMclt(client, address, now, end, by);
  }

  /** The lease must end by max(now, the PET the partner holds for this client) + MCLT. */
  private void checkMclt(SimClient client, int address, long now, long end, SimNode by) {
    SimNode partner = world.partnerOf(by);
    long mcltMs = world.config.mcltSeconds() * 1000;
    long known = 0;
    Lease l = partner.store.get(address);
    if (l != null && l.state() == BindingState.ABANDONED && l.hardware() == null) {
      // declined at the partner: the address stays out of use there until its probation ends and
      // then, as a RESET, until the partner's PETs + MCLT have passed (or this node agrees)
      known = honoured(l) * 1000 - partner.clockOffsetMs;
    } else if (l != null && l.hardware() != null && sameClient(l, client)) {
      // the PET the partner honours: it keeps a received PET moved early by the skew margin and
      // adds the margin back twice before it reuses the address (ReallocationPolicy)
      known = honoured(l) * 1000 - partner.clockOffsetMs;
    }
    Lease lost = partner.lost.get(address);
    if (lost != null && sameClient(lost, client)) {
      // the partner knew this PET before it lost its data (it recovers before it serves)
      known = Math.max(known, honoured(lost) * 1000 - partner.clockOffsetMs);
    }
    long limit = Math.max(now, known) + mcltMs + SLACK_MS;
    if (end > limit) {
      violation("MCLT " + Ipv4.format(address) + " client " + client.id + " got a lease to " + fmt(end)
          + " from " + by + ", past max(now, partner-known PET " + fmt(known) + ") + MCLT; partner has " + l
          + ", " + by + " has " + by.store.get(address));
    }
  }

  /** The latest time up to which the partner keeps the address for this client, in its clock. */
  private static long honoured(Lease l) {
    return Math.max(Math.max(l.tstp(), l.tsfp() + 2 * MARGIN_S), l.end());
  }

  void gaveUp(SimClient client, int address, String why) {
    world.sim.trace(address, "client " + client.id + " gives up: " + why);
    Map<Integer, Holding> byClient = holdings.get(address);
    if (byClient != null) {
      byClient.remove(client.id);
    }
  }

  /** The client left but its lease runs on: it may come back and use the address until then. */
  void keepsUntil(SimClient client, int address, long end) {}

  /** Every binding a client holds is kept by the node that acknowledged it (unless wiped since). */
  void checkBindings() {
    long now = world.sim.now();
    for (Map.Entry<Integer, Map<Integer, Holding>> e : holdings.entrySet()) {
      for (Holding h : e.getValue().values()) {
        if (h.to <= now + SLACK_MS || h.by.wipes != h.wipesAtAck || !h.by.up) {
          continue;
        }
        Lease l = h.by.store.get(e.getKey());
        long endTrue = l == null ? 0 : l.end() * 1000 - h.by.clockOffsetMs;
        // an ABANDONED binding that displaced the lease keeps its end (a DECLINE read late, seed
        // 152972): the address goes to nobody before then, which is all the client needs
        boolean kept = l != null && endTrue >= h.to - SLACK_MS
            && (l.state() == BindingState.ACTIVE && sameClient(l, h.client) || l.state() == BindingState.ABANDONED);
        if (!kept) {
          violation("LOST " + Ipv4.format(e.getKey()) + " of client " + h.client.id + " (holds until "
              + fmt(h.to) + ", ACKed by " + h.by + ") is " + l + " there");
        }
      }
    }
  }

  /** After healing: both nodes NORMAL and no client waiting for an address for long. */
  void checkSettled(long waitedMs) {
    ServerState p = world.primary.state();
    ServerState s = world.secondary.state();
    if (p != ServerState.NORMAL || s != ServerState.NORMAL) {
      violation("STUCK pair not NORMAL " + waitedMs / 1000 + " s after the faults healed: primary "
          + p + ", secondary " + s);
    }
    long now = world.sim.now();
    if (world.config.rangeSize() < 2 * world.config.clients()) {
      return; // a tight pool may rightly leave clients waiting: this run looks for reuse, not service
    }
    for (SimClient c : world.clients) {
      if (c.waitingSince > 0 && now - c.waitingSince > 120_000) {
        SimNode uncertain = lostBindings(now);
        if (uncertain != null) {
          // Both copies of some bindings are gone (a wiped store beside a partner that never
          // learnt them): any address may be held by a client nobody knows, so none goes to a
          // client the store does not know before the longest lease + MCLT after the loss. Safe,
          // and the node says so (status newClientsFrom, metric); not a defect of the protocol.
          lostBindingWaits.add("client " + c.id + " waiting since " + fmt(c.waitingSince) + ": " + uncertain
              + " lost bindings, new clients from " + uncertain.core.snapshot().bindingsUncertainUntil());
          return;
        }
        violation("UNSERVED client " + c.id + " waiting since " + fmt(c.waitingSince) + " (" + c.state + "); primary "
            + world.primary.engine.totals() + ", secondary " + world.secondary.engine.totals());
        return;
      }
    }
  }

  /** An up node that lost bindings it could not recover and so refuses new clients now, or null. */
  private SimNode lostBindings(long now) {
    for (SimNode n : List.of(world.primary, world.secondary)) {
      if (n.up && n.core != null
          && n.core.snapshot().bindingsUncertainUntil() * 1000 > now + n.clockOffsetMs) {
        return n;
      }
    }
    return null;
  }

  private static boolean sameClient(Lease l, SimClient c) {
    byte[] hw = l.hardware();
    return hw != null && hw.length == 7 && Arrays.equals(Arrays.copyOfRange(hw, 1, 7), Arrays.copyOf(c.chaddr, 6));
  }

  private static String fmt(long t) {
    return String.format("%.3f", (t - Sim.EPOCH_MS) / 1000.0);
  }
}
