package io.dhcpfailover.node.engine;

import io.dhcpfailover.node.engine.DhcpEngine.Counts;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.lease.LeaseStore;
import java.util.Iterator;
import java.util.List;

/** Counts a subnet's range addresses by binding state, for /status and metrics. */
final class AddressCounts {
  private AddressCounts() {}

  /**
   * The counts of {@code subnet}'s range addresses: an address the store does not know is in
   * {@code initial}; an ACTIVE lease past its end counts as expired, and expired ones as free too.
   */
  static Counts of(Subnet subnet, LeaseStore store, BindingState initial, long now) {
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
    return new Counts(active, free + expired, backup, expired, abandoned);
  }

  /** The counts added up. */
  static Counts sum(List<Counts> all) {
    long a = 0, f = 0, b = 0, e = 0, ab = 0;
    for (Counts c : all) {
      a += c.active();
      f += c.free();
      b += c.backup();
      e += c.expired();
      ab += c.abandoned();
    }
    return new Counts(a, f, b, e, ab);
  }
}
