package io.dhcpfailover.lab;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Properties;

/**
 * What a running lab leaves in its state directory ({@code lab.state}) so that {@code lab down}
 * can find and remove everything it made even after the lab itself was killed: the lab's PID and
 * the start time of that process (a PID reused by another process is never signalled), the
 * namespace prefix it owns and its uplink interface.
 *
 * @param pid the {@code lab up} process
 * @param started that process's start time, as {@link ProcessHandle.Info#startInstant()} reports it
 * @param prefix every network namespace of the lab is named {@code <prefix>-<host>}
 * @param uplink the lab's interface in the host's own namespace
 */
public record LabState(long pid, Instant started, String prefix, String uplink) {
  static final String FILE = "lab.state";

  /** Prefixes and interface names are what iproute2 accepts and nothing that could be a path. */
  private static final String NAME = "[a-z][a-z0-9-]{0,14}";

  public LabState {
    if (pid <= 0) {
      throw new IllegalArgumentException("pid must be positive, not " + pid);
    }
    if (prefix == null || !prefix.matches(NAME)) {
      throw new IllegalArgumentException("bad namespace prefix '" + prefix + "'");
    }
    if (uplink == null || !uplink.matches(NAME)) {
      throw new IllegalArgumentException("bad uplink name '" + uplink + "'");
    }
  }

  /** The text of the state file. */
  String format() {
    return "# written by lab up; lab down reads it\n"
        + "pid=" + pid + "\n"
        + "started=" + (started == null ? "" : started) + "\n"
        + "prefix=" + prefix + "\n"
        + "uplink=" + uplink + "\n";
  }

  /** Reads a state file's text; a malformed one is an IllegalArgumentException naming the field. */
  static LabState parse(String text) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(text));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("unreadable state file: " + e.getMessage(), e);
    }
    long pid;
    try {
      pid = Long.parseLong(required(p, "pid"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("pid: not a number: " + p.getProperty("pid"), e);
    }
    Instant started = null;
    String startedText = p.getProperty("started", "").trim();
    if (!startedText.isEmpty()) {
      try {
        started = Instant.parse(startedText);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("started: not an instant: " + startedText, e);
      }
    }
    return new LabState(pid, started, required(p, "prefix"), required(p, "uplink"));
  }

  private static String required(Properties p, String key) {
    String value = p.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(key + ": missing");
    }
    return value.trim();
  }

  /** The state of the current process for a lab with {@code prefix} and {@code uplink}. */
  static LabState ofThisProcess(String prefix, String uplink) {
    ProcessHandle self = ProcessHandle.current();
    return new LabState(self.pid(), self.info().startInstant().orElse(null), prefix, uplink);
  }

  /** Writes the state file into {@code dir}, atomically. */
  void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path tmp = dir.resolve(FILE + ".tmp");
    Files.writeString(tmp, format());
    Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /** The state file in {@code dir}, if there is one. */
  static Optional<LabState> read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    return Files.exists(file) ? Optional.of(parse(Files.readString(file))) : Optional.empty();
  }

  static void delete(Path dir) throws IOException {
    Files.deleteIfExists(dir.resolve(FILE));
  }

  /** The lab process, if it still runs: the same PID and the same start time (known). */
  Optional<ProcessHandle> liveProcess() {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(h -> started != null && started.equals(h.info().startInstant().orElse(null)));
  }
}
