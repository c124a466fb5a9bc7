package io.dhcpfailover.lab;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kubernetes cluster on this machine, made of real parts but the API server: fabric8's mock in
 * CRUD mode with the project's shims ({@link DiscoveryCrudDispatcher}: discovery, server-side
 * tables, merge patches, so that the real {@code kubectl} works against it), the project's CRDs,
 * the operator's jar running as a process (its Deployment), and a {@link PodRunner} that runs every
 * pod the operator renders as a real {@code dhcp-node} process in the network namespace of its
 * cluster node. The layout matches {@code examples/hot-standby.yaml}:
 *
 * <pre>
 *   this process (API server): 198.18.0.1 on link &lt;prefix&gt;u
 *        |
 *   &lt;prefix&gt;-lan: br0 --- &lt;prefix&gt;-worker-a: eth1 198.18.0.2/22 (pods with nodeName worker-a)
 *        |  \------------ &lt;prefix&gt;-worker-b: eth1 198.18.0.3/22 (pods with nodeName worker-b)
 *        |  \------------ &lt;prefix&gt;-operator: eth0 198.18.0.4/22 (the operator)
 *        \--------------- &lt;prefix&gt;-client1 .. clientN: eth0, no address (for DHCP clients)
 * </pre>
 *
 * <p>Pairs live in namespace {@value #NAMESPACE}. {@link #close()} stops the operator, every pod
 * and every process in the lab's namespaces, and deletes the namespaces and the uplink.
 */
public final class LabCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LabCluster.class);

  /** The namespace the operator watches and the pods run in. */
  public static final String NAMESPACE = "dhcp";

  /** The Kubernetes version the API server reports (that of the kubectl the project tests with). */
  static final String SERVER_VERSION = "1.34.0";

  static final String NET = "198.18.0";
  private static final java.util.regex.Pattern CRD_KIND =
      java.util.regex.Pattern.compile("(?m)^kind:\\s*\"?CustomResourceDefinition\"?\\s*$");
  static final int PREFIX_LENGTH = 22;

  /**
   * Where the lab's parts are; {@code prometheusRules}, when not null, starts a Prometheus
   * ({@link LabPrometheus}) with that rule file.
   */
  public record Parts(Path nodeJar, Path operatorJar, Path crdsDir, Path prometheusRules) {
    public Parts(Path nodeJar, Path operatorJar, Path crdsDir) {
      this(nodeJar, operatorJar, crdsDir, null);
    }

    public Parts {
      for (Path jar : List.of(nodeJar, operatorJar)) {
        if (!Files.isRegularFile(jar)) {
          throw new IllegalArgumentException(
              jar + " is not built: run mvn -DskipTests package in the project first");
        }
      }
      if (!Files.isDirectory(crdsDir)) {
        throw new IllegalArgumentException("no CRD directory " + crdsDir);
      }
    }
  }

  private final NamespaceLab lab;
  private final int clients;
  private KubernetesMockServer server;
  private KubernetesClient client;
  private PodRunner runner;
  private Path kubeconfig;
  /** The operator's and the nodes' kubeconfig: the mock itself (their watches use WebSocket). */
  private Path internalKubeconfig;
  private ApiFront front;
  private String prometheus;
  /** The operator's /healthz, /readyz and /metrics (its default HTTP_PORT). */
  static final int OPERATOR_HTTP_PORT = 8080;
  private volatile Process operator;
  private final ScheduledExecutorService supervisor =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "operator-supervisor"));

  private LabCluster(NamespaceLab lab, int clients) {
    this.lab = lab;
    this.clients = clients;
  }

  /**
   * Brings the lab up: namespaces, API server, CRDs, operator, pod runner.
   *
   * @param lab the namespaces' owner (its prefix and directory are the lab's)
   * @param clients how many client hosts to put on the segment
   */
  public static LabCluster start(NamespaceLab lab, Parts parts, int clients) throws Exception {
    LabCluster cluster = new LabCluster(lab, clients);
    try {
      cluster.bringUp(parts);
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  private void bringUp(Parts parts) throws Exception {
    lab.host("lan");
    lab.bridge("lan", "br0");
    lab.host("worker-a");
    lab.host("worker-b");
    lab.host("operator");
    lab.attach("worker-a", "eth1", "lan", "br0", address(2) + "/" + PREFIX_LENGTH);
    lab.attach("worker-b", "eth1", "lan", "br0", address(3) + "/" + PREFIX_LENGTH);
    lab.attach("operator", "eth0", "lan", "br0", address(4) + "/" + PREFIX_LENGTH);
    for (int i = 1; i <= clients; i++) {
      lab.host("client" + i);
      lab.attach("client" + i, "eth0", "lan", "br0", null);
    }
    lab.uplink("lan", "br0", address(1) + "/" + PREFIX_LENGTH);

    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new DiscoveryCrudDispatcher(SERVER_VERSION),
            false);
    server.init(InetAddress.getByName(address(1)), 0);
    client = server.createClient();
    createCrds(client, parts.crdsDir());
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE)
        .endMetadata().build()).create();
    internalKubeconfig = Files.writeString(lab.dir().resolve("kubeconfig-internal"),
        kubeconfigText(address(1), server.getPort(), NAMESPACE));
    front = new ApiFront(address(1), URI.create("http://" + address(1) + ":" + server.getPort()));
    kubeconfig = writeKubeconfig(lab.dir(), address(1), front.port());

    startOperator(parts.operatorJar());
    supervisor.scheduleWithFixedDelay(() -> superviseOperator(parts.operatorJar()), 2, 2,
        TimeUnit.SECONDS);
    runner =
        new PodRunner(
                client,
                lab,
                NAMESPACE,
                Map.of(
                    "worker-a", new PodRunner.Node("worker-a", address(2)),
                    "worker-b", new PodRunner.Node("worker-b", address(3))),
                javaCommand("-Xmx256m", "-jar", parts.nodeJar().toString()),
                internalKubeconfig)
            .start();
    if (parts.prometheusRules() != null) {
      Path targets = Files.createDirectories(lab.dir().resolve("prometheus")).resolve("nodes.json");
      LabPrometheus.start(lab, address(5), PREFIX_LENGTH, targets, parts.prometheusRules(),
          address(4) + ":" + OPERATOR_HTTP_PORT);
      // the pods as the API server has them, every 2 s (Prometheus re-reads the file on change)
      supervisor.scheduleWithFixedDelay(() -> {
        try {
          LabPrometheus.writeIfChanged(targets,
              LabPrometheus.targets(client.pods().inAnyNamespace().list().getItems()));
        } catch (Exception e) {
          LOG.warn("PROMETHEUS_TARGETS_NOT_WRITTEN {}", e.toString());
        }
      }, 0, 2, TimeUnit.SECONDS);
      prometheus = "http://" + address(5) + ":" + LabPrometheus.PORT;
    }
  }

  /** Prometheus's URL, or null when the lab runs none. */
  public String prometheus() {
    return prometheus;
  }

  /** {@code 198.18.0.<host>}. */
  public static String address(int host) {
    return NET + "." + host;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  /** The API endpoint for people and kubectl ({@link ApiFront}); its kubeconfig is {@link #kubeconfig}. */
  public String apiServer() {
    return "http://" + address(1) + ":" + front.port();
  }

  public KubernetesClient client() {
    return client;
  }

  public NamespaceLab lab() {
    return lab;
  }

  public int clients() {
    return clients;
  }

  private void startOperator(Path jar) throws IOException {
    operator =
        lab.start(
            "operator",
            "operator",
            Map.of("KUBECONFIG", internalKubeconfig.toString(), "POD_NAMESPACE", NAMESPACE),
            javaCommand("-Xmx256m", "-jar", jar.toString(), "--namespace", NAMESPACE));
    LOG.info("OPERATOR_STARTED pid {}", operator.pid());
  }

  /** Starts the operator again when it exited, as its Deployment would. */
  private void superviseOperator(Path jar) {
    Process p = operator;
    if (p == null || p.isAlive()) {
      return;
    }
    LOG.warn("OPERATOR_EXITED code {}; starting it again (log: {})", p.exitValue(),
        lab.log("operator"));
    try {
      startOperator(jar);
    } catch (IOException e) {
      LOG.warn("OPERATOR_START_FAILED {}", e.toString());
    }
  }

  private static List<String> javaCommand(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Creates every CRD in {@code dir} (YAML files of kind CustomResourceDefinition). */
  public static void createCrds(KubernetesClient client, Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file :
          files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
              .sorted()
              .toList()) {
        String text = Files.readString(file);
        if (!CRD_KIND.matcher(text).find()) {
          continue; // a kustomization beside the CRDs
        }
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .resource(Serialization.unmarshal(text, CustomResourceDefinition.class))
            .create();
      }
    }
  }

  /** A kubeconfig for an API server on plain HTTP without credentials, namespace {@code ns}. */
  public static String kubeconfigText(String address, int port, String ns) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
          - name: lab
            cluster:
              server: http://%s:%d
        users:
          - name: lab
            user: {}
        contexts:
          - name: lab
            context:
              cluster: lab
              user: lab
              namespace: %s
        current-context: lab
        """
        .formatted(address, port, ns);
  }

  private static Path writeKubeconfig(Path dir, String address, int port) throws IOException {
    return Files.writeString(dir.resolve("kubeconfig"), kubeconfigText(address, port, NAMESPACE));
  }

  @Override
  public void close() {
    supervisor.shutdownNow();
    Process op = operator;
    if (op != null) {
      NamespaceLab.terminate(op, Duration.ofSeconds(10));
    }
    if (runner != null) {
      runner.stopAll(Duration.ofSeconds(10));
    }
    if (client != null) {
      client.close();
    }
    if (front != null) {
      front.close();
    }
    if (server != null) {
      server.destroy();
    }
    lab.close();
  }
}
