package io.dhcpfailover.node.metrics;

import io.dhcpfailover.api.v1alpha1.FailoverState;
import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.failover.FailoverSnapshot;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Gauges over the failover endpoint's snapshot, read at scrape time: the node's and the partner's
 * state (one series per state, 1 for the current one), the link, unacknowledged and queued binding
 * updates, the age of the last message from the partner and the clock skew measured at the last
 * handshake. Nothing here changes failover state. Every gauge holds its supplier strongly: by
 * default a gauge keeps a weak reference, and a collected supplier reads NaN.
 */
final class FailoverMetrics {
  private FailoverMetrics() {}

  /**
   * @param snapshot the endpoint's current snapshot (any thread)
   * @param skew the partner's clock minus ours in seconds, as measured at the last handshake
   * @param skewLimit the largest skew a handshake accepts, in seconds
   */
  static void bind(
      MeterRegistry registry,
      Supplier<FailoverSnapshot> snapshot,
      LongSupplier skew,
      long skewLimit,
      Clock clock) {
    for (ServerState s : ServerState.values()) {
      String state = FailoverState.valueOf(s.name()).wireName();
      gauge("dhcp_failover_state", "1 for the node's failover state, 0 for the others",
              snapshot, f -> f.state() == s ? 1 : 0)
          .tag("state", state)
          .register(registry);
      gauge("dhcp_failover_partner_state",
              "1 for the partner's failover state as this node last heard it, 0 for the others",
              snapshot, f -> f.partnerState() == s ? 1 : 0)
          .tag("state", state)
          .register(registry);
    }
    gauge("dhcp_failover_state_since_timestamp_seconds",
            "When the node entered its failover state (Unix time)", snapshot, FailoverSnapshot::since)
        .register(registry);
    gauge("dhcp_failover_link_up", "1 while the failover connection to the partner is established",
            snapshot, f -> f.linkUp() ? 1 : 0)
        .register(registry);
    gauge("dhcp_failover_unacked_updates",
            "Binding updates sent to the partner and not yet acknowledged", snapshot, FailoverSnapshot::unacked)
        .register(registry);
    gauge("dhcp_failover_queued_updates",
            "Binding updates waiting to be sent to the partner", snapshot, FailoverSnapshot::queued)
        .register(registry);
    gauge("dhcp_failover_new_clients_from_timestamp_seconds",
            "A node that lost its bindings and could not recover them all gives no address to a new"
                + " client before this time (Unix time; 0: it has not lost them)",
            snapshot, FailoverSnapshot::bindingsUncertainUntil)
        .register(registry);
    Gauge.builder("dhcp_failover_last_contact_age_seconds", snapshot,
            s -> lastContactAge(s.get(), clock.millis() / 1000))
        .description("Seconds since the last message from the partner (NaN before the first)")
        .strongReference(true)
        .register(registry);
    Gauge.builder("dhcp_failover_clock_skew_seconds", skew, LongSupplier::getAsLong)
        .description("The partner's clock minus this node's, measured at the last handshake")
        .strongReference(true)
        .register(registry);
    Gauge.builder("dhcp_failover_clock_skew_limit_seconds", () -> skewLimit)
        .description("The largest clock skew a failover handshake accepts")
        .strongReference(true)
        .register(registry);
  }

  static double lastContactAge(FailoverSnapshot f, long nowSeconds) {
    return f.lastContact() > 0 ? Math.max(0, nowSeconds - f.lastContact()) : Double.NaN;
  }

  private static Gauge.Builder<Supplier<FailoverSnapshot>> gauge(
      String name,
      String description,
      Supplier<FailoverSnapshot> snapshot,
      ToDoubleFunction<FailoverSnapshot> value) {
    return Gauge.builder(name, snapshot, s -> value.applyAsDouble(s.get()))
        .description(description)
        .strongReference(true);
  }
}
