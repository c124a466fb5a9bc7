package io.dhcpfailover.node.cli;

import io.dhcpfailover.node.DataDirLock;
import io.dhcpfailover.node.DhcpNode;
import io.dhcpfailover.node.config.ConfigException;
import io.dhcpfailover.node.config.ConfigLoader;
import io.dhcpfailover.node.config.LocalInterfaces;
import io.dhcpfailover.node.config.NodeConfig;
import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.node.status.KubernetesSettings;
import io.dhcpfailover.node.status.StatusPublisher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dhcp-node serve}: runs a node until SIGTERM or SIGINT. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve DHCP for one role of a pair.")
final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  @Option(names = "--pair", required = true, description = "The DhcpFailoverPair manifest (YAML).")
  Path pair;

  @Option(
      names = "--role",
      required = true,
      description = "primary, secondary or standalone (serves the primary's address, no partner).")
  String role;

  @Option(names = "--data-dir", defaultValue = "/var/lib/dhcp-node", description = "Lease store directory (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--http-port", description = "HTTP port for /healthz, /readyz, /status, /metrics (default: spec.httpPort).")
  Integer httpPort;

  @Option(names = "--http-address", defaultValue = "0.0.0.0", description = "Address of the HTTP endpoint (default: ${DEFAULT-VALUE}).")
  String httpAddress;

  @Option(names = "--dhcp-port", defaultValue = "67", description = "UDP port to serve DHCP on (default: ${DEFAULT-VALUE}).")
  int dhcpPort;

  @Option(names = "--client-port", defaultValue = "68", description = "UDP port of directly attached clients (default: ${DEFAULT-VALUE}).")
  int clientPort;

  @Option(names = "--max-skipped-records", defaultValue = "0", description = "Corrupt journal records start-up may skip (default: ${DEFAULT-VALUE}: refuse to start).")
  int maxSkippedRecords;

  @Option(
      names = "--tls-dir",
      description =
          "The failover link's TLS files: ca.crt (the pair's authority), tls.crt and tls.key (this"
              + " node's certificate and key), as `dhcp-node tls init` writes them; re-read every 5 s."
              + " Required when spec.peerTLS is Enabled (the default).")
  Path tlsDir;

  @Option(
      names = "--kube-pair",
      description = "Publish this node's state into the status of this DhcpFailoverPair (default: env DHCP_PAIR_NAME; none: no publishing).")
  String kubePair;

  @Option(
      names = "--kube-namespace",
      description = "Namespace of the pair (default: env DHCP_PAIR_NAMESPACE, POD_NAMESPACE, or the kubeconfig's).")
  String kubeNamespace;

  /** Starts publishing to the pair's status when Kubernetes settings are given; never fails the node. */
  private StatusPublisher startPublisher(DhcpNode node, Role role) {
    Optional<KubernetesSettings> settings;
    try {
      settings = KubernetesSettings.resolve(kubePair, kubeNamespace, System.getenv());
    } catch (IllegalArgumentException e) {
      LOG.error("STATUS_PUBLISH_DISABLED: {}", e.getMessage());
      return null;
    }
    if (settings.isEmpty()) {
      return null;
    }
    if (!role.hasPeer()) {
      LOG.info("STATUS_PUBLISH_DISABLED: a standalone node has no entry in a pair's status");
      return null;
    }
    try {
      StatusPublisher p =
          settings.get().openPublisher(
              role,
              node::nodeStatus,
              Clock.systemUTC(),
              Duration.ofSeconds(5));
      node.onStateChange(p::notifyChanged);
      LOG.info("STATUS_PUBLISH_ENABLED pair={}", settings.get().pairName());
      return p;
    } catch (RuntimeException e) {
      LOG.error("STATUS_PUBLISH_DISABLED: {}", e.getMessage());
      return null;
    }
  }

  @Override
  public Integer call() throws Exception {
    Role r;
    try {
      r = Role.parse(role);
    } catch (IllegalArgumentException e) {
      System.err.println("--role: " + e.getMessage());
      return 2;
    }
    NodeConfig config;
    try {
      config = ConfigLoader.load(pair, r, LocalInterfaces.system());
    } catch (ConfigException e) {
      System.err.println("invalid pair file " + pair + ":\n" + e.getMessage());
      return 2;
    }
    // one node per data directory, for the whole life of the process
    try (DataDirLock lock = lockDataDir()) {
      return lock == null ? 2 : serve(config, r);
    }
  }

  private DataDirLock lockDataDir() throws java.io.IOException {
    try {
      DataDirLock lock = DataDirLock.acquire(dataDir);
      LOG.info("DATA_DIR_LOCKED dir={} pid={}", dataDir, ProcessHandle.current().pid());
      return lock;
    } catch (DataDirLock.LockedException e) {
      LOG.error("DATA_DIR_IN_USE: {}", e.getMessage());
      System.err.println("cannot start: " + e.getMessage());
      return null;
    }
  }

  private int serve(NodeConfig config, Role r) throws Exception {
    DhcpNode node =
        new DhcpNode(
            config,
            new DhcpNode.Options(
                dataDir, httpPort, httpAddress, dhcpPort, clientPort, maxSkippedRecords, tlsDir),
            Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicReference<StatusPublisher> published = new AtomicReference<>();
    Thread hook =
        new Thread(
            () -> {
              // hand over to the partner, say SHUTDOWN in the pair's status, then stop
              node.handOver();
              StatusPublisher p = published.get();
              if (p != null) {
                p.publishFinal(Duration.ofSeconds(2));
              }
              node.close();
              stopped.countDown();
              Main.stopLogging();
            },
            "shutdown");
    try {
      node.start();
    } catch (Exception e) {
      LOG.error("NODE_START_FAILED: {}", e.getMessage());
      System.err.println("cannot start: " + e.getMessage());
      node.close();
      return 1;
    }
    node.watch(pair, r, 2000);
    StatusPublisher publisher = startPublisher(node, r);
    published.set(publisher);
    Runtime.getRuntime().addShutdownHook(hook);
    stopped.await();
    if (publisher != null) {
      publisher.close();
    }
    return 0;
  }
}
