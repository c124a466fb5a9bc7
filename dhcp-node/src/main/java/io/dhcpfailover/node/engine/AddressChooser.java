package io.dhcpfailover.node.engine;

import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpOptionCode;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.lease.LeaseStore;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Which address a client may have: the order of RFC 2131 §4.3.1 for a DHCPDISCOVER, and whether
 * an address a client asks for is still its to take. Reads the store and the subnet's allocation
 * state and asks failover ({@link ServicePolicy}) before giving another client's old address. On
 * the engine's thread, as the engine.
 */
final class AddressChooser {
  private final LeaseStore store;
  private final Supplier<ServicePolicy> policy;

  AddressChooser(LeaseStore store, Supplier<ServicePolicy> policy) {
    this.store = store;
    this.policy = policy;
  }

  /**
   * The address for a client (RFC 2131 §4.3.1 order): its reservation, its current or previous
   * binding, the requested address if free, a never-used address, then the oldest expired one.
   * Zero when none is allowed.
   */
  int choose(DhcpMessage req, Subnet subnet, ClientKey key, long now, long nowMs) {
    Reservation r = subnet.reservationFor(key, ClientKey.hardware(req));
    if (r != null) {
      return r.address();
    }
    Set<String> classes = ClientClasses.names(subnet.classes().of(req));
    Subnet.Offer offer = subnet.offer(key);
    if (offer != null && offer.expiresAt() > nowMs && usableFor(subnet, offer.address(), key, classes, now, nowMs)) {
      return offer.address();
    }
    Integer previous = subnet.addressOf(key);
    if (previous != null && usableFor(subnet, previous, key, classes, now, nowMs)) {
      return previous;
    }
    int requested = req.options().getIpv4(DhcpOptionCode.REQUESTED_ADDRESS.code(), 0);
    if (requested != 0
        && subnet.inRange(requested)
        && subnet.reservationAt(requested) == null
        && usableFor(subnet, requested, key, classes, now, nowMs)) {
      return requested;
    }
    if (policy.get().allocatesFrom(BindingState.FREE)) {
      for (int tries = 0; tries < 64; tries++) {
        int candidate = subnet.nextUntouched(classes);
        if (candidate == -1) {
          break;
        }
        if (usableFor(subnet, candidate, key, classes, now, nowMs)) {
          return candidate;
        }
      }
    }
    if (policy.get().allocatesFrom(BindingState.BACKUP)) {
      Iterator<Integer> backup = subnet.backupAddresses();
      for (int tries = 0; tries < 64 && backup.hasNext(); tries++) {
        int candidate = backup.next();
        if (usableFor(subnet, candidate, key, classes, now, nowMs)) {
          return candidate;
        }
      }
    }
    Iterator<Integer> old = subnet.rememberedAddresses();
    for (int tries = 0; tries < 64 && old.hasNext(); tries++) {
      int candidate = old.next();
      if (usableFor(subnet, candidate, key, classes, now, nowMs)) {
        return candidate;
      }
    }
    return 0;
  }

  /**
   * Whether {@code address} may be given to {@code key}, a member of {@code classes}, now: a pool
   * kept for other classes is not its to have, not even to renew in (ISC's pool permissions).
   */
  boolean usableFor(
      Subnet subnet, int address, ClientKey key, Set<String> classes, long now, long nowMs) {
    if (!subnet.contains(address) || address == subnet.network() || address == (subnet.network() | ~subnet.mask())) {
      return false;
    }
    Reservation r = subnet.reservationAt(address);
    if (r != null) {
      return false;
    }
    if (!subnet.inRange(address)) {
      // outside every range (e.g. a range removed by a new configuration): only the client whose
      // lease is still running keeps it, until it ends
      Lease held = store.get(address);
      return held != null && belongs(held, key) && held.state() == BindingState.ACTIVE && held.end() > now;
    }
    if (subnet.offeredToOther(address, key, nowMs) || !subnet.admits(address, classes)) {
      return false;
    }
    Lease current = store.get(address);
    if (current != null && belongs(current, key)
        && current.state() == BindingState.ACTIVE && current.end() > now) {
      return true; // its own running lease
    }
    if (current != null && current.state() == BindingState.ABANDONED) {
      return false;
    }
    if (current == null && !subnet.inRange(address)) {
      return false;
    }
    return policy.get().mayReallocate(address, current, now);
  }

  /** Whether {@code key} may take {@code address} it asked for: its reservation, else {@link #usableFor}. */
  boolean allowedFor(
      Subnet subnet, int address, ClientKey key, DhcpMessage req, long now, long nowMs) {
    Reservation mine = subnet.reservationFor(key, ClientKey.hardware(req));
    if (mine != null) {
      return mine.address() == address;
    }
    return usableFor(
        subnet, address, key, ClientClasses.names(subnet.classes().of(req)), now, nowMs);
  }

  /** Whether {@code address} is, or was last, {@code key}'s: no ping finds a stranger there. */
  boolean heldBy(Subnet subnet, int address, ClientKey key) {
    Lease current = store.get(address);
    Integer previous = subnet.addressOf(key);
    return (current != null && belongs(current, key)) || (previous != null && previous == address);
  }

  /** Whether {@code lease} is {@code key}'s binding (not a free or abandoned address). */
  static boolean belongs(Lease lease, ClientKey key) {
    if (lease.state().isAvailable() || lease.state() == BindingState.ABANDONED) {
      return false;
    }
    byte[] id = lease.clientId();
    if (id != null) {
      return key.isClientId() && Arrays.equals(id, key.bytes());
    }
    byte[] hw = lease.hardware();
    return !key.isClientId() && hw != null && Arrays.equals(hw, key.bytes());
  }
}
