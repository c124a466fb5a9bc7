package io.dhcpfailover.node.engine;

import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;

/**
 * The one question the DHCP path asks of failover: may I answer this client, with which address,
 * and for how long? Without failover every answer is yes ({@link #STANDALONE}).
 */
public interface ServicePolicy {

  /** Whether this node answers {@code request} at all (failover state, hot standby, hash bucket). */
  boolean mayAnswer(DhcpMessage request);

  /**
   * Whether no request of this type is answered now, whoever sends it (the hot-standby secondary
   * in NORMAL leaves every DISCOVER and REQUEST to the primary): then {@link #mayAnswer} is false
   * for each, and the server may drop them right after decoding. False when unsure.
   */
  default boolean answersNone(DhcpMessageType type) {
    return false;
  }

  /**
   * Whether {@code address}, whose stored binding is {@code current} (null: never stored, so in the
   * pool of {@link #initialState()}), may be given to a client other than the one it belongs to.
   */
  boolean mayReallocate(int address, Lease current, long now);

  /** The lease time (seconds) to give, where the configuration asks for {@code desired}. */
  long leaseTime(Lease current, long desired, long now);

  /** The potential expiration time to record with a lease being acknowledged. */
  default long potentialExpiry(long now, long desired, long actual) {
    return now + actual;
  }

  /**
   * Whether new clients may get addresses from {@code pool} (FREE or BACKUP) now. Without failover
   * everything is FREE and so is every allocation.
   */
  default boolean allocatesFrom(BindingState pool) {
    return pool == BindingState.FREE;
  }

  /** The state of an address the store has never seen. */
  /**
   * The share of a subnet's range addresses, in percent, that {@code pool} holds once the pair has
   * balanced its pools (the secondary's BACKUP share): what the new-client reserve is a share of.
   */
  default int poolSharePercent(BindingState pool) {
    return pool == BindingState.FREE ? 100 : 0;
  }

  default BindingState initialState() {
    return BindingState.FREE;
  }

  /**
   * Whether the expiry sweep may expire bindings now: not while a failover node has yet to learn
   * its partner's bindings (its own copy may be stale, digest §D.5 RECOVER).
   */
  default boolean mayExpire() {
    return true;
  }

  /** Told after a binding was made durable, so failover can update the partner. */
  default void bindingCommitted(Lease lease) {}

  /** The only node: answers everything, from every free address, for the configured time. */
  ServicePolicy STANDALONE =
      new ServicePolicy() {
        @Override
        public boolean mayAnswer(DhcpMessage request) {
          return true;
        }

        @Override
        public boolean mayReallocate(int address, Lease current, long now) {
          return current == null
              || current.state() != BindingState.ACTIVE
              || current.end() <= now;
        }

        @Override
        public long leaseTime(Lease current, long desired, long now) {
          return desired;
        }
      };
}
