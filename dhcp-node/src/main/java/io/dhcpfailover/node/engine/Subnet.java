package io.dhcpfailover.node.engine;

import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import io.dhcpfailover.node.util.Ipv4;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * One served subnet and its allocation state: which range addresses are taken, which ones hold a
 * former client's binding (so that client gets its address back, RFC 2131 §4.3.1), and the client
 * index. Confined to the DHCP thread: not thread-safe.
 */
public final class Subnet {
  private final int network;
  private final int prefixLength;
  private final int mask;
  private final int[] rangeFirst;
  private final int[] rangeLast;
  private final int[] rangeBase;
  private final int size;
  private final long leaseTimeSeconds;
  private final DhcpOptions options;
  private final RenewalTimes renewal;
  private final BootParameters boot;
  private final List<Reservation> reservations;
  private final Map<ClientKey, Reservation> reservationByClient = new HashMap<>();
  private final Map<Integer, Reservation> reservationByAddress = new HashMap<>();

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
  private final Map<ClientKey, Offer> offers = new HashMap<>();
  /** The reverse: which client an address is offered to. */
  private final Map<Integer, ClientKey> offeredTo = new HashMap<>();

  private int cursor;

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
    long leaseTimeSeconds = renewal.leaseSeconds();
    this.renewal = renewal;
    this.boot = boot;
    this.network = network;
    this.prefixLength = prefixLength;
    this.mask = Ipv4.mask(prefixLength);
    this.rangeFirst = new int[ranges.size()];
    this.rangeLast = new int[ranges.size()];
    this.rangeBase = new int[ranges.size()];
    int total = 0;
    for (int i = 0; i < ranges.size(); i++) {
      rangeFirst[i] = ranges.get(i)[0];
      rangeLast[i] = ranges.get(i)[1];
      rangeBase[i] = total;
      total += (int) (Integer.toUnsignedLong(rangeLast[i]) - Integer.toUnsignedLong(rangeFirst[i]) + 1);
    }
    this.size = total;
    this.taken = new BitSet(total);
    this.leaseTimeSeconds = leaseTimeSeconds;
    this.options = options;
    this.reservations = List.copyOf(reservations);
    for (Reservation r : reservations) {
      if (r.clientId() != null) {
        reservationByClient.put(ClientKey.ofClientId(r.clientId()), r);
      }
      if (r.hardware() != null) {
        reservationByClient.put(ClientKey.ofHardware(r.hardware()), r);
      }
      reservationByAddress.put(r.address(), r);
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
    return leaseTimeSeconds;
  }

  public DhcpOptions options() {
    return options;
  }

  /** The lease time with its T1 and T2. */
  public RenewalTimes renewalTimes() {
    return renewal;
  }

  /**
   * The network-boot settings for {@code address}: its reservation's where it sets them, else the
   * subnet's.
   */
  public BootParameters bootFor(int address) {
    Reservation r = reservationAt(address);
    return r == null ? boot : r.boot().over(boot);
  }

  public List<Reservation> reservations() {
    return reservations;
  }

  /** Number of addresses in the dynamic ranges. */
  public int size() {
    return size;
  }

  /** Offset of {@code address} within the ranges, or -1 when it is in no range. */
  public int offset(int address) {
    for (int i = 0; i < rangeFirst.length; i++) {
      if (Integer.compareUnsigned(address, rangeFirst[i]) >= 0
          && Integer.compareUnsigned(address, rangeLast[i]) <= 0) {
        return rangeBase[i] + (address - rangeFirst[i]);
      }
    }
    return -1;
  }

  /** The address at range offset {@code off}. */
  public int addressAt(int off) {
    int i = Arrays.binarySearch(rangeBase, off);
    if (i < 0) {
      i = -i - 2;
    }
    return rangeFirst[i] + (off - rangeBase[i]);
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
        return off < size;
      }

      @Override
      public Integer next() {
        return addressAt(off++);
      }
    };
  }

  public Reservation reservationFor(ClientKey key, byte[] hardware) {
    Reservation r = key == null ? null : reservationByClient.get(key);
    if (r == null && hardware != null) {
      r = reservationByClient.get(ClientKey.ofHardware(hardware));
    }
    return r;
  }

  public Reservation reservationAt(int address) {
    return reservationByAddress.get(address);
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
    if (off >= 0 && !reservationByAddress.containsKey(address)) {
      taken.set(off);
      remembered.remove(off);
      backup.add(off);
    }
  }

  /** BACKUP-pool addresses, in the order they arrived. */
  public Iterator<Integer> backupAddresses() {
    Iterator<Integer> offs = backup.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return offs.hasNext();
      }

      @Override
      public Integer next() {
        return addressAt(offs.next());
      }
    };
  }

  /** Whether {@code address} is in a range and neither bound, offered, remembered nor BACKUP. */
  public boolean isUntouched(int address) {
    int off = offset(address);
    return off >= 0 && !taken.get(off);
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
    if (off >= 0 && !reservationByAddress.containsKey(address)) {
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
    Offer old = offers.put(key, new Offer(address, expiresAt));
    if (old != null && old.address() != address) {
      offeredTo.remove(old.address(), key);
    }
    offeredTo.put(address, key);
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
    Offer old = offers.remove(key);
    if (old != null) {
      offeredTo.remove(old.address(), key);
    }
  }

  /** Whether another client has an unexpired offer of {@code address}. */
  public boolean offeredToOther(int address, ClientKey key, long nowMillis) {
    ClientKey holder = offeredTo.get(address);
    if (holder == null || holder.equals(key)) {
      return false;
    }
    Offer o = offers.get(holder);
    return o != null && o.address() == address && o.expiresAt() > nowMillis;
  }

  /** Drops offers past their deadline; their addresses go back to the pool unless bound. */
  public List<Integer> expireOffers(long nowMillis) {
    List<Integer> freed = new ArrayList<>();
    Iterator<Map.Entry<ClientKey, Offer>> it = offers.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<ClientKey, Offer> e = it.next();
      if (e.getValue().expiresAt() <= nowMillis) {
        it.remove();
        offeredTo.remove(e.getValue().address(), e.getKey());
        freed.add(e.getValue().address());
      }
    }
    return freed;
  }

  /** The next never-taken range address after the cursor, or -1 (and wraps around once). */
  public int nextUntouched() {
    if (size == 0) {
      return -1;
    }
    int off = taken.nextClearBit(cursor);
    if (off >= size) {
      off = taken.nextClearBit(0);
      if (off >= size) {
        return -1;
      }
    }
    cursor = off + 1 >= size ? 0 : off + 1;
    return addressAt(off);
  }

  /** Remembered (expired/released) addresses, oldest first. */
  public Iterator<Integer> rememberedAddresses() {
    Iterator<Integer> offs = remembered.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return offs.hasNext();
      }

      @Override
      public Integer next() {
        return addressAt(offs.next());
      }
    };
  }

  @Override
  public String toString() {
    return Ipv4.format(network) + "/" + prefixLength;
  }
}
