package io.dhcpfailover.node.engine;

import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.lease.LeaseStore;
import io.dhcpfailover.node.util.Ipv4;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The changes a binding makes by itself, when its time comes: an ACTIVE lease that ran out is
 * stored EXPIRED, and a declined address that has been ABANDONED for the decline probation period
 * is stored RESET (the failover binding status for an address freed by an administrator). Either
 * is a state change like any other: written to the store as not yet acknowledged and handed to
 * {@link ServicePolicy#bindingCommitted}, so that in a failover pair it goes to the partner in a
 * BNDUPD and the address becomes FREE only once the partner has acknowledged it (until then
 * {@link ServicePolicy#mayReallocate} refuses it; without failover it is reusable at once).
 *
 * <p>Confined to the engine's thread.
 */
final class LeaseTimers {
  private static final Logger LEASES = LoggerFactory.getLogger("io.dhcpfailover.node.leases");

  /** As Kea's decline-probation-period: a day. */
  static final Duration DEFAULT_DECLINE_PROBATION = Duration.ofHours(24);

  private final LeaseStore store;
  private final PriorityQueue<long[]> due = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
  private long declineProbation = DEFAULT_DECLINE_PROBATION.toSeconds();

  LeaseTimers(LeaseStore store) {
    this.store = store;
  }

  void setDeclineProbation(Duration probation) {
    if (probation.isNegative() || probation.isZero()) {
      throw new IllegalArgumentException("declineProbation must be longer than 0s, was " + probation);
    }
    declineProbation = probation.toSeconds();
  }

  void clear() {
    due.clear();
  }

  /** Looks at {@code lease} again at the time its state ends by itself, if it has one. */
  void watch(Lease lease) {
    if (lease.state() == BindingState.ACTIVE) {
      // also when it ended already (a restart, a late update): the sweep stores it EXPIRED and
      // tells the partner, which is what frees it
      at(lease.end(), lease.address());
    } else if (lease.state() == BindingState.ABANDONED) {
      at(probationEnd(lease), lease.address());
    }
  }

  /**
   * The end of the probation, but never before the end of a lease the ABANDONED binding displaced
   * (a stale DECLINE can displace a lease given since: seed 152972; see ReceivedBindings).
   */
  private long probationEnd(Lease abandoned) {
    long end = abandoned.start() > Long.MAX_VALUE - declineProbation ? Long.MAX_VALUE : abandoned.start() + declineProbation;
    return Math.max(end, abandoned.end());
  }

  private void at(long time, int address) {
    due.add(new long[] {time, Integer.toUnsignedLong(address)});
  }

  /**
   * Stores the changes whose time has come by {@code now}: EXPIRED for a lease that ran out, RESET
   * for an address whose decline probation is over. A binding that changed meanwhile (the
   * partner's update, a renewal) is left as it is.
   */
  void sweep(long now, ServicePolicy policy, DhcpEngine.EngineMetrics metrics, IntFunction<Subnet> subnetOf) {
    while (!due.isEmpty() && due.peek()[0] <= now) {
      int address = (int) due.poll()[1];
      Lease l = store.get(address);
      Lease next;
      if (l != null && l.state() == BindingState.ACTIVE && l.end() <= now) {
        next = l.withState(BindingState.EXPIRED, now).withFlags(l.flags() | Lease.FLAG_UNACKED);
      } else if (l != null && l.state() == BindingState.ABANDONED && probationEnd(l) <= now) {
        next = new Lease(address, BindingState.RESET, null, null, null, now, 0, l.cltt(), l.tstp(), l.tsfp(),
            (l.flags() & ~Lease.FLAG_PARTNER) | Lease.FLAG_UNACKED);
      } else {
        continue;
      }
      CompletableFuture<Void> written = store.replace(l, next);
      if (written == null) {
        continue; // changed meanwhile (the partner's update): that version stands
      }
      written.thenRun(() -> policy.bindingCommitted(next));
      Subnet s = subnetOf.apply(address);
      if (next.state() == BindingState.EXPIRED) {
        LEASES.info("LEASE_EXPIRED ip={} client={}", Ipv4.format(address), ClientKey.of(l));
        if (s != null) {
          s.remember(address);
        }
      } else {
        LEASES.info("DECLINE_PROBATION_ENDED ip={}: back to the pool once the partner agrees", Ipv4.format(address));
        metrics.probationEnded(next);
        if (s != null) {
          s.release(address);
        }
      }
    }
  }
}
