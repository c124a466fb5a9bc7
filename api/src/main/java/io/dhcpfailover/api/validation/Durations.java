package io.dhcpfailover.api.validation;

import java.time.Duration;

/**
 * Go-style durations as the pair file writes them: {@code 45s}, {@code 5m}, {@code 1h30m}, {@code
 * 0s}. Units are {@code h}, {@code m} and {@code s}, each at most once and in that order, each with
 * a whole non-negative number, at most 100 years in all. The one reading of a duration in the
 * project: the node, the operator and the CRD's pattern ({@link
 * io.dhcpfailover.api.v1alpha1.Patterns#DURATION}) agree on it.
 */
public final class Durations {
  private static final long MAX_SECONDS = 100L * 365 * 24 * 3600;

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException with a message naming the text when it is no duration
   */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("no duration given");
    }
    String units = "hms";
    long[] factors = {3600, 60, 1};
    long seconds = 0;
    int lastUnit = -1;
    int i = 0;
    int n = text.length();
    while (i < n) {
      int start = i;
      while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
        i++;
      }
      if (i == start || i == n) {
        throw invalid(text);
      }
      int unit = units.indexOf(text.charAt(i));
      if (unit < 0 || unit <= lastUnit || i - start > 12) {
        throw invalid(text);
      }
      seconds += Long.parseLong(text.substring(start, i)) * factors[unit];
      if (seconds > MAX_SECONDS) {
        throw new IllegalArgumentException("'" + text + "' is longer than 100 years");
      }
      lastUnit = unit;
      i++;
    }
    return Duration.ofSeconds(seconds);
  }

  /**
   * Parses a duration, or gives {@code fallback} when the text is null or no duration (for values
   * of a pair that has passed {@link PairValidator}, where only a missing field can be null).
   */
  public static Duration parseOr(String text, Duration fallback) {
    try {
      return text == null ? fallback : parse(text);
    } catch (IllegalArgumentException e) {
      return fallback;
    }
  }

  /** Formats a duration the way {@link #parse} reads it, e.g. {@code 1h30m}; zero is {@code 0s}. */
  public static String format(Duration duration) {
    long s = duration.getSeconds();
    if (s == 0) {
      return "0s";
    }
    StringBuilder b = new StringBuilder();
    if (s >= 3600) {
      b.append(s / 3600).append('h');
    }
    if (s % 3600 >= 60) {
      b.append(s % 3600 / 60).append('m');
    }
    if (s % 60 != 0) {
      b.append(s % 60).append('s');
    }
    return b.toString();
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "'" + text + "' is no duration; write e.g. 45s, 10m, 1h30m (units h, m, s in that order)");
  }
}
