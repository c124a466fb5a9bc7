package io.dhcpfailover.node.failover;

import io.dhcpfailover.node.codec.failover.ServerState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Stable storage of the {@link FailoverStateRecord} (digest §D.5 "persist state + time"), in a
 * small text file of {@code key=value} lines:
 *
 * <pre>
 * format=1
 * state=normal
 * since=1795327499
 * partner-state=normal
 * partner-since=1795327499
 * mclt=30
 * </pre>
 *
 * States are spelled as on ISC's lease-file {@code my state} line ({@link ServerState#wireName()}).
 * A write goes to a temporary file, is forced to disk, then atomically renamed over the old file,
 * and the directory is forced, so a crash leaves either the old or the new record.
 */
public final class FailoverStateFile implements FailoverStateStore {
  private static final int FORMAT = 1;

  private final Path file;

  public FailoverStateFile(Path file) {
    this.file = file;
  }

  public Path path() {
    return file;
  }

  @Override
  public String describe() {
    return file.toString();
  }

  /**
   * The stored record, or null when there is no file (a fresh server: RECOVER, digest §D.2).
   *
   * @throws IOException on a read error or a file that is not a valid record (never guessed)
   */
  /** Optional (absent: never lost), so files written before it still read. */
  private static final String LOST_KEY = "bindings-lost-at";
  /** Optional too (absent: no fence). */
  private static final String FENCE_KEY = "reuse-fence";
  /** Optional too (absent: no fence). */
  private static final String CLIENT_FENCE_KEY = "client-reuse-fence";
  /** Optional too (absent: no fence). */
  private static final String ALONE_FENCE_KEY = "partner-alone-fence";

  @Override
  public FailoverStateRecord read() throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    }
    Map<String, String> kv = new HashMap<>();
    for (String line : text.split("\n")) {
      String l = line.trim();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int eq = l.indexOf('=');
      if (eq <= 0) {
        throw corrupt("line without '=': " + l);
      }
      kv.put(l.substring(0, eq).trim(), l.substring(eq + 1).trim());
    }
    if (!String.valueOf(FORMAT).equals(kv.get("format"))) {
      throw corrupt("unsupported format " + kv.get("format"));
    }
    return new FailoverStateRecord(
        state(kv, "state"),
        number(kv, "since"),
        state(kv, "partner-state"),
        number(kv, "partner-since"),
        number(kv, "mclt"),
        kv.containsKey(LOST_KEY) ? number(kv, LOST_KEY) : 0,
        kv.containsKey(FENCE_KEY) ? number(kv, FENCE_KEY) : 0,
        kv.containsKey(CLIENT_FENCE_KEY) ? number(kv, CLIENT_FENCE_KEY) : 0,
        kv.containsKey(ALONE_FENCE_KEY) ? number(kv, ALONE_FENCE_KEY) : 0);
  }

  /** Replaces the stored record durably (temporary file, force, atomic rename, force directory). */
  @Override
  public void write(FailoverStateRecord r) throws IOException {
    String text =
        "format="
            + FORMAT
            + "\nstate="
            + r.state().wireName()
            + "\nsince="
            + r.since()
            + "\npartner-state="
            + r.partnerState().wireName()
            + "\npartner-since="
            + r.partnerSince()
            + "\nmclt="
            + r.mclt()
            + "\n"
            + (r.bindingsLostAt() > 0 ? LOST_KEY + "=" + r.bindingsLostAt() + "\n" : "")
            + (r.reuseFence() > 0 ? FENCE_KEY + "=" + r.reuseFence() + "\n" : "")
            + (r.clientReuseFence() > 0 ? CLIENT_FENCE_KEY + "=" + r.clientReuseFence() + "\n" : "")
            + (r.aloneFence() > 0 ? ALONE_FENCE_KEY + "=" + r.aloneFence() + "\n" : "");
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some file systems cannot open or force a directory; the rename itself is already atomic.
    }
  }

  private IOException corrupt(String detail) {
    return new IOException("failover state file " + file + " is corrupt: " + detail);
  }

  private ServerState state(Map<String, String> kv, String key) throws IOException {
    String v = kv.get(key);
    if (v == null) {
      throw corrupt("missing " + key);
    }
    for (ServerState s : ServerState.values()) {
      if (s.wireName().equals(v.toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    throw corrupt("unknown state '" + v + "' for " + key);
  }

  private long number(Map<String, String> kv, String key) throws IOException {
    String v = kv.get(key);
    if (v == null) {
      throw corrupt("missing " + key);
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw corrupt(key + " is not a number: " + v);
    }
  }
}
