package io.dhcpfailover.node.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalSnapshotTest {
  @TempDir Path dir;

  private static Lease lease(int address) {
    return Lease.available(address, BindingState.FREE, 1_800_000_000L);
  }

  @Test
  void readsAJournalWhoseLastRecordIsTornWithoutChangingIt() throws Exception {
    // Found by JournalReaderFuzzTest: a torn tail (a record being appended while
    // 'dhcp-node leases' reads) made the read-only replay try to truncate the file.
    try (Journal journal =
        Journal.open(dir, Journal.Options.DEFAULTS, new SimpleMeterRegistry(), p -> {})) {
      journal.append(LeaseRecordCodec.encode(lease(0xc6120001))).get();
      journal.append(LeaseRecordCodec.encode(lease(0xc6120002))).get();
    }
    Path file = dir.resolve(Journal.FILE_NAME);
    byte[] whole = Files.readAllBytes(file);
    byte[] torn = Arrays.copyOf(whole, whole.length - 3);
    Files.write(file, torn, StandardOpenOption.TRUNCATE_EXISTING);

    assertThat(JournalSnapshot.read(dir)).extracting(Lease::address).containsExactly(0xc6120001);
    assertThat(Files.readAllBytes(file)).isEqualTo(torn);
  }
}
