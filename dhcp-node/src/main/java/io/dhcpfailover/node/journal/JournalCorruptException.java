package io.dhcpfailover.node.journal;

/**
 * The journal is damaged in a way that replay may not silently repair: a bad record followed by
 * valid ones. The message names the file and the byte offset of the damage.
 */
public final class JournalCorruptException extends RuntimeException {
  private final long offset;

  public JournalCorruptException(String message, long offset, Throwable cause) {
    super(message, cause);
    this.offset = offset;
  }

  /** Byte offset in the journal file where the damaged record starts. */
  public long offset() {
    return offset;
  }
}
