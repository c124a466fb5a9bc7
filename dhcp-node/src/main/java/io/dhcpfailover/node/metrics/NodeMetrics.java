package io.dhcpfailover.node.metrics;

import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.engine.DhcpEngine;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.server.DhcpServer;
import io.dhcpfailover.node.server.RequestLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.dhcpfailover.node.engine.Subnet;
import io.dhcpfailover.node.failover.FailoverSnapshot;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The node's Prometheus metrics: packets in and out by message type, request latency by message
 * type, drops by reason, leases by state (in total and per subnet), declined addresses and ended
 * decline probations, offers made without holding their address, the failover state ({@link FailoverMetrics}); the journal adds its fsync
 * latency to the same registry. Series a dashboard or an alert reads are registered at start, at
 * zero, rather than at their first event.
 */
public final class NodeMetrics implements DhcpServer.PacketMetrics, DhcpEngine.EngineMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, Counter> in = new ConcurrentHashMap<>();
  private final Map<String, Counter> out = new ConcurrentHashMap<>();
  private final Map<String, Counter> drops = new ConcurrentHashMap<>();
  private final Map<String, Timer> latency = new ConcurrentHashMap<>();
  private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();
  private final Counter committed;
  private final Counter declined;
  private final Counter probationEnded;
  private final Counter conflicts;
  private final Counter offersUnheld;

  public NodeMetrics() {
    // the journal registers its fsync timer itself: give it histogram buckets (alerts read its
    // 99th percentile) here, before it registers, rather than in the journal
    registry.config().meterFilter(bucketsFor("dhcp_journal_fsync_seconds", FSYNC_BUCKETS));
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
    conflicts =
        Counter.builder("dhcp_address_conflicts")
            .description("Addresses that answered a ping before they were offered, stored abandoned")
            .register(registry);
    offersUnheld =
        Counter.builder("dhcp_offers_unheld")
            .description("Offers made without holding their address: the subnet held its most offers (spec.limits)")
            .register(registry);
    for (DhcpMessageType t :
        List.of(DhcpMessageType.DISCOVER, DhcpMessageType.REQUEST, DhcpMessageType.DECLINE,
            DhcpMessageType.RELEASE, DhcpMessageType.INFORM)) {
      in(label(t));
    }
    for (DhcpMessageType t : List.of(DhcpMessageType.DISCOVER, DhcpMessageType.REQUEST, DhcpMessageType.INFORM)) {
      latency(label(t));
    }
    for (DhcpMessageType t : List.of(DhcpMessageType.OFFER, DhcpMessageType.ACK, DhcpMessageType.NAK)) {
      out(label(t));
    }
    for (DhcpEngine.Silence reason : DhcpEngine.Silence.values()) {
      drop(silenceLabel(reason));
    }
    for (String reason : List.of(RequestLimiter.RELAY_RATE_LIMIT, RequestLimiter.CLIENT_RATE_LIMIT)) {
      drop(reason);
    }
  }

  public MeterRegistry registry() {
    return registry;
  }

  public String scrape() {
    beforeScrape.forEach(Runnable::run);
    return registry.scrape();
  }

  /** Publishes the failover gauges of {@link FailoverMetrics}; read at scrape time. */
  public void failoverGauges(
      Supplier<FailoverSnapshot> snapshot, LongSupplier skew, long skewLimit, Clock clock) {
    FailoverMetrics.bind(registry, snapshot, skew, skewLimit, clock);
  }

  /** Publishes range addresses per subnet and state ({@link PoolMetrics}), counted at each scrape. */
  public void poolGauges(Supplier<List<Subnet>> subnets, Function<Subnet, DhcpEngine.Counts> counts) {
    beforeScrape.add(new PoolMetrics(registry, subnets, counts));
  }

  /** Publishes lease counts by state; {@code counts} is read at scrape time. */
  public void leaseGauges(Supplier<DhcpEngine.Counts> counts) {
    CachedCounts cache = new CachedCounts(counts);
    leaseGauge(cache, "active", DhcpEngine.Counts::active);
    leaseGauge(cache, "free", DhcpEngine.Counts::free);
    leaseGauge(cache, "backup", DhcpEngine.Counts::backup);
    leaseGauge(cache, "expired", DhcpEngine.Counts::expired);
    leaseGauge(cache, "abandoned", DhcpEngine.Counts::abandoned);
  }

  /** Held strongly: a gauge keeps only a weak reference to its object by default, and reads NaN once it is collected. */
  private void leaseGauge(CachedCounts cache, String state, java.util.function.ToLongFunction<DhcpEngine.Counts> count) {
    Gauge.builder("dhcp_leases", cache, c -> count.applyAsLong(c.get()))
        .tag("state", state)
        .strongReference(true)
        .register(registry);
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
    in(label(type)).increment();
  }

  @Override
  public void sent(DhcpMessageType type) {
    out(label(type)).increment();
  }

  @Override
  public void answered(DhcpMessageType request, long nanos) {
    latency(label(request)).record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void dropped(String reason) {
    drop(reason).increment();
  }

  @Override
  public void silence(DhcpEngine.Silence reason) {
    dropped(silenceLabel(reason));
  }

  @Override
  public void offerUnheld() {
    offersUnheld.increment();
  }

  @Override
  public void committed(Lease lease) {
    committed.increment();
  }

  @Override
  public void declined(Lease lease) {
    declined.increment();
  }

  /** One ping before an offer ended so: answered, silent, queue_full or failed. */
  public void pingCheck(String outcome) {
    Counter.builder("dhcp_ping_checks")
        .description("Pings sent before offering an address, by outcome (queue_full and failed: offered unchecked)")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  @Override
  public void conflict(Lease lease) {
    conflicts.increment();
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

  private Counter in(String type) {
    return in.computeIfAbsent(type, t -> counter("dhcp_packets_in", "type", t, "DHCP requests received"));
  }

  private Counter out(String type) {
    return out.computeIfAbsent(type, t -> counter("dhcp_packets_out", "type", t, "DHCP replies sent"));
  }

  private Counter drop(String reason) {
    return drops.computeIfAbsent(reason, r -> counter("dhcp_drops", "reason", r, "Requests dropped or left unanswered"));
  }

  /** Receipt of a request to its reply handed to the socket; buckets from 1 ms to 5 s. */
  private Timer latency(String type) {
    return latency.computeIfAbsent(
        type,
        t ->
            Timer.builder("dhcp_request_duration")
                .description("Time from a request's receipt to its reply handed to the socket")
                .tag("type", t)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry));
  }

  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
    Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
    Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5)
  };

  /** Fsync times from 0.5 ms to 2.5 s. */
  private static final Duration[] FSYNC_BUCKETS = {
    Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
    Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
    Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500)
  };

  /** Histogram buckets for the timer named {@code name}, wherever it is registered. */
  private static MeterFilter bucketsFor(String name, Duration[] buckets) {
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (!id.getName().equals(name)) {
          return config;
        }
        double[] nanos = java.util.Arrays.stream(buckets).mapToDouble(Duration::toNanos).toArray();
        return DistributionStatisticConfig.builder().serviceLevelObjectives(nanos).build().merge(config);
      }
    };
  }

  private static String silenceLabel(DhcpEngine.Silence reason) {
    return reason.name().toLowerCase(java.util.Locale.ROOT);
  }

  private Counter counter(String name, String tag, String value, String description) {
    return Counter.builder(name).tag(tag, value).description(description).register(registry);
  }

  private static String label(DhcpMessageType type) {
    return type == null ? "bootp" : type.name().toLowerCase(java.util.Locale.ROOT);
  }
}
