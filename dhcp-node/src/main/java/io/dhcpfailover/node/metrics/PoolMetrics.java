package io.dhcpfailover.node.metrics;

import io.dhcpfailover.node.engine.DhcpEngine;
import io.dhcpfailover.node.engine.Subnet;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Range addresses per subnet and state, refreshed before each scrape, so subnets added or removed
 * by a live configuration change appear and disappear. States: {@code active}, {@code free}
 * (including expired and released addresses, reusable), {@code backup} (held for the partner) and
 * {@code abandoned} (declined or conflicting); they add up to {@code dhcp_pool_size}. And {@code
 * dhcp_offers_held}: offered addresses held for their clients (read from the DHCP thread's state
 * without a lock: a scrape may see it a moment old).
 */
final class PoolMetrics implements Runnable {
  private final Supplier<List<Subnet>> subnets;
  private final Function<Subnet, DhcpEngine.Counts> counts;
  private final MultiGauge addresses;
  private final MultiGauge size;
  private final MultiGauge offersHeld;

  PoolMetrics(
      MeterRegistry registry,
      Supplier<List<Subnet>> subnets,
      Function<Subnet, DhcpEngine.Counts> counts) {
    this.subnets = subnets;
    this.counts = counts;
    this.addresses =
        MultiGauge.builder("dhcp_pool_addresses")
            .description("Range addresses of a subnet by state (free counts expired ones too)")
            .register(registry);
    this.size =
        MultiGauge.builder("dhcp_pool_size")
            .description("Range addresses of a subnet")
            .register(registry);
    this.offersHeld =
        MultiGauge.builder("dhcp_offers_held")
            .description("Offered addresses a subnet holds for clients that have not claimed them")
            .register(registry);
  }

  /** Reads the counts now (the store, from the scraping thread, as /status does). */
  @Override
  public synchronized void run() {
    List<MultiGauge.Row<?>> byState = new ArrayList<>();
    List<MultiGauge.Row<?>> sizes = new ArrayList<>();
    List<MultiGauge.Row<?>> held = new ArrayList<>();
    for (Subnet s : subnets.get()) {
      DhcpEngine.Counts c = counts.apply(s);
      Tags subnet = Tags.of("subnet", s.toString());
      byState.add(MultiGauge.Row.of(subnet.and("state", "active"), c.active()));
      byState.add(MultiGauge.Row.of(subnet.and("state", "free"), c.free()));
      byState.add(MultiGauge.Row.of(subnet.and("state", "backup"), c.backup()));
      byState.add(MultiGauge.Row.of(subnet.and("state", "abandoned"), c.abandoned()));
      sizes.add(MultiGauge.Row.of(subnet, s.size()));
      held.add(MultiGauge.Row.of(subnet, s.offerCount()));
    }
    addresses.register(byState, true);
    size.register(sizes, true);
    offersHeld.register(held, true);
  }
}
