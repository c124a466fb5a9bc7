package io.dhcpfailover.node.engine;

import io.dhcpfailover.node.lease.Lease;

/**
 * What a binding that arrived from elsewhere (the failover partner, or the store at start-up)
 * means for a subnet's allocation state: whose the address is, and whether it is taken, free, kept
 * for its last client, or the partner's to give. Pure bookkeeping for {@link DhcpEngine#observe}.
 */
final class ObservedBindings {
  private ObservedBindings() {}

  static void apply(Subnet s, Lease lease, long now) {
    ClientKey key = ClientKey.of(lease);
    switch (lease.state()) {
      case ACTIVE -> {
        if (key != null) {
          s.forgetClientOf(lease.address(), key);
          s.bind(key, lease.address());
        }
        if (lease.end() > now) {
          s.markTaken(lease.address());
        } else {
          s.remember(lease.address());
        }
      }
      case EXPIRED, RELEASED -> {
        if (key != null) {
          s.forgetClientOf(lease.address(), key);
          s.bind(key, lease.address());
          s.remember(lease.address());
        } else {
          s.release(lease.address());
        }
      }
      case ABANDONED -> {
        s.forgetClientOf(lease.address(), null);
        s.markTaken(lease.address());
      }
      case BACKUP -> {
        s.forgetClientOf(lease.address(), null);
        s.markBackup(lease.address());
      }
      case FREE, RESET -> {
        s.forgetClientOf(lease.address(), null);
        s.release(lease.address());
      }
    }
  }
}
