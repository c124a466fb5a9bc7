package io.dhcpfailover.node.journal;

import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.journal.Journal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;

/**
 * Puts leases in a loop into a store in the given directory, printing {@code ACK <address> <cltt>
 * .} to stdout only after each put's future completed. Used as a child process that is killed with
 * SIGKILL mid-load.
 *
 * <p>Arguments: data directory, maximum number of puts, maximum seconds.
 */
public final class JournalLoadMain {
  /** Addresses the load cycles over, so later puts overwrite earlier ones. */
  static final int ADDRESSES = 300;

  private JournalLoadMain() {}

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    long maxPuts = Long.parseLong(args[1]);
    long deadline = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000_000L;
    Journal.Options options = Journal.Options.DEFAULTS.withCompaction(500, 2);
    Semaphore inFlight = new Semaphore(64);
    try (JournaledLeaseStore store =
        JournaledLeaseStore.open(dataDir, new SimpleMeterRegistry(), options)) {
      for (long i = 1; i <= maxPuts && System.nanoTime() < deadline; i++) {
        inFlight.acquire();
        Lease lease = JournaledLeaseStoreTest.active((int) (i % ADDRESSES), i);
        store
            .put(lease)
            .whenComplete(
                (ok, error) -> {
                  inFlight.release();
                  if (error == null) {
                    System.out.println("ACK " + lease.address() + " " + lease.cltt() + " .");
                  }
                });
      }
    }
    System.out.flush();
  }
}
