package io.dhcpfailover.node;

import io.dhcpfailover.api.validation.ConfigError;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dhcpfailover.node.config.ConfigException;
import io.dhcpfailover.node.config.ConfigOutcome;
import io.dhcpfailover.node.config.LimitsConfig;
import io.dhcpfailover.node.config.LocalInterfaces;
import io.dhcpfailover.node.config.NodeConfig;
import io.dhcpfailover.node.config.PairFileWatcher;
import io.dhcpfailover.node.config.ReservationConfig;
import io.dhcpfailover.node.config.SubnetConfig;
import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.node.engine.DhcpEngine;
import io.dhcpfailover.node.failover.FailoverCore;
import io.dhcpfailover.node.failover.FailoverSettings;
import io.dhcpfailover.node.failover.FailoverSnapshot;
import io.dhcpfailover.node.failover.FailoverEndpoint;
import io.dhcpfailover.node.failover.FailoverServicePolicy;
import io.dhcpfailover.node.failover.FailoverStateFile;
import io.dhcpfailover.node.failover.PoolBalancer;
import io.dhcpfailover.node.engine.Parameters;
import io.dhcpfailover.node.engine.Reservation;
import io.dhcpfailover.node.engine.ServicePolicy;
import io.dhcpfailover.node.engine.Subnet;
import io.dhcpfailover.node.http.HttpEndpoint;
import io.dhcpfailover.node.http.LeaseLookup;
import io.dhcpfailover.node.http.Readiness;
import io.dhcpfailover.node.journal.Journal;
import io.dhcpfailover.node.journal.JournaledLeaseStore;
import io.dhcpfailover.node.lease.LeaseStore;
import io.dhcpfailover.node.metrics.NodeMetrics;
import io.dhcpfailover.node.server.DhcpServer;
import io.dhcpfailover.node.server.IcmpAddressProbe;
import io.dhcpfailover.node.server.RequestLimiter;
import io.dhcpfailover.node.status.NodeStatusEntry;
import io.dhcpfailover.node.tls.PeerTls;
import io.dhcpfailover.node.util.Ipv4;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running node: lease store, engine, DHCP sockets and the HTTP endpoint, wired together. */
public final class DhcpNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DhcpNode.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Settings that do not come from the pair file.
   *
   * @param httpPort the HTTP port given on the command line (as the operator does, from {@code
   *     spec.httpPort}, and restarts the pod when it changes); null: the pair file's {@code
   *     spec.httpPort}, which then takes a restart to change
   * @param tlsDir the peer channel's certificate directory ({@code ca.crt}, {@code tls.crt},
   *     {@code tls.key}); null: none given, which a pair node with {@code spec.peerTLS: Enabled}
   *     refuses
   */
  public record Options(
      Path dataDir, Integer httpPort, String httpAddress, int dhcpPort, int clientPort, int maxSkippedRecords,
      Path tlsDir) {

    /** Options without a TLS directory. */
    public Options(
        Path dataDir, Integer httpPort, String httpAddress, int dhcpPort, int clientPort, int maxSkippedRecords) {
      this(dataDir, httpPort, httpAddress, dhcpPort, clientPort, maxSkippedRecords, null);
    }
  }

  private volatile NodeConfig config;
  private volatile ConfigOutcome configOutcome = ConfigOutcome.CURRENT;
  private boolean handedOver;
  private PairFileWatcher watcher;
  private final java.util.List<Runnable> configListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Options options;
  private final Clock clock;
  private final NodeMetrics metrics = new NodeMetrics();
  private final Instant started;
  private LeaseStore store;
  private DhcpEngine engine;
  private DhcpServer server;
  private IcmpAddressProbe probe;
  private HttpEndpoint http;
  private FailoverEndpoint failover;
  private volatile boolean serving;
  private final java.util.concurrent.atomic.AtomicReference<RequestLimiter.Rates> rates =
      new java.util.concurrent.atomic.AtomicReference<>();

  public DhcpNode(NodeConfig config, Options options, Clock clock) {
    this.config = config;
    this.options = options;
    this.clock = clock;
    this.started = clock.instant();
  }

  /** Opens the store, binds the sockets and starts serving. Throws with a message on failure. */
  public void start() throws IOException {
    store =
        JournaledLeaseStore.open(
            options.dataDir(), metrics.registry(),
            Journal.Options.DEFAULTS.withMaxSkippedRecords(options.maxSkippedRecords()));
    List<Subnet> subnets = new ArrayList<>();
    for (SubnetConfig sc : config.subnets()) {
      subnets.add(toSubnet(sc));
    }
    Map<String, Subnet> byInterface = mapInterfaces(subnets, config.interfaces());
    engine =
        new DhcpEngine(
            config.serverAddress(), subnets, byInterface, store, clock, metrics,
            ServicePolicy.STANDALONE);
    engine.setDeclineProbation(config.declineProbation());
    applyOfferLimits(config.limits());
    metrics.leaseGauges(engine::totals);
    metrics.poolGauges(engine::subnets, engine::counts);
    server =
        new DhcpServer(
            engine, metrics, config.serverAddress(), config.interfaces(), options.dhcpPort(),
            options.clientPort(), () -> config.relays(), this::requestRates);
    probe = new IcmpAddressProbe(server::execute, metrics::pingCheck);
    engine.setAddressProbe(probe);
    if (config.role().hasPeer()) {
      startFailover();
    }
    server.start();
    http =
        new HttpEndpoint(
            new InetSocketAddress(
                options.httpAddress(),
                options.httpPort() != null ? options.httpPort() : config.httpPort()),
            () -> true,
            () -> serving && Readiness.ready(failover == null ? null : failover.snapshot().state(), store.unavailableReason()),
            this::statusJson,
            metrics::scrape);
    http.get("/leases", new LeaseLookup(config.role().name().toLowerCase(java.util.Locale.ROOT),
        () -> store, () -> clock.instant().getEpochSecond())::answer);
    if (failover != null) {
      http.post("/failover/partner-down", () -> "state " + NodeStatusEntry.failoverState(failover.adminPartnerDown()) + "\n");
    }
    http.start();
    serving = true;
    LOG.info(
        "NODE_STARTED role={} address={} subnets={} config={}",
        config.role(), Ipv4.format(config.serverAddress()), subnets, config.configVersion());
  }

  private void startFailover() throws IOException {
    FailoverSettings settings =
        new FailoverSettings(
            config.role(), config.serverAddress(), config.peerAddress(), config.failoverPort(),
            config.relationshipName(), config.mode(), config.split(), config.mclt().toSeconds(),
            config.maxResponseDelay().toSeconds(), config.maxUnackedUpdates(),
            config.autoPartnerDown().toSeconds(), config.loadBalanceMaxSeconds(),
            "dhcp-failover-" + version(),
            config.subnets().stream().mapToLong(s -> s.leaseTime().toSeconds()).max().orElse(0));
    failover =
        new FailoverEndpoint(
            settings,
            store,
            clock,
            new FailoverStateFile(options.dataDir().resolve(FAILOVER_STATE_FILE)),
            lease -> server.execute(() -> engine.observe(lease, clock.millis() / 1000)),
            new PoolBalancer(engine, store, server::execute),
            PeerTls.forNode(config, options.tlsDir(), clock));
    engine.setPolicy(new FailoverServicePolicy(failover, () -> true));
    metrics.failoverGauges(failover::snapshot, failover::skew, FailoverCore.MAX_SKEW_SECONDS, clock);
    failover.start();
  }

  /**
   * Applies changes of the pair file while running (gentle configuration changes): subnets,
   * ranges, options, reservations and lease times take effect at once; a file that fails
   * validation is reported in /status and the node keeps its running configuration; a change of
   * what only a restart can apply (addresses, interfaces, ports, failover parameters) is reported
   * the same way and waits for the restart.
   */
  public void watch(Path pairFile, Role role, long periodMillis) {
    watcher =
        new PairFileWatcher(
            pairFile, role, LocalInterfaces.system(), this::applyConfig, this::rejectConfig);
    watcher.start(periodMillis);
  }

  private void rejectConfig(ConfigException e) {
    configOutcome = ConfigOutcome.rejected(config.configVersion(), e.getMessage());
    configListeners.forEach(Runnable::run);
  }

  private void applyConfig(NodeConfig next) {
    String needsRestart = restartOnlyChanges(config, next, options.httpPort() == null);
    if (needsRestart != null) {
      LOG.warn("CONFIG_NEEDS_RESTART {}: running {} until the node restarts", needsRestart, config.configVersion());
      configOutcome = ConfigOutcome.restartPending(config.configVersion(), needsRestart);
      configListeners.forEach(Runnable::run);
      return;
    }
    List<Subnet> subnets = new ArrayList<>();
    for (SubnetConfig sc : next.subnets()) {
      subnets.add(toSubnet(sc));
    }
    Map<String, Subnet> byInterface;
    try {
      byInterface = mapInterfaces(subnets, next.interfaces());
    } catch (IOException e) {
      rejectConfig(new ConfigException(new ConfigError("spec", e.getMessage())));
      return;
    }
    java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
    server.execute(() -> {
      try {
        engine.setDeclineProbation(next.declineProbation());
        applyOfferLimits(next.limits());
        engine.reconfigure(subnets, byInterface);
        done.complete(null);
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    });
    done.join();
    String old = config.configVersion();
    config = next;
    configOutcome = ConfigOutcome.CURRENT;
    LOG.info("CONFIG_APPLIED version={} previous={} subnets={}", next.configVersion(), old, subnets);
    configListeners.forEach(Runnable::run);
  }

  private void applyOfferLimits(LimitsConfig limits) {
    engine.setOfferLimits(limits.offerHold(), limits.outstandingOffersPerSubnet());
    engine.newClientReserve().setPercent(limits.newClientReservePercent());
  }

  /** The request limits of the configuration running now, read by the receive path. */
  private RequestLimiter.Rates requestRates() {
    LimitsConfig l = config.limits();
    return rates.updateAndGet(
        r -> r != null && r.offersPerClientPerSecond() == l.offersPerClientPerSecond()
                && r.packetsPerRelayPerSecond() == l.packetsPerRelayPerSecond()
            ? r
            : new RequestLimiter.Rates(
                l.offersPerClientPerSecond(), l.packetsPerRelayPerSecond()));
  }

  /**
   * The fields that differ and need a restart, or null when the change can be applied live. What
   * the node does not take from the pair file is no change here: {@code spec.image}, {@code
   * spec.storage}, {@code spec.upgrade} and {@code spec.<role>.nodeName} are not in a {@link
   * NodeConfig} at all, and {@code spec.httpPort} counts only when the node took its HTTP port from
   * the file. Under the operator those are pod-template inputs: it restarts the node itself when
   * they change, so they are no error of the running node.
   *
   * @param httpPortFromFile true when the node listens on the pair file's {@code spec.httpPort}
   */
  static String restartOnlyChanges(NodeConfig a, NodeConfig b, boolean httpPortFromFile) {
    List<String> changed = a.restartInputs().changes(b.restartInputs(), httpPortFromFile);
    return changed.isEmpty() ? null : String.join(", ", changed);
  }

  /** The configuration the node runs now. */
  public NodeConfig config() {
    return config;
  }

  /** The failover state file inside the data directory. */
  public static final String FAILOVER_STATE_FILE = "failover.state";

  /** The failover endpoint, or null for a standalone node. */
  public FailoverEndpoint failover() {
    return failover;
  }

  static Subnet toSubnet(SubnetConfig sc) {
    List<int[]> ranges = new ArrayList<>();
    sc.ranges().forEach(r -> ranges.add(new int[] {r.first(), r.last()}));
    List<Reservation> reservations = new ArrayList<>();
    for (ReservationConfig r : sc.reservations()) {
      reservations.add(
          new Reservation(
              r.hardware(), r.clientId(), r.address(), r.hostname(), r.boot(), r.options()));
    }
    Subnet subnet = new Subnet(
        sc.network(), sc.prefixLength(), ranges, sc.pools(), sc.renewalTimes(),
        new Parameters(sc.options(), sc.boot()), sc.global(), sc.classes(), reservations);
    subnet.setPingTimeoutMillis(sc.pingTimeoutMillis());
    return subnet;
  }

  /** Each listed interface serves the subnet that holds one of its own IPv4 addresses. */
  static Map<String, Subnet> mapInterfaces(List<Subnet> subnets, List<String> interfaces)
      throws IOException {
    Map<String, Subnet> map = new HashMap<>();
    for (String name : interfaces) {
      NetworkInterface ni = NetworkInterface.getByName(name);
      if (ni == null) {
        throw new IOException("interface " + name + " does not exist");
      }
      Subnet found = null;
      for (InetAddress a : Collections.list(ni.getInetAddresses())) {
        if (a instanceof Inet4Address) {
          int ip = Ipv4.fromInet(a);
          for (Subnet s : subnets) {
            if (s.contains(ip)) {
              found = s;
              break;
            }
          }
        }
        if (found != null) {
          break;
        }
      }
      if (found == null) {
        LOG.warn(
            "INTERFACE_WITHOUT_SUBNET interface={}: none of its addresses is in a configured"
                + " subnet; directly attached clients on it get no answer",
            name);
      } else {
        map.put(name, found);
      }
    }
    return map;
  }

  public String statusJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("role", config.role().name().toLowerCase(java.util.Locale.ROOT));
    StatusJson.failover(root, failover == null ? null : failover.snapshot(), config.peerAddress());
    root.put("serving", serving);
    root.put("address", Ipv4.format(config.serverAddress()));
    root.put("relationship", config.relationshipName());
    root.put("configVersion", config.configVersion());
    root.put("configStatus", JSON.convertValue(configOutcome.status(), String.class));
    if (configOutcome.error() != null) {
      root.put("configError", configOutcome.error());
    }
    root.put("version", version());
    root.put("started", started.toString());
    root.put("uptimeSeconds", clock.instant().getEpochSecond() - started.getEpochSecond());
    StatusJson.store(root, store);
    StatusJson.leases(root, engine);
    return root.toPrettyString() + "\n";
  }

  /** This node's entry for the pair's status (status.primary or status.secondary). */
  public io.dhcpfailover.api.v1alpha1.NodeStatus nodeStatus() {
    return NodeStatusEntry.of(failover == null ? null : failover.snapshot(), started,
        engine.totals(), version(), config.configVersion(), configOutcome);
  }

  /** Runs {@code listener} whenever the failover state, the partner's state, the link or the configuration changes. */
  public void onStateChange(Runnable listener) {
    if (failover != null) {
      failover.onChange(listener);
    }
    configListeners.add(listener);
  }

  public static String version() {
    String v = DhcpNode.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  public int httpPort() {
    return http.port();
  }

  public NodeMetrics metrics() {
    return metrics;
  }

  /**
   * The first half of a controlled stop: tells the partner with SHUTDOWN so it takes over at once
   * (draft §9.2), and stops answering clients. The node's state is then SHUTDOWN, which a status
   * publisher can still report before {@link #close()}. Idempotent.
   */
  public synchronized void handOver() {
    if (handedOver) {
      return;
    }
    handedOver = true;
    LOG.info("NODE_STOPPING role={}", config.role());
    if (failover != null) {
      failover.shutdown(3000);
    }
    serving = false;
  }

  @Override
  public void close() {
    handOver();
    if (watcher != null) {
      watcher.close();
    }
    if (server != null) {
      server.close();
    }
    if (probe != null) {
      probe.close();
    }
    if (failover != null) {
      failover.close();
    }
    if (http != null) {
      http.close();
    }
    if (store != null) {
      store.close();
    }
    LOG.info("NODE_STOPPED role={}", config.role());
  }
}
