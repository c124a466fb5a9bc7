package io.dhcpfailover.node.sim;

import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.lease.LeaseStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A lease store on the virtual clock with the journal's guarantees: a put is visible at once and
 * durable after a simulated fsync delay, when its future completes. A lazy write ({@link
 * #replaceLazily}) is durable only once a later put is, or a second later. A crash keeps what was
 * durable and drops the rest (its futures never complete); a wipe loses everything.
 */
final class SimStore implements LeaseStore {
  private final Sim sim;
  private final Map<Integer, Lease> visible = new HashMap<>();
  private final Map<Integer, Lease> durable = new HashMap<>();
  private long epoch;
  private long lastFsyncAt;
  /** Writes so far, in order. */
  private long writes;
  /** Lazy writes not yet durable, by their place in the order of writes. */
  private final TreeMap<Long, Lease> lazy = new TreeMap<>();

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
    long order = ++writes;
    sim.after(at - sim.now(), () -> {
      if (epoch == myEpoch) {
        settleLazy(order);
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

  /**
   * Visible at once; durable with the first later put that is, or after the journal's longest
   * wait for a batch (1 s). It draws the fsync delay an eager write would, so that every other
   * event of a seed keeps its time.
   */
  @Override
  public CompletableFuture<Void> replaceLazily(Lease expected, Lease next) {
    if (!Objects.equals(visible.get(next.address()), expected)) {
      return null;
    }
    visible.put(next.address(), next);
    lastFsyncAt = Math.max(sim.now(), lastFsyncAt) + sim.between(200, 3000) / 1000;
    long order = ++writes;
    lazy.put(order, next);
    long myEpoch = epoch;
    sim.after(1000, () -> {
      if (epoch == myEpoch) {
        settleLazy(order + 1);
      }
    });
    return new CompletableFuture<>();
  }

  /** The lazy writes made before write {@code order} become durable, in order. */
  private void settleLazy(long order) {
    var due = lazy.headMap(order);
    for (Lease l : due.values()) {
      durable.put(l.address(), l);
    }
    due.clear();
  }

  @Override
  public String unavailableReason() {
    return null;
  }

  /** kill -9: what was not yet fsync'd is gone. */
  void crash() {
    epoch++;
    lazy.clear();
    visible.clear();
    visible.putAll(durable);
  }

  /** A graceful stop closes the journal, which writes everything first. */
  void flush() {
    epoch++;
    lazy.clear();
    durable.clear();
    durable.putAll(visible);
  }

  void wipe() {
    epoch++;
    lazy.clear();
    visible.clear();
    durable.clear();
  }

  List<Lease> snapshot() {
    return new ArrayList<>(visible.values());
  }

  @Override
  public void close() {}
}
