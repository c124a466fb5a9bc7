package io.dhcpfailover.node.sim;

import io.dhcpfailover.node.codec.failover.FailoverMessage;
import io.dhcpfailover.node.failover.FailoverConnection;
import io.dhcpfailover.node.failover.FailoverCore;
import io.dhcpfailover.node.failover.PeerConnection;
import java.util.ArrayList;
import java.util.List;

/**
 * The failover link between the two simulated nodes, with TCP's guarantees: one connection at a
 * time, in-order delivery with a random delay, nothing lost while the connection lives. A cut
 * direction holds its bytes (TCP retransmits) until it heals or the connection closes; a cut in
 * either direction makes new connections fail; a crash resets the connection unless the reset
 * itself is cut off.
 */
final class SimLink {
  private final Sim sim;
  private final SimNode primary;
  private final SimNode secondary;
  boolean cutToSecondary;
  boolean cutToPrimary;
  private Conn current;
  private long nextAttempt;
  long connections;

  SimLink(Sim sim, SimNode primary, SimNode secondary) {
    this.sim = sim;
    this.primary = primary;
    this.secondary = secondary;
    primary.onLinkWanted = n -> maybeConnect();
    secondary.onLinkWanted = n -> maybeConnect();
  }

  /** One TCP connection: an end at each node. */
  private final class Conn {
    final End atPrimary = new End(primary);
    final End atSecondary = new End(secondary);
    boolean closed;

    Conn() {
      atPrimary.other = atSecondary;
      atSecondary.other = atPrimary;
    }

    void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (current == this) {
        current = null;
      }
      atPrimary.notifyClosed(0);
      atSecondary.notifyClosed(0);
    }
  }

  private final class End implements PeerConnection {
    final SimNode node;
    final long life;
    End other;
    FailoverConnection handle;
    long lastDeliverAt;
    final List<FailoverMessage> held = new ArrayList<>();
    Conn conn;

    End(SimNode node) {
      this.node = node;
      this.life = node.life();
    }

    boolean cutFromHere() {
      return node == primary ? cutToSecondary : cutToPrimary;
    }

    @Override
    public void send(FailoverMessage message) {
      if (conn.closed) {
        return;
      }
      if (cutFromHere()) {
        held.add(message);
        return;
      }
      deliver(message);
    }

    void deliver(FailoverMessage message) {
      End to = other;
      if (sim.traced != null && message.assignedIpAddress().isPresent()) {
        sim.trace(message.assignedIpAddress().getAsInt(), node + " -> " + to.node + " " + message);
      }
      long at = Math.max(sim.now() + sim.between(1, 20), lastDeliverAt);
      lastDeliverAt = at;
      sim.after(at - sim.now(), () -> {
        if (!conn.closed && to.handle != null && to.node.life() == to.life) {
          FailoverCore core = to.node.core;
          to.node.run(to.life, () -> {
            if (!conn.closed) {
              core.received(to.handle, message);
            }
          });
        }
      });
    }

    void flushHeld() {
      if (!conn.closed && !cutFromHere()) {
        List<FailoverMessage> out = new ArrayList<>(held);
        held.clear();
        out.forEach(this::deliver);
      }
    }

    @Override
    public void close() {
      conn.close();
    }

    void notifyClosed(long delay) {
      if (handle == null || node.life() != life) {
        return;
      }
      FailoverCore core = node.core;
      FailoverConnection h = handle;
      sim.after(delay, () -> node.run(life, () -> core.closed(h)));
    }

    @Override
    public String remote() {
      return other.node.toString();
    }
  }

  /** Opens a connection when both processes run, none is open and the network lets SYNs through. */
  void maybeConnect() {
    if (current != null || sim.now() < nextAttempt) {
      return;
    }
    nextAttempt = sim.now() + 5000;
    if (!primary.up || !secondary.up || cutToPrimary || cutToSecondary
        || !primary.core.wantsConnection() || !secondary.core.wantsConnection()) {
      return;
    }
    Conn c = new Conn();
    c.atPrimary.conn = c;
    c.atSecondary.conn = c;
    current = c;
    connections++;
    sim.after(sim.between(1, 10), () -> {
      if (c.closed || c.atPrimary.node.life() != c.atPrimary.life || c.atSecondary.node.life() != c.atSecondary.life) {
        c.close();
        return;
      }
      FailoverCore s = secondary.core;
      FailoverCore p = primary.core;
      secondary.run(c.atSecondary.life, () -> c.atSecondary.handle = s.opened(c.atSecondary));
      primary.run(c.atPrimary.life, () -> c.atPrimary.handle = p.opened(c.atPrimary));
    });
  }

  /**
   * A node's process died: the kernel resets the connection, which the partner hears unless that
   * direction is cut (then only its receive timer tells it).
   */
  void processDied(SimNode node) {
    Conn c = current;
    if (c == null) {
      return;
    }
    End dead = node == primary ? c.atPrimary : c.atSecondary;
    End survivor = dead.other;
    c.closed = true;
    current = null;
    if (!dead.cutFromHere()) {
      survivor.notifyClosed(sim.between(1, 20));
    } else {
      orphan = survivor;
    }
  }

  /** The surviving end of a connection whose reset was lost: it learns by its receive timer. */
  private End orphan;

  /** Resets the connection (a middlebox, a cable). */
  void reset() {
    if (current != null) {
      current.close();
    }
  }

  void heal() {
    cutToPrimary = false;
    cutToSecondary = false;
    if (current != null) {
      current.atPrimary.flushHeld();
      current.atSecondary.flushHeld();
    }
  }

  void setCut(boolean toPrimary, boolean toSecondary) {
    cutToPrimary = toPrimary;
    cutToSecondary = toSecondary;
    if (current != null) {
      current.atPrimary.flushHeld();
      current.atSecondary.flushHeld();
    }
  }
}
