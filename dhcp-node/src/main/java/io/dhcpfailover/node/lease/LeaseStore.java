package io.dhcpfailover.node.lease;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Stable storage of bindings (RFC 2131 §3.1 item 4; failover draft §3.1.3): a binding handed to
 * {@link #put} is visible to {@link #get} at once, and the returned future completes only when it
 * is on disk (fsync'd). The DHCP path sends DHCPACK only after that future completes.
 */
public interface LeaseStore extends AutoCloseable {

  /** The binding of {@code address}, or null when the store has never seen that address. */
  Lease get(int address);

  /** Every binding in the store (a snapshot; any order). */
  Collection<Lease> all();

  /**
   * Records a binding. Completes normally once durable; completes exceptionally with {@link
   * StoreUnavailableException} when it cannot be made durable (disk full, I/O error): the caller
   * must then not acknowledge it to anybody.
   */
  CompletableFuture<Void> put(Lease lease);

  /**
   * Records {@code next} only if the address's binding is still {@code expected} (null: the store
   * has no binding for it), as one atomic step per address: the failover thread and the DHCP
   * thread each read, decide and write, and neither may overwrite a version it did not see.
   *
   * @return the durability future as {@link #put} returns it, or null when the binding changed
   *     meanwhile (nothing written)
   */
  CompletableFuture<Void> replace(Lease expected, Lease next);

  /**
   * As {@link #replace}, for bookkeeping whose loss in a crash is harmless because it is redone
   * after a restart (the partner's acknowledgement of an update: an update still marked unacked is
   * sent again). It asks for no fsync of its own: it is written with the next write that does,
   * and after a short delay at the latest. Writes stay in order, so whatever is durable after it
   * implies it is durable too.
   */
  default CompletableFuture<Void> replaceLazily(Lease expected, Lease next) {
    return replace(expected, next);
  }

  /** Null while the store accepts writes, else why it does not (e.g. "disk full: ..."). */
  String unavailableReason();

  @Override
  void close();
}
