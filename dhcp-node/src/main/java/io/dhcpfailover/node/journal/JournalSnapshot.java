package io.dhcpfailover.node.journal;

import io.dhcpfailover.node.lease.Lease;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the bindings of a lease journal without changing the file: for {@code dhcp-node leases},
 * which may run while the node appends. A torn last record (one being written) is ignored.
 */
public final class JournalSnapshot {
  private JournalSnapshot() {}

  /** The latest binding of every address in {@code dataDir}'s journal (empty if there is none). */
  public static Collection<Lease> read(Path dataDir) throws IOException {
    Path file = dataDir.resolve(Journal.FILE_NAME);
    Map<Integer, Lease> leases = new HashMap<>();
    if (!Files.exists(file)) {
      return leases.values();
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      new JournalReader(ch, file, Journal.Options.DEFAULTS.maxRecordBytes(), false)
          .replay(
              payload -> {
                Lease l = LeaseRecordCodec.decode(payload);
                leases.put(l.address(), l);
              },
              0);
    }
    return leases.values();
  }
}
