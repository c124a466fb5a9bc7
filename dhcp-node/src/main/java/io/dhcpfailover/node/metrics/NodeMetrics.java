package io.dhcpfailover.node.metrics;

import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.engine.DhcpEngine;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.server.DhcpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The node's Prometheus metrics: packets in and out by message type, drops by reason, leases by
 * state, declined addresses and ended decline probations (the journal adds its fsync latency to
 * the same registry).
 */
public final class NodeMetrics implements DhcpServer.PacketMetrics, DhcpEngine.EngineMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, Counter> in = new ConcurrentHashMap<>();
  private final Map<String, Counter> out = new ConcurrentHashMap<>();
  private final Map<String, Counter> drops = new ConcurrentHashMap<>();
  private final Counter committed;
  private final Counter declined;
  private final Counter probationEnded;

  public NodeMetrics() {
    new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
    new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
    new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
    new io.micrometer.core.instrument.binder.system.UptimeMetrics().bindTo(registry);
    committed =
        Counter.builder("dhcp_leases_committed")
            .description("Bindings made durable and acknowledged")
            .register(registry);
    declined =
        Counter.builder("dhcp_addresses_declined")
            .description("Addresses clients declined (DHCPDECLINE), stored abandoned")
            .register(registry);
    probationEnded =
        Counter.builder("dhcp_decline_probations_ended")
            .description("Declined addresses whose probation ended, on their way back to the pool")
            .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public String scrape() {
    return registry.scrape();
  }

  /** Publishes lease counts by state; {@code counts} is read at scrape time. */
  public void leaseGauges(Supplier<DhcpEngine.Counts> counts) {
    CachedCounts cache = new CachedCounts(counts);
    Gauge.builder("dhcp_leases", cache, c -> c.get().active()).tag("state", "active").register(registry);
    Gauge.builder("dhcp_leases", cache, c -> c.get().free()).tag("state", "free").register(registry);
    Gauge.builder("dhcp_leases", cache, c -> c.get().backup()).tag("state", "backup").register(registry);
    Gauge.builder("dhcp_leases", cache, c -> c.get().expired()).tag("state", "expired").register(registry);
    Gauge.builder("dhcp_leases", cache, c -> c.get().abandoned()).tag("state", "abandoned").register(registry);
  }

  /** Counts computed once per second at most, however many gauges read them. */
  private static final class CachedCounts {
    private final Supplier<DhcpEngine.Counts> source;
    private DhcpEngine.Counts value;
    private long at;

    CachedCounts(Supplier<DhcpEngine.Counts> source) {
      this.source = source;
    }

    synchronized DhcpEngine.Counts get() {
      long now = System.nanoTime();
      if (value == null || now - at > 1_000_000_000L) {
        value = source.get();
        at = now;
      }
      return value;
    }
  }

  @Override
  public void received(DhcpMessageType type) {
    in.computeIfAbsent(label(type), t -> counter("dhcp_packets_in", "type", t, "DHCP requests received")).increment();
  }

  @Override
  public void sent(DhcpMessageType type) {
    out.computeIfAbsent(label(type), t -> counter("dhcp_packets_out", "type", t, "DHCP replies sent")).increment();
  }

  @Override
  public void dropped(String reason) {
    drops.computeIfAbsent(reason, r -> counter("dhcp_drops", "reason", r, "Requests dropped or left unanswered")).increment();
  }

  @Override
  public void silence(DhcpEngine.Silence reason) {
    dropped(reason.name().toLowerCase(java.util.Locale.ROOT));
  }

  @Override
  public void committed(Lease lease) {
    committed.increment();
  }

  @Override
  public void declined(Lease lease) {
    declined.increment();
  }

  @Override
  public void probationEnded(Lease lease) {
    probationEnded.increment();
  }

  /** Current value of a drop counter (0 when never counted). */
  public double drops(String reason) {
    Counter c = drops.get(reason);
    return c == null ? 0 : c.count();
  }

  private Counter counter(String name, String tag, String value, String description) {
    return Counter.builder(name).tag(tag, value).description(description).register(registry);
  }

  private static String label(DhcpMessageType type) {
    return type == null ? "bootp" : type.name().toLowerCase(java.util.Locale.ROOT);
  }
}
