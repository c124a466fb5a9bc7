package io.dhcpfailover.node.engine;

import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.util.ShedLog;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last addresses of a subnet kept for clients that behave like real ones ({@code
 * spec.limits.newClientReservePercent}). While the addresses this node may give a new client are
 * above the reserve, nothing changes. At or below it, a new client (no binding or former binding
 * here, no reservation, no offer) gets an offer only when it retransmits its DHCPDISCOVER from the
 * same client key {@link #MIN_PATIENCE_MS} to {@link #MAX_PATIENCE_MS} after the first one seen: a
 * real client retransmits after 3 s and more (RFC 2131 §4.1: 4 s ± 1 s), while starvation tools
 * take a new hardware address for every exchange (dhcpstarv retransmits once after its 2 s
 * timeout, too early, and gives a hardware address up after three DHCPDISCOVERs). The client so admitted gets a lease of at most {@link
 * #PROBATION_LEASE_SECONDS}; its first renewal gives the full lease time. A tool that retransmits
 * and never renews holds its addresses for that long only.
 *
 * <p>First DHCPDISCOVERs are remembered in a {@link FirstSeenTable} of fixed size, which a flood
 * of made-up hardware addresses can neither grow nor flush in the seconds a real client takes to
 * retransmit. Known
 * clients are never affected: their renewals, rebinding and INIT-REBOOT do not pass here, and
 * their DHCPDISCOVERs are answered as before. Which addresses count as the node's follows the
 * failover policy: FREE ones when it allocates from FREE (standalone, primary), BACKUP ones when it
 * allocates from BACKUP (secondary). Pure but for the log: time comes in as epoch milliseconds.
 * Confined to the engine's thread.
 */
public final class NewClientReserve {
  private static final Logger LOG = LoggerFactory.getLogger(NewClientReserve.class);

  /** The drop reason ({@code dhcp_drops_total{reason="new_client_reserve"}}). */
  public static final String REASON = "new_client_reserve";

  /** A retransmission earlier than this after the first DISCOVER proves nothing. */
  static final long MIN_PATIENCE_MS = 2_500;

  /** A DISCOVER later than this after the first one starts the wait afresh. */
  static final long MAX_PATIENCE_MS = 120_000;

  /** How long an admitted client may go on (its offer, its REQUEST) without waiting again. */
  static final long ADMITTED_MS = 60_000;

  /** The longest lease a client admitted below the reserve gets before its first renewal. */
  static final long PROBATION_LEASE_SECONDS = 30;

  /** The default share of a subnet's range addresses kept, in percent. */
  public static final int DEFAULT_PERCENT = 25;

  private final Supplier<ServicePolicy> policy;
  private final ShedLog shedLog = new ShedLog(10_000_000_000L, (m, a) -> LOG.warn(m, a));
  private final FirstSeenTable seen;
  private volatile int percent;

  /** @param nowMs the time now (epoch ms): the first-seen table's clock starts a day before */
  NewClientReserve(Supplier<ServicePolicy> policy, long nowMs) {
    this.policy = policy;
    this.seen = new FirstSeenTable(nowMs - 86_400_000L);
  }

  /** The share of each subnet's range addresses kept, 0 (off, until set) to 90 percent. Any thread. */
  public void setPercent(int percent) {
    if (percent < 0 || percent > 90) {
      throw new IllegalArgumentException("newClientReservePercent must be 0 to 90, was " + percent);
    }
    this.percent = percent;
  }

  public int percent() {
    return percent;
  }

  /**
   * Addresses of {@code subnet} kept for patient clients: the configured share, rounded down, of the
   * range addresses in the pools this node allocates from once the pair has balanced them (all of
   * them standalone; in a hot-standby pair 90 % for the primary, 10 % for the secondary).
   */
  long reserve(Subnet subnet) {
    ServicePolicy p = policy.get();
    int share = 0;
    for (BindingState pool : new BindingState[] {BindingState.FREE, BindingState.BACKUP}) {
      if (p.allocatesFrom(pool)) {
        share += p.poolSharePercent(pool);
      }
    }
    return (long) subnet.size() * Math.min(100, share) * percent / 10000;
  }

  /**
   * Addresses this node may give a new client in {@code subnet} now, as its failover policy allows:
   * never-used and former clients' addresses if it allocates from FREE, its BACKUP pool if it
   * allocates from BACKUP. Offered addresses do not count.
   */
  long available(Subnet subnet) {
    ServicePolicy p = policy.get();
    long n = 0;
    if (p.allocatesFrom(BindingState.FREE)) {
      n += subnet.untouchedCount() + subnet.rememberedCount();
    }
    if (p.allocatesFrom(BindingState.BACKUP)) {
      n += subnet.backupCount();
    }
    return n;
  }

  /** Whether the subnet is down to its reserve: new clients must prove patience. */
  boolean depleted(Subnet subnet) {
    return percent > 0 && available(subnet) <= reserve(subnet);
  }

  /**
   * The reserve of {@code subnet} as {@code /status} shows it: its size in addresses, what this
   * node may still give a new client, and whether new clients must resend to be answered.
   */
  public record State(long addresses, long available, boolean depleted) {}

  public State state(Subnet subnet) {
    long r = reserve(subnet);
    long a = available(subnet);
    return new State(r, a, percent > 0 && a <= r);
  }

  /** Whether {@code key} is known in {@code subnet}: a binding (or a former one), a reservation or an offer. */
  static boolean known(Subnet subnet, ClientKey key, DhcpMessage req, long nowMs) {
    if (subnet.addressOf(key) != null || subnet.reservationFor(key, ClientKey.hardware(req)) != null) {
      return true;
    }
    Subnet.Offer offer = subnet.offer(key);
    return offer != null && offer.expiresAt() > nowMs;
  }

  /**
   * Whether to leave this DHCPDISCOVER unanswered: the subnet is at its reserve and the client is
   * new and has not waited for a retransmission yet. Counts nothing; logs (rate-limited) when it
   * sheds.
   */
  boolean shedsDiscover(DhcpMessage req, Subnet subnet, ClientKey key, long nowMs) {
    if (!depleted(subnet) || known(subnet, key, req, nowMs)) {
      return false;
    }
    return shed(!patient(key, nowMs), subnet, key, nowMs);
  }

  /**
   * Whether to leave a DHCPREQUEST in SELECTING state unanswered: the subnet is at its reserve and
   * a new client asks for an address it was not offered (an offer made without a hold, before the
   * subnet came down to its reserve, or none at all), without having been admitted.
   */
  boolean shedsSelecting(DhcpMessage req, Subnet subnet, ClientKey key, int address, long nowMs) {
    if (!depleted(subnet) || subnet.addressOf(key) != null
        || subnet.reservationFor(key, ClientKey.hardware(req)) != null) {
      return false;
    }
    Subnet.Offer offer = subnet.offer(key);
    if (offer != null && offer.address() == address && offer.expiresAt() > nowMs) {
      return false;
    }
    return shed(!admitted(key, nowMs), subnet, key, nowMs);
  }

  /**
   * The lease time for {@code key}'s new binding: {@code desired}, or at most {@link
   * #PROBATION_LEASE_SECONDS} when it was admitted below the reserve and holds no lease yet.
   */
  long leaseTime(ClientKey key, boolean ownsLease, long desired, long nowMs) {
    if (ownsLease) {
      return desired;
    }
    return admitted(key, nowMs) ? Math.min(desired, PROBATION_LEASE_SECONDS) : desired;
  }

  /** Clients remembered now (a scan of the fixed-size table). */
  int tracked() {
    return seen.size();
  }

  private boolean admitted(ClientKey key, long nowMs) {
    FirstSeenTable.Entry e = seen.get(key);
    return e != null && e.admitted() && nowMs - e.atMs() < ADMITTED_MS;
  }

  /** Notes a DISCOVER of {@code key}; true when it comes within the window after its first one. */
  private boolean patient(ClientKey key, long nowMs) {
    FirstSeenTable.Entry e = seen.get(key);
    if (e != null && e.admitted() && nowMs - e.atMs() < ADMITTED_MS) {
      return true;
    }
    long waited = e == null || e.admitted() ? -1 : nowMs - e.atMs();
    if (waited < 0 || waited > MAX_PATIENCE_MS) {
      seen.put(key, nowMs, false); // first seen (again: too late, or the clock went back)
      return false;
    }
    if (waited < MIN_PATIENCE_MS) {
      return false;
    }
    seen.put(key, nowMs, true);
    return true;
  }

  private boolean shed(boolean shed, Subnet subnet, ClientKey key, long nowMs) {
    if (shed) {
      shedLog.shed(REASON, () -> key + " subnet=" + subnet + " (at its reserve of " + reserve(subnet)
          + " addresses; a new client is answered when it retransmits)", nowMs * 1_000_000L);
    }
    return shed;
  }
}
