package io.dhcpfailover.kubectl;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Small text helpers shared by the views: columns, ages and times. */
final class Text {
  private Text() {}

  /** Rows as left-aligned columns separated by two spaces, without trailing blanks. */
  static String columns(List<String[]> rows) {
    int width = rows.stream().mapToInt(r -> r.length).max().orElse(0);
    int[] sizes = new int[width];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        sizes[i] = Math.max(sizes[i], r[i] == null ? 0 : r[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        String cell = r[i] == null ? "" : r[i];
        line.append(cell);
        if (i < r.length - 1) {
          line.append(" ".repeat(sizes[i] - cell.length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  /** {@code 5s}, {@code 3m12s}, {@code 2h5m}, {@code 4d3h}, as kubectl shows ages. */
  static String duration(Duration d) {
    long s = Math.abs(d.getSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
    }
    if (s < 86400) {
      return (s / 3600) + "h" + ((s % 3600) / 60 == 0 ? "" : ((s % 3600) / 60) + "m");
    }
    return (s / 86400) + "d" + ((s % 86400) / 3600 == 0 ? "" : ((s % 86400) / 3600) + "h");
  }

  /** An RFC 3339 time with how long ago or how far ahead it is; "-" when absent. */
  static String when(String rfc3339, Instant now) {
    if (rfc3339 == null || rfc3339.isEmpty()) {
      return "-";
    }
    try {
      Instant t = Instant.parse(rfc3339);
      Duration d = Duration.between(t, now);
      return rfc3339 + " (" + (d.isNegative() ? "in " + duration(d) : duration(d) + " ago") + ")";
    } catch (DateTimeParseException e) {
      return rfc3339;
    }
  }

  /** Only the age: {@code 5m ago}, {@code in 2h}; "-" when absent, the text itself when unparsable. */
  static String age(String rfc3339, Instant now) {
    if (rfc3339 == null || rfc3339.isEmpty()) {
      return "-";
    }
    try {
      Duration d = Duration.between(Instant.parse(rfc3339), now);
      return d.isNegative() ? "in " + duration(d) : duration(d) + " ago";
    } catch (DateTimeParseException e) {
      return rfc3339;
    }
  }

  static List<String[]> rows() {
    return new ArrayList<>();
  }
}
