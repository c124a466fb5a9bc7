package io.dhcpfailover.node.journal;

import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.lease.LeaseStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link LeaseStore} kept in memory and made durable by a {@link Journal} in a data directory.
 *
 * <p>{@link #put} updates memory at once and returns the journal's future, which completes after
 * the fsync. Memory update and journal append happen under a per-address lock, so the journal holds
 * the versions of one address in the order memory saw them, and replay ends with what memory held.
 * A put whose future failed stays visible in memory (a conservative view: the address looks bound),
 * but is not in the journal. Compaction snapshots the in-memory bindings.
 */
public final class JournaledLeaseStore implements LeaseStore {
  private static final int STRIPES = 64;

  private final Map<Integer, Lease> leases = new ConcurrentHashMap<>();
  private final Object[] stripes = new Object[STRIPES];
  private final Journal journal;

  private JournaledLeaseStore(Path dataDir, MeterRegistry registry, Journal.Options options)
      throws IOException {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Object();
    }
    this.journal =
        Journal.open(
            dataDir,
            options,
            registry,
            payload -> {
              Lease lease = LeaseRecordCodec.decode(payload);
              leases.put(lease.address(), lease);
            });
    journal.setSnapshotSource(
        new Journal.SnapshotSource() {
          @Override
          public int liveCount() {
            return leases.size();
          }

          @Override
          public List<byte[]> snapshot() {
            List<byte[]> payloads = new ArrayList<>(leases.size());
            for (Lease lease : leases.values()) {
              payloads.add(LeaseRecordCodec.encode(lease));
            }
            return payloads;
          }
        });
  }

  /**
   * Opens the store in {@code dataDir}, replaying its journal.
   *
   * @throws io.dhcpfailover.node.journal.JournalCorruptException when the journal is corrupt beyond
   *     what {@code options} allow to skip
   * @throws IOException when the data directory cannot be used
   */
  public static JournaledLeaseStore open(
      Path dataDir, MeterRegistry registry, Journal.Options options) throws IOException {
    return new JournaledLeaseStore(dataDir, registry, options);
  }

  @Override
  public Lease get(int address) {
    return leases.get(address);
  }

  @Override
  public Collection<Lease> all() {
    return List.copyOf(leases.values());
  }

  @Override
  public CompletableFuture<Void> put(Lease lease) {
    byte[] payload = LeaseRecordCodec.encode(lease);
    synchronized (stripes[Math.floorMod(lease.address(), STRIPES)]) {
      leases.put(lease.address(), lease);
      return journal.append(payload);
    }
  }

  @Override
  public CompletableFuture<Void> replace(Lease expected, Lease next) {
    byte[] payload = LeaseRecordCodec.encode(next);
    synchronized (stripes[Math.floorMod(next.address(), STRIPES)]) {
      if (!java.util.Objects.equals(leases.get(next.address()), expected)) {
        return null;
      }
      leases.put(next.address(), next);
      return journal.append(payload);
    }
  }

  @Override
  public CompletableFuture<Void> replaceLazily(Lease expected, Lease next) {
    byte[] payload = LeaseRecordCodec.encode(next);
    synchronized (stripes[Math.floorMod(next.address(), STRIPES)]) {
      if (!java.util.Objects.equals(leases.get(next.address()), expected)) {
        return null;
      }
      leases.put(next.address(), next);
      return journal.appendLazily(payload);
    }
  }

  @Override
  public String unavailableReason() {
    return journal.unavailableReason();
  }

  /** Records in the journal file now. */
  public long journalRecords() {
    return journal.records();
  }

  /** Bytes in the journal file now. */
  public long journalBytes() {
    return journal.bytes();
  }

  /** Compacts the journal now; completes when the compacted file is in place. */
  public CompletableFuture<Void> compact() {
    return journal.compact();
  }

  /** Writes every pending binding and closes the journal. */
  @Override
  public void close() {
    journal.close();
  }
}
