package io.dhcpfailover.node.engine;

import java.time.Duration;

/**
 * Which offers hold their address, and for how long (RFC 2131 §4.3.1: the server "need not
 * reserve" the offered address, but should not offer it to another client meanwhile). A subnet
 * holds at most {@code maxPerSubnet} offers at once, and never more than half of its range
 * addresses, so a flood of DHCPDISCOVERs from made-up hardware addresses cannot reserve the pool;
 * beyond that an offer is still made, but its address is not held, and the client that requests it
 * gets it if it is still free. Each held offer lasts {@code hold}, then its address returns to the
 * pool ({@link DhcpEngine#sweep}).
 *
 * <p>Until configured ({@code spec.limits} does so in a node): a 30 s hold and no cap.
 */
final class OfferHolds {
  private volatile long holdMillis = 30_000;
  private volatile int maxPerSubnet = Integer.MAX_VALUE;

  void configure(Duration hold, int maxPerSubnet) {
    if (hold.isNegative() || hold.isZero() || maxPerSubnet < 0) {
      throw new IllegalArgumentException("offer hold must be positive and the cap not negative");
    }
    this.holdMillis = hold.toMillis();
    this.maxPerSubnet = maxPerSubnet;
  }

  /** The offers {@code subnet} may hold at once: the cap, and never more than half its pool. */
  int capacity(Subnet subnet) {
    return Math.min(maxPerSubnet, subnet.size() / 2);
  }

  /**
   * Holds {@code address} for {@code key} when {@code subnet} has room (a client that holds an
   * offer already keeps its place); true when held.
   */
  boolean hold(Subnet subnet, ClientKey key, int address, long nowMillis) {
    if (subnet.offer(key) == null && subnet.offerCount() >= capacity(subnet)) {
      return false;
    }
    subnet.putOffer(key, address, nowMillis + holdMillis);
    return true;
  }
}
