package io.dhcpfailover.operator.upgrade;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the spec's durations ({@code 30s}, {@code 5m}, {@code 1h30m}). */
public final class Durations {
  private static final Pattern PART = Pattern.compile("([0-9]+)([hms])");

  private Durations() {}

  /**
   * The duration written as {@code value}, or {@code fallback} when it is null, blank or not of the
   * form {@code ([0-9]+(h|m|s))+}.
   */
  public static Duration parse(String value, Duration fallback) {
    if (value == null || value.isBlank() || !value.matches("^([0-9]+(h|m|s))+$")) {
      return fallback;
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(value);
    while (m.find()) {
      long amount = Long.parseLong(m.group(1));
      total =
          switch (m.group(2)) {
            case "h" -> total.plusHours(amount);
            case "m" -> total.plusMinutes(amount);
            default -> total.plusSeconds(amount);
          };
    }
    return total;
  }
}
