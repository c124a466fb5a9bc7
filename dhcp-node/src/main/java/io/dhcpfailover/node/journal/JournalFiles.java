package io.dhcpfailover.node.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The file work of {@link Journal} that needs none of its state: snapshots, fsyncs, closing. */
final class JournalFiles {
  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

  private JournalFiles() {}

  /** A snapshot on disk: its open channel, its length, and the sequence its next record takes. */
  record Written(FileChannel channel, long bytes, long nextSequence) {}

  /**
   * Writes {@code live} to {@code file} as records numbered from 1 and fsyncs it; the channel stays
   * open for the writer to append to. Closes it on failure (interrupted: "compaction abandoned").
   */
  static Written writeSnapshot(Path file, List<byte[]> live) throws IOException {
    FileChannel out = null;
    try {
      out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.READ, StandardOpenOption.WRITE);
      long position = 0;
      long sequence = 1;
      ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
      for (byte[] payload : live) {
        if (Thread.currentThread().isInterrupted()) {
          throw new IOException("compaction abandoned");
        }
        if (buf.remaining() < RecordFormat.size(payload)) {
          position += writeAll(out, buf, position);
          if (buf.capacity() < RecordFormat.size(payload)) {
            buf = ByteBuffer.allocate(RecordFormat.size(payload));
          }
        }
        RecordFormat.put(buf, sequence++, payload);
      }
      position += writeAll(out, buf, position);
      out.force(false);
      return new Written(out, position, sequence);
    } catch (IOException | RuntimeException e) {
      closeQuietly(out);
      throw e;
    }
  }

  private static long writeAll(FileChannel out, ByteBuffer buf, long position) throws IOException {
    buf.flip();
    long written = 0;
    while (buf.hasRemaining()) {
      written += out.write(buf, position + written);
    }
    buf.clear();
    return written;
  }

  static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  static void closeQuietly(FileChannel c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (IOException e) {
      LOG.debug("closing journal channel failed: {}", e.toString());
    }
  }
}
