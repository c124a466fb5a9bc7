package io.dhcpfailover.node.failover;

import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.node.engine.DhcpEngine;
import io.dhcpfailover.node.engine.Subnet;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.lease.LeaseStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The primary's side of pool balancing (draft §5.4; digest §G): every address starts in the
 * primary's FREE pool; the primary hands part of it to the secondary as BACKUP so that the
 * secondary can serve new clients while cut off. Hot standby keeps {@value #HOT_STANDBY_PERCENT} %
 * with the secondary, load balancing half.
 *
 * <p>Addresses are chosen on the DHCP thread (the engine's), so an address being offered to a
 * client is never moved at the same moment.
 */
public final class PoolBalancer {
  static final int HOT_STANDBY_PERCENT = 10;

  private final DhcpEngine engine;
  private final LeaseStore store;
  private final Executor dhcpThread;

  public PoolBalancer(DhcpEngine engine, LeaseStore store, Executor dhcpThread) {
    this.engine = engine;
    this.store = store;
    this.dhcpThread = dhcpThread;
  }

  /** Whether {@code address} lies in a subnet this relationship serves. */
  public boolean serves(int address) {
    return engine.subnetOf(address) != null;
  }

  /**
   * Moves FREE addresses to BACKUP until the secondary holds its share; stores the moves (flagged
   * unacknowledged) and returns them, to be sent as BNDUPD(BACKUP).
   */
  public List<Lease> backupMoves(Mode mode, long now) {
    int percent = mode == Mode.LOAD_BALANCE ? 50 : HOT_STANDBY_PERCENT;
    return CompletableFuture.supplyAsync(() -> select(percent, now), dhcpThread).join();
  }

  private List<Lease> select(int percent, long now) {
    List<Lease> moves = new ArrayList<>();
    for (Subnet s : engine.subnets()) {
      long free = 0;
      long backup = 0;
      List<Integer> candidates = new ArrayList<>();
      List<Lease> used = new ArrayList<>();
      for (var it = s.rangeAddresses(); it.hasNext(); ) {
        int a = it.next();
        Lease l = store.get(a);
        BindingState st = l == null ? BindingState.FREE : l.state();
        if (st == BindingState.BACKUP) {
          backup++;
        } else if (st == BindingState.FREE && s.reservationAt(a) == null) {
          free++;
          if (s.isUntouched(a)) {
            candidates.add(a);
          } else if (movable(s, l, now)) {
            used.add(l);
          }
        }
      }
      // addresses a client had go last, the longest unused first (a returning client finds its
      // own); without them the secondary's pool, once given out, would never fill again (seed
      // 34181: load balancing, every address used once, the secondary's half of the clients
      // unserved)
      used.sort(Comparator.comparingLong(Lease::end).reversed());
      List<Integer> order = new ArrayList<>(used.size() + candidates.size());
      used.forEach(l -> order.add(l.address()));
      order.addAll(candidates);
      candidates = order;
      long target = (free + backup) * percent / 100;
      if (target == 0 && free + backup > 1) {
        target = 1;
      }
      // the highest addresses go to the secondary; the primary hands out from the bottom
      for (int i = candidates.size() - 1; i >= 0 && backup < target; i--) {
        Lease l = new Lease(candidates.get(i), BindingState.BACKUP, null, null, null, now, 0, 0, 0, 0, Lease.FLAG_UNACKED);
        store.put(l);
        engine.observe(l, now);
        moves.add(l);
        backup++;
      }
    }
    return moves;
  }

  /**
   * A FREE address that had a client may go to the secondary once both servers agree it is free
   * (acknowledged, not fenced) and no offer of it is outstanding.
   */
  private static boolean movable(Subnet s, Lease l, long now) {
    return l != null
        && !l.hasFlag(Lease.FLAG_UNACKED)
        && !l.hasFlag(Lease.FLAG_FENCED)
        && !s.offeredToOther(l.address(), null, now * 1000);
  }
}
