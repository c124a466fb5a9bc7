package io.dhcpfailover.node.engine;

import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.lease.LeaseStore;
import java.util.Iterator;
import java.util.List;

/** Counting a subnet's range addresses by the state of their bindings, for /status and metrics. */
final class PoolCounts {
  private PoolCounts() {}

  /**
   * Counts of {@code subnet}'s range addresses (reads the store: callable from any thread).
   *
   * @param initial the state of an address the store has never seen
   * @param now seconds since the epoch: a running lease past its end counts as expired
   */
  static DhcpEngine.Counts of(Subnet subnet, LeaseStore store, BindingState initial, long now) {
    long active = 0, backup = 0, expired = 0, abandoned = 0, free = 0;
    for (Iterator<Integer> it = subnet.rangeAddresses(); it.hasNext(); ) {
      Lease l = store.get(it.next());
      BindingState st = l == null ? initial : l.state();
      if (st == BindingState.ACTIVE && l.end() <= now) {
        st = BindingState.EXPIRED;
      }
      switch (st) {
        case ACTIVE -> active++;
        case BACKUP -> backup++;
        case ABANDONED -> abandoned++;
        case EXPIRED, RELEASED, RESET -> expired++;
        case FREE -> free++;
      }
    }
    return new DhcpEngine.Counts(active, free + expired, backup, expired, abandoned);
  }

  /** {@code counts} added up. */
  static DhcpEngine.Counts sum(List<DhcpEngine.Counts> counts) {
    long a = 0, f = 0, b = 0, e = 0, ab = 0;
    for (DhcpEngine.Counts c : counts) {
      a += c.active();
      f += c.free();
      b += c.backup();
      e += c.expired();
      ab += c.abandoned();
    }
    return new DhcpEngine.Counts(a, f, b, e, ab);
  }
}
