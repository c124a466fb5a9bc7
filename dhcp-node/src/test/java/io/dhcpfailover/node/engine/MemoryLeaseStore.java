package io.dhcpfailover.node.engine;

import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.lease.LeaseStore;
import io.dhcpfailover.node.lease.StoreUnavailableException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** A lease store fake for engine tests: memory only, and a switch that makes it refuse writes. */
final class MemoryLeaseStore implements LeaseStore {
  final Map<Integer, Lease> leases = new ConcurrentHashMap<>();
  final List<Lease> writes = new ArrayList<>();
  String unavailable;

  @Override
  public Lease get(int address) {
    return leases.get(address);
  }

  @Override
  public Collection<Lease> all() {
    return List.copyOf(leases.values());
  }

  @Override
  public synchronized CompletableFuture<Void> put(Lease lease) {
    leases.put(lease.address(), lease);
    if (unavailable != null) {
      return CompletableFuture.failedFuture(new StoreUnavailableException(unavailable, null));
    }
    writes.add(lease);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletableFuture<Void> replace(Lease expected, Lease next) {
    if (!java.util.Objects.equals(leases.get(next.address()), expected)) {
      return null;
    }
    return put(next);
  }

  @Override
  public String unavailableReason() {
    return unavailable;
  }

  @Override
  public void close() {}
}
