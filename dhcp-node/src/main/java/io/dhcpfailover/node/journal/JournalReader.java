package io.dhcpfailover.node.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a journal file: hands each valid record to the consumer, truncates a torn tail (or, on a
 * file opened read-only, only leaves it out), and stops at (or, within a budget, skips) damage that
 * valid records follow.
 */
final class JournalReader {
  private static final Logger LOG = LoggerFactory.getLogger(JournalReader.class);
  private static final int WINDOW = 1 << 20;

  /** What replay found; {@code truncated}: a torn tail was found (and cut off when repairing). */
  record Result(long goodOffset, long records, long lastSequence, int skipped, boolean truncated) {}

  private final FileChannel channel;
  private final Path file;
  private final int maxRecordBytes;
  private final boolean repair;
  private final long size;
  private final byte[] window;
  private long windowStart;
  private int windowLength;

  /** A reader that cuts a torn tail off the file, which must be open for writing. */
  JournalReader(FileChannel channel, Path file, int maxRecordBytes) throws IOException {
    this(channel, file, maxRecordBytes, true);
  }

  /**
   * A reader; with {@code repair} false it never writes, for a file opened read-only while a node
   * may be appending to it.
   */
  JournalReader(FileChannel channel, Path file, int maxRecordBytes, boolean repair)
      throws IOException {
    this.channel = channel;
    this.file = file;
    this.maxRecordBytes = maxRecordBytes;
    this.repair = repair;
    this.size = channel.size();
    // Never larger than the file: a short journal (or an empty one) needs no 1 MiB buffer.
    long wanted = WINDOW + RecordFormat.HEADER_BYTES + maxRecordBytes;
    this.window = new byte[(int) Math.min(wanted, size)];
  }

  /** One parsed record, or why the bytes at an offset are not one. */
  private record Parsed(long sequence, byte[] payload, long next, String problem) {
    boolean ok() {
      return problem == null;
    }
  }

  Result replay(Journal.RecordConsumer consumer, int maxSkipped) throws IOException {
    long offset = 0;
    long records = 0;
    long lastSequence = 0;
    int skipped = 0;
    while (offset < size) {
      Parsed parsed = parse(offset);
      String problem;
      long resume;
      if (parsed.ok() && parsed.sequence() > lastSequence) {
        try {
          consumer.accept(parsed.payload());
          records++;
          lastSequence = parsed.sequence();
          offset = parsed.next();
          continue;
        } catch (LeaseRecordException e) {
          problem = "undecodable payload: " + e.getMessage();
          resume = parsed.next();
          lastSequence = parsed.sequence();
        }
      } else {
        problem =
            parsed.ok()
                ? "sequence " + parsed.sequence() + " not after " + lastSequence
                : parsed.problem();
        resume = findNext(offset + 1, lastSequence);
        if (resume < 0) {
          if (repair) {
            LOG.warn(
                "JOURNAL_TRUNCATED file={} offset={} droppedBytes={} reason={}",
                file,
                offset,
                size - offset,
                problem);
            channel.truncate(offset);
            channel.force(true);
          }
          return new Result(offset, records, lastSequence, skipped, true);
        }
      }
      if (skipped >= maxSkipped) {
        throw new JournalCorruptException(
            "journal "
                + file
                + " is corrupt at byte offset "
                + offset
                + " ("
                + problem
                + "); valid data follows at offset "
                + resume
                + ". Refusing to start: repair or remove the file, or allow skipping records",
            offset,
            null);
      }
      skipped++;
      LOG.warn(
          "JOURNAL_RECORD_SKIPPED file={} offset={} resumeOffset={} reason={}",
          file,
          offset,
          resume,
          problem);
      offset = resume;
    }
    return new Result(offset, records, lastSequence, skipped, false);
  }

  /** The offset of the next valid record after {@code lastSequence} from {@code from}, or -1. */
  private long findNext(long from, long lastSequence) throws IOException {
    for (long at = from; at + RecordFormat.HEADER_BYTES <= size; at++) {
      if (byteAt(at) != RecordFormat.MAGIC) {
        continue;
      }
      Parsed candidate = parse(at);
      if (candidate.ok() && candidate.sequence() > lastSequence) {
        return at;
      }
    }
    return -1;
  }

  private Parsed parse(long offset) throws IOException {
    if (size - offset < RecordFormat.HEADER_BYTES) {
      return problem("incomplete header");
    }
    load(offset, RecordFormat.HEADER_BYTES);
    ByteBuffer header =
        ByteBuffer.wrap(window, (int) (offset - windowStart), RecordFormat.HEADER_BYTES);
    byte magic = header.get();
    byte version = header.get();
    int length = header.getInt();
    long sequence = header.getLong();
    int crc = header.getInt();
    if (magic != RecordFormat.MAGIC || version != RecordFormat.VERSION) {
      return problem("bad magic or version");
    }
    if (length < 0 || length > maxRecordBytes) {
      return problem("bad length " + length);
    }
    if (size - offset - RecordFormat.HEADER_BYTES < length) {
      return problem("incomplete record");
    }
    load(offset, RecordFormat.HEADER_BYTES + length);
    int payloadAt = (int) (offset - windowStart) + RecordFormat.HEADER_BYTES;
    if (RecordFormat.crc(sequence, window, payloadAt, length) != crc) {
      return problem("bad CRC");
    }
    byte[] payload = new byte[length];
    System.arraycopy(window, payloadAt, payload, 0, length);
    return new Parsed(sequence, payload, offset + RecordFormat.HEADER_BYTES + length, null);
  }

  private static Parsed problem(String why) {
    return new Parsed(0, null, 0, why);
  }

  private byte byteAt(long offset) throws IOException {
    load(offset, 1);
    return window[(int) (offset - windowStart)];
  }

  /** Makes {@code [offset, offset + length)} available in the window; the range is in the file. */
  private void load(long offset, int length) throws IOException {
    if (offset >= windowStart && offset + length <= windowStart + windowLength) {
      return;
    }
    ByteBuffer dst = ByteBuffer.wrap(window, 0, (int) Math.min(window.length, size - offset));
    windowStart = offset;
    long position = offset;
    while (dst.hasRemaining()) {
      int n = channel.read(dst, position);
      if (n < 0) {
        break;
      }
      position += n;
    }
    windowLength = dst.position();
    if (windowLength < length) {
      throw new IOException("journal " + file + " shrank while being read at offset " + offset);
    }
  }
}
