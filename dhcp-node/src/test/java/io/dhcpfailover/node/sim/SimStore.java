package io.dhcpfailover.node.sim;

import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.lease.LeaseStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A lease store on the virtual clock with the journal's guarantees: a put is visible at once and
 * durable after a simulated fsync delay, when its future completes. A crash keeps what was durable
 * and drops the rest (its futures never complete); a wipe loses everything.
 */
final class SimStore implements LeaseStore {
  private final Sim sim;
  private final Map<Integer, Lease> visible = new HashMap<>();
  private final Map<Integer, Lease> durable = new HashMap<>();
  private long epoch;
  private long lastFsyncAt;

  SimStore(Sim sim) {
    this.sim = sim;
  }

  @Override
  public Lease get(int address) {
    return visible.get(address);
  }

  @Override
  public Collection<Lease> all() {
    return List.copyOf(visible.values());
  }

  @Override
  public CompletableFuture<Void> put(Lease lease) {
    visible.put(lease.address(), lease);
    CompletableFuture<Void> done = new CompletableFuture<>();
    long myEpoch = epoch;
    // group commit: writes become durable in order, each fsync taking 0.2-3 ms
    long at = Math.max(sim.now(), lastFsyncAt) + sim.between(200, 3000) / 1000;
    lastFsyncAt = at;
    sim.after(at - sim.now(), () -> {
      if (epoch == myEpoch) {
        durable.put(lease.address(), lease);
        done.complete(null);
      }
    });
    return done;
  }

  @Override
  public CompletableFuture<Void> replace(Lease expected, Lease next) {
    if (!Objects.equals(visible.get(next.address()), expected)) {
      return null;
    }
    return put(next);
  }

  @Override
  public String unavailableReason() {
    return null;
  }

  /** kill -9: what was not yet fsync'd is gone. */
  void crash() {
    epoch++;
    visible.clear();
    visible.putAll(durable);
  }

  /** A graceful stop closes the journal, which writes everything first. */
  void flush() {
    epoch++;
    durable.clear();
    durable.putAll(visible);
  }

  void wipe() {
    epoch++;
    visible.clear();
    durable.clear();
  }

  List<Lease> snapshot() {
    return new ArrayList<>(visible.values());
  }

  @Override
  public void close() {}
}
