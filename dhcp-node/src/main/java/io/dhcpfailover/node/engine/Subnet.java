package io.dhcpfailover.node.engine;

import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import io.dhcpfailover.node.util.Ipv4;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One served subnet and its allocation state: which range addresses are taken, which ones hold a
 * former client's binding (so that client gets its address back, RFC 2131 §4.3.1), and the client
 * index. Confined to the DHCP thread: not thread-safe.
 */
public final class Subnet {
  private final int network;
  private final int prefixLength;
  private final int mask;
  private final RangeTable ranges;
  /** The pool of each range, by range index: null for a plain range. */
  private final Pool[] pools;
  private final boolean restricted;
  private final Parameters global;
  private final ClientClasses classes;
  private final RenewalTimes renewal;
  /** The subnet's own options and network-boot settings. */
  private final Parameters own;
  private final Reservations reservations;

  /** Range offsets that must not be handed to a new client without a look at their binding. */
  private final BitSet taken;
  /** Range offsets of expired or released bindings, oldest first: reused when nothing is fresh. */
  private final LinkedHashSet<Integer> remembered = new LinkedHashSet<>();
  /** The address each client holds or last held in this subnet. */
  private final Map<ClientKey, Integer> clientAddress = new HashMap<>();
  /** The reverse: which client an address belongs to (or last belonged to). */
  private final Map<Integer, ClientKey> addressClient = new HashMap<>();
  /** Range offsets stored as BACKUP: the secondary's pool (failover draft §5.4, pool balancing). */
  private final LinkedHashSet<Integer> backup = new LinkedHashSet<>();
  /** Outstanding offers: address reserved for a client until the deadline. */
  private final Offers offers = new Offers();

  private int cursor;
  /** How long to wait for an echo reply before offering a new client an address; 0: no check. */
  private int pingTimeoutMillis;

  /** An address offered to a client and held for it until {@code expiresAt} (epoch ms). */
  public record Offer(int address, long expiresAt) {}

  /** A subnet with default T1/T2 and no network-boot settings. */
  public Subnet(
      int network,
      int prefixLength,
      List<int[]> ranges,
      long leaseTimeSeconds,
      DhcpOptions options,
      List<Reservation> reservations) {
    this(network, prefixLength, ranges, RenewalTimes.defaults(leaseTimeSeconds), options,
        BootParameters.NONE, reservations);
  }

  /**
   * @param ranges inclusive {first, last} pairs inside the subnet
   * @param renewal the lease time with its T1 and T2
   * @param boot the subnet's network-boot settings, which its reservations may override
   */
  public Subnet(
      int network,
      int prefixLength,
      List<int[]> ranges,
      RenewalTimes renewal,
      DhcpOptions options,
      BootParameters boot,
      List<Reservation> reservations) {
    this(network, prefixLength, ranges, List.of(), renewal, new Parameters(options, boot),
        Parameters.NONE, ClientClasses.NONE, reservations);
  }

  /**
   * @param ranges inclusive {first, last} pairs inside the subnet, open to any client
   * @param pools the ranges with settings of their own, after {@code ranges}
   * @param renewal the lease time with its T1 and T2
   * @param own the subnet's options and network-boot settings
   * @param global the pair's options and network-boot settings, below the subnet's
   * @param classes the pair's client classes
   */
  public Subnet(
      int network,
      int prefixLength,
      List<int[]> ranges,
      List<Pool> pools,
      RenewalTimes renewal,
      Parameters own,
      Parameters global,
      ClientClasses classes,
      List<Reservation> reservations) {
    this.renewal = renewal;
    this.own = own;
    this.network = network;
    this.prefixLength = prefixLength;
    this.mask = Ipv4.mask(prefixLength);
    List<int[]> all = new ArrayList<>(ranges);
    pools.forEach(p -> all.add(new int[] {p.first(), p.last()}));
    this.ranges = new RangeTable(all);
    this.pools = new Pool[all.size()];
    System.arraycopy(pools.toArray(new Pool[0]), 0, this.pools, ranges.size(), pools.size());
    this.restricted =
        pools.stream().anyMatch(p -> p.classes() != null || p.notClasses() != null);
    this.global = global;
    this.classes = classes;
    this.taken = new BitSet(this.ranges.size());
    this.reservations = new Reservations(reservations);
    for (Reservation r : this.reservations.all()) {
      int off = offset(r.address());
      if (off >= 0) {
        taken.set(off);
      }
    }
  }

  public int network() {
    return network;
  }

  public int prefixLength() {
    return prefixLength;
  }

  public int mask() {
    return mask;
  }

  public boolean contains(int address) {
    return (address & mask) == network;
  }

  public long leaseTimeSeconds() {
    return renewal.leaseSeconds();
  }

  public DhcpOptions options() {
    return own.options();
  }

  public int pingTimeoutMillis() {
    return pingTimeoutMillis;
  }

  public void setPingTimeoutMillis(int millis) {
    this.pingTimeoutMillis = millis;
  }

  /** The lease time with its T1 and T2. */
  public RenewalTimes renewalTimes() {
    return renewal;
  }

  /** The pair's client classes. */
  public ClientClasses classes() {
    return classes;
  }

  /**
   * The options and network-boot settings for a client of {@code classes} at {@code address}
   * (0: none yet), by the precedence of {@link ParameterLayers}.
   */
  public Parameters parametersFor(int address, List<ClientClass> classes) {
    Reservation r = address == 0 ? null : reservationAt(address);
    Pool pool = address == 0 ? null : poolAt(address);
    return ParameterLayers.resolve(
        r == null ? null : r.parameters(),
        classes,
        pool == null ? null : pool.parameters(),
        own,
        global);
  }

  /** The pool holding {@code address}, or null (a plain range, or no range). */
  public Pool poolAt(int address) {
    int i = ranges.indexOf(address);
    return i < 0 ? null : pools[i];
  }

  /** Whether a client of the classes {@code memberOf} may get {@code address} (its pool's say). */
  public boolean admits(int address, Set<String> memberOf) {
    Pool p = restricted ? poolAt(address) : null;
    return p == null || p.admits(memberOf);
  }

  public List<Reservation> reservations() {
    return reservations.all();
  }

  /** Number of addresses in the dynamic ranges. */
  public int size() {
    return ranges.size();
  }

  /** Offset of {@code address} within the ranges, or -1 when it is in no range. */
  public int offset(int address) {
    return ranges.offset(address);
  }

  /** The address at range offset {@code off}. */
  public int addressAt(int off) {
    return ranges.addressAt(off);
  }

  public boolean inRange(int address) {
    return offset(address) >= 0;
  }

  /** Every address in the ranges, for statistics. */
  public Iterator<Integer> rangeAddresses() {
    return new Iterator<>() {
      int off;

      @Override
      public boolean hasNext() {
        return off < ranges.size();
      }

      @Override
      public Integer next() {
        return addressAt(off++);
      }
    };
  }

  public Reservation reservationFor(ClientKey key, byte[] hardware) {
    return reservations.of(key, hardware);
  }

  public Reservation reservationAt(int address) {
    return reservations.at(address);
  }

  // ---- allocation state ----

  public Integer addressOf(ClientKey key) {
    return clientAddress.get(key);
  }

  /** Records that {@code key} holds (or last held) {@code address}. */
  public void bind(ClientKey key, int address) {
    Integer old = clientAddress.put(key, address);
    if (old != null && old != address) {
      addressClient.remove(old, key);
      release(old);
    }
    ClientKey previousHolder = addressClient.put(address, key);
    if (previousHolder != null && !previousHolder.equals(key)) {
      clientAddress.remove(previousHolder, address);
    }
    int off = offset(address);
    if (off >= 0) {
      taken.set(off);
      remembered.remove(off);
      backup.remove(off);
    }
  }

  /** Marks {@code address} unusable for new clients (ACTIVE for someone, or ABANDONED). */
  public void markTaken(int address) {
    int off = offset(address);
    if (off >= 0) {
      taken.set(off);
      remembered.remove(off);
      backup.remove(off);
    }
  }

  /** {@code address} is in the BACKUP pool: not untouched, allocatable from the backup set. */
  public void markBackup(int address) {
    int off = offset(address);
    if (off >= 0 && reservations.at(address) == null) {
      taken.set(off);
      remembered.remove(off);
      backup.add(off);
    }
  }

  /** BACKUP-pool addresses, in the order they arrived. */
  public Iterator<Integer> backupAddresses() {
    return addresses(backup.iterator());
  }

  /** Whether {@code address} is in a range and neither bound, offered, remembered nor BACKUP. */
  public boolean isUntouched(int address) {
    int off = offset(address);
    return off >= 0 && !taken.get(off);
  }

  /** Range addresses never taken: neither bound, offered, remembered, BACKUP nor reserved. */
  public int untouchedCount() {
    return ranges.size() - taken.cardinality();
  }

  /** Range addresses of expired or released bindings, kept for their former clients. */
  public int rememberedCount() {
    return remembered.size();
  }

  /** Number of addresses in the BACKUP set. */
  public int backupCount() {
    return backup.size();
  }

  /** The binding ran out or was released: keep it for its client, reuse it when needed. */
  public void remember(int address) {
    int off = offset(address);
    if (off >= 0) {
      taken.set(off);
      remembered.add(off);
    }
  }

  /** Forgets whatever held {@code address}: back to the untouched pool. */
  public void release(int address) {
    int off = offset(address);
    if (off >= 0 && reservations.at(address) == null) {
      taken.clear(off);
      remembered.remove(off);
      backup.remove(off);
    }
  }

  /** Drops the client memory of {@code key} (its address was given to someone else). */
  public void forgetClient(ClientKey key) {
    Integer address = clientAddress.remove(key);
    if (address != null) {
      addressClient.remove(address, key);
    }
  }

  /** Forgets the client that held {@code address}, unless it is {@code except}. */
  public void forgetClientOf(int address, ClientKey except) {
    ClientKey holder = addressClient.get(address);
    if (holder != null && !holder.equals(except)) {
      addressClient.remove(address);
      clientAddress.remove(holder, address);
    }
  }

  public Offer offer(ClientKey key) {
    return offers.get(key);
  }

  public void putOffer(ClientKey key, int address, long expiresAt) {
    offers.put(key, address, expiresAt);
    int off = offset(address);
    if (off >= 0) {
      taken.set(off);
    }
  }

  /** Offers outstanding (an expired one counts until the next sweep drops it). */
  public int offerCount() {
    return offers.size();
  }

  public void removeOffer(ClientKey key) {
    offers.remove(key);
  }

  /** Whether another client has an unexpired offer of {@code address}. */
  public boolean offeredToOther(int address, ClientKey key, long nowMillis) {
    return offers.offeredToOther(address, key, nowMillis);
  }

  /** Drops offers past their deadline; their addresses go back to the pool unless bound. */
  public List<Integer> expireOffers(long nowMillis) {
    return offers.expire(nowMillis);
  }

  /**
   * The next never-taken address after the cursor in a range that admits a client of the classes
   * {@code memberOf} (null: any range), or -1; wraps around once.
   */
  public int nextUntouched(Set<String> memberOf) {
    int off =
        ranges.nextClear(
            taken, cursor, i -> memberOf == null || pools[i] == null || pools[i].admits(memberOf));
    if (off < 0) {
      return -1;
    }
    cursor = off + 1 >= ranges.size() ? 0 : off + 1;
    return addressAt(off);
  }

  /** Remembered (expired/released) addresses, oldest first. */
  public Iterator<Integer> rememberedAddresses() {
    return addresses(remembered.iterator());
  }

  private Iterator<Integer> addresses(Iterator<Integer> offsets) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return offsets.hasNext();
      }

      @Override
      public Integer next() {
        return addressAt(offsets.next());
      }
    };
  }

  @Override
  public String toString() {
    return Ipv4.format(network) + "/" + prefixLength;
  }
}
