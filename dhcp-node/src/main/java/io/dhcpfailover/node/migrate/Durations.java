package io.dhcpfailover.node.migrate;

/** Seconds as the pair file writes durations: {@code 1h30m}, {@code 10m}, {@code 45s}. */
final class Durations {
  private Durations() {}

  static String format(long seconds) {
    if (seconds < 0) {
      throw new IllegalArgumentException(seconds + " is a negative time");
    }
    if (seconds == 0) {
      return "0s";
    }
    long h = seconds / 3600;
    long m = seconds % 3600 / 60;
    long s = seconds % 60;
    return (h > 0 ? h + "h" : "") + (m > 0 ? m + "m" : "") + (s > 0 ? s + "s" : "");
  }
}
