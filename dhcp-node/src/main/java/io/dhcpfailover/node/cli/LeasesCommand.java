package io.dhcpfailover.node.cli;

import io.dhcpfailover.node.journal.JournalSnapshot;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.util.Hex;
import io.dhcpfailover.node.util.Ipv4;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dhcp-node leases}: prints the bindings in a lease store. */
@Command(name = "leases", mixinStandardHelpOptions = true, description = "Print the bindings in a lease store.")
final class LeasesCommand implements Callable<Integer> {

  @Option(names = "--data-dir", required = true, description = "Lease store directory.")
  Path dataDir;

  @Option(names = "--all", description = "Include FREE and BACKUP addresses.")
  boolean all;

  @Override
  public Integer call() throws Exception {
    List<Lease> leases = new ArrayList<>(JournalSnapshot.read(dataDir));
    leases.sort(Comparator.comparingLong(l -> Integer.toUnsignedLong(l.address())));
    System.out.printf("%-15s  %-9s  %-20s  %-24s  %s%n", "ADDRESS", "STATE", "HARDWARE", "CLIENT-ID", "EXPIRES");
    int shown = 0;
    for (Lease l : leases) {
      if (!all && l.state().isAvailable()) {
        continue;
      }
      System.out.printf(
          "%-15s  %-9s  %-20s  %-24s  %s%n",
          Ipv4.format(l.address()),
          l.state().name(),
          l.hardware() == null ? "-" : Hex.colon(l.hardware()),
          l.clientId() == null ? "-" : Hex.colon(l.clientId()),
          l.end() == 0 ? "-" : Instant.ofEpochSecond(l.end()).toString());
      shown++;
    }
    System.out.println(shown + " binding(s)");
    return 0;
  }
}
