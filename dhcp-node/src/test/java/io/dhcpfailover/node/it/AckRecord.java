package io.dhcpfailover.node.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One DHCPACK a client saw: which address, for which client, from when to when (epoch ms), and
 * from which server. One line per record in an ACK log: {@code address client startMs endMs server}.
 */
public record AckRecord(String address, String client, long startMs, long endMs, String server) {

  public String line() {
    return address + " " + client + " " + startMs + " " + endMs + " " + server;
  }

  public static AckRecord parse(String line) {
    String[] f = line.trim().split("\\s+");
    if (f.length < 5) {
      throw new IllegalArgumentException("not an ACK record: '" + line + "'");
    }
    return new AckRecord(f[0], f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), f[4]);
  }

  /** Every record in {@code files} (missing files count as empty; a torn last line is skipped). */
  public static List<AckRecord> read(List<Path> files) throws IOException {
    List<AckRecord> all = new ArrayList<>();
    for (Path f : files) {
      if (!Files.exists(f)) {
        continue;
      }
      for (String line : Files.readAllLines(f)) {
        if (line.isBlank()) {
          continue;
        }
        try {
          all.add(parse(line));
        } catch (RuntimeException e) {
          // a line cut by a kill: not a complete record
        }
      }
    }
    return all;
  }
}
