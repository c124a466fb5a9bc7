package io.dhcpfailover.node;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The exclusive lock on a node's data directory: one writer per lease store. The file {@code
 * DATA_DIR/lock} is locked with {@link FileChannel#tryLock()} for as long as the holder runs (the
 * operating system releases it when the process ends, also on SIGKILL) and carries the holder's PID,
 * so that a refused second node can say who holds it. The file itself stays behind: a stale one of
 * a killed process is not locked and blocks nobody. Readers ({@code dhcp-node leases}) do not take
 * it.
 */
public final class DataDirLock implements AutoCloseable {
  public static final String FILE = "lock";

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code dataDir} (created if missing) for this process and writes this process's PID.
   *
   * @throws LockedException when another process (or another holder in this one) has it
   */
  public static DataDirLock acquire(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    Path file = dataDir.resolve(FILE);
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException heldHere) {
      lock = null;
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      String content = read(channel);
      channel.close();
      throw new LockedException(dataDir, LockedException.parsePid(content));
    }
    try {
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
      channel.force(true);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    return new DataDirLock(file, channel, lock);
  }

  private static String read(FileChannel channel) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(64);
    channel.read(buf, 0);
    buf.flip();
    return StandardCharsets.US_ASCII.decode(buf).toString();
  }

  public Path file() {
    return file;
  }

  /** Releases the lock (the file stays). */
  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }

  /** The data directory is locked by someone else. */
  public static final class LockedException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Optional<Long> holderPid;

    LockedException(Path dataDir, Optional<Long> holderPid) {
      super(
          "data directory "
              + dataDir
              + " is in use by "
              + holderPid.map(pid -> "process " + pid).orElse("another process (PID not yet written)")
              + " (lock file "
              + dataDir.resolve(FILE)
              + ")");
      this.holderPid = holderPid;
    }

    /** The holder's PID, as it wrote it into the lock file. */
    public Optional<Long> holderPid() {
      return holderPid;
    }

    /** The PID in a lock file's content; empty when there is none. */
    public static Optional<Long> parsePid(String content) {
      String s = content.trim();
      if (s.isEmpty() || s.length() > 19 || !s.chars().allMatch(Character::isDigit)) {
        return Optional.empty();
      }
      return Optional.of(Long.parseLong(s));
    }
  }
}
