package io.dhcpfailover.node.util;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Rate-limited logging of shed requests: the first request shed for a reason is logged, then at
 * most one line per reason and {@code periodNanos} saying how many were shed since, so a flood
 * shows in the log without becoming one. Pure: time comes in as {@code nowNanos}, lines go to the
 * given sink. Confined to the DHCP event loop.
 */
public final class ShedLog {
  private final long periodNanos;
  private final BiConsumer<String, Object[]> sink;
  private final Map<String, long[]> byReason = new HashMap<>();

  /**
   * @param sink receives an SLF4J-style message and its arguments
   */
  public ShedLog(long periodNanos, BiConsumer<String, Object[]> sink) {
    this.periodNanos = periodNanos;
    this.sink = sink;
  }

  /** Notes one shed request; logs when the reason's period has run out ({@code source} is read only then). */
  public void shed(String reason, Supplier<String> source, long nowNanos) {
    long[] state = byReason.get(reason); // {count since the last line, time of the last line}
    if (state == null) {
      byReason.put(reason, new long[] {0, nowNanos});
      sink.accept("REQUEST_SHED reason={} from={}: over spec.limits, dropped (further ones counted"
          + " in dhcp_drops_total and summed here at most every {} s)",
          new Object[] {reason, source.get(), periodNanos / 1_000_000_000L});
      return;
    }
    state[0]++;
    if (nowNanos - state[1] >= periodNanos) {
      sink.accept("REQUEST_SHED reason={} shed={} in the last {} s, latest from={}",
          new Object[] {reason, state[0], (nowNanos - state[1]) / 1_000_000_000L, source.get()});
      state[0] = 0;
      state[1] = nowNanos;
    }
  }
}
