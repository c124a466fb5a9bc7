package io.dhcpfailover.node.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.node.util.AllocationMeter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JournalReaderTest {
  private static final Path FILE = Path.of(Journal.FILE_NAME);

  private static byte[] journal(byte[]... payloads) {
    int size = 0;
    for (byte[] p : payloads) {
      size += RecordFormat.size(p);
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    long sequence = 1;
    for (byte[] p : payloads) {
      RecordFormat.put(b, sequence++, p);
    }
    return b.array();
  }

  private static long replayAllocation(byte[] image) throws IOException {
    InMemoryFileChannel channel = new InMemoryFileChannel(image, true);
    AllocationMeter meter = AllocationMeter.start();
    new JournalReader(channel, FILE, Journal.Options.DEFAULTS.maxRecordBytes())
        .replay(payload -> {}, 0);
    return meter.allocated();
  }

  @Test
  void replayOfASmallJournalAllocatesInProportionToTheFile() throws IOException {
    // Found by JournalReaderFuzzTest: every replay allocated a 1 MiB + 64 KiB read window.
    byte[] image = journal(new byte[] {1, 2, 3}, new byte[] {4, 5});
    replayAllocation(image); // loads the classes

    assertThat(replayAllocation(image)).isLessThan(16 * 1024);
    assertThat(replayAllocation(new byte[0])).isLessThan(16 * 1024);
  }
}
