package io.dhcpfailover.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.dhcpfailover.lab.DiscoveryCrudDispatcher;
import io.dhcpfailover.lab.LabCluster;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The commands against the lab's API server (fabric8's mock with the project's shims) on loopback,
 * its pod proxy forwarding to an HTTP server on loopback that answers as a node's endpoint does.
 * The real nodes and the real kubectl are LabIT's.
 */
class CommandsTest {
  @TempDir Path dir;
  KubernetesMockServer server;
  KubernetesClient client;
  HttpServer primary;
  Path kubeconfig;
  final List<String> partnerDownCalls = new ArrayList<>();

  record Run(int code, String out, String err) {}

  @BeforeEach
  void setUp() throws Exception {
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new DiscoveryCrudDispatcher("1.34.0"), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("dhcp")
        .endMetadata().build()).create();
    kubeconfig = Files.writeString(dir.resolve("kubeconfig"),
        LabCluster.kubeconfigText("127.0.0.1", server.getPort(), "dhcp"));

    primary = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
    primary.createContext("/status", ex -> reply(ex, 200, """
        {"role":"primary","state":"COMMUNICATIONS-INTERRUPTED","since":"2026-12-07T11:00:00Z",
         "partnerState":"NORMAL","link":"Down","partner":"198.18.0.3","unackedUpdates":4,
         "queuedUpdates":0,"serving":true,"version":"0.1.0","configStatus":"Current",
         "subnets":[{"subnet":"198.18.0.0/22","size":919,"active":3,"free":825,"backup":91,
                     "expired":0,"abandoned":0}]}"""));
    primary.createContext("/leases", ex -> reply(ex, 200, """
        {"role":"primary","query":"%s","leases":[{"address":"198.18.0.100","state":"ACTIVE",
         "mac":"02:00:00:00:00:01","flags":[]}]}""".formatted(ex.getRequestURI().getQuery())));
    primary.createContext("/failover/partner-down", ex -> {
      partnerDownCalls.add(ex.getRequestMethod());
      reply(ex, 200, "state PARTNER-DOWN\n");
    });
    primary.start();

    Map<String, Object> pair = Map.of("apiVersion", "dhcpfailover.io/v1alpha1",
        "kind", "DhcpFailoverPair",
        "metadata", Map.of("name", "campus-a", "namespace", "dhcp"),
        "spec", Map.of("mode", "HotStandby", "httpPort", 8067),
        "status", Map.of("phase", "Degraded",
            "primary", Map.of("state", "COMMUNICATIONS-INTERRUPTED"),
            "secondary", Map.of("state", "NORMAL", "since", "2026-12-07T10:00:00Z")));
    client.genericKubernetesResources(Cluster.PAIRS).inNamespace("dhcp")
        .resource(Serialization.jsonMapper().convertValue(pair, GenericKubernetesResource.class))
        .create();
    // the primary's pod: its IP and its port named http lead the proxy to the server above
    client.pods().inNamespace("dhcp").resource(new PodBuilder().withNewMetadata()
        .withName("campus-a-primary-0").endMetadata().withNewSpec().addNewContainer()
        .withName("node").addNewPort().withName("dhcp").withContainerPort(67).endPort()
        .addNewPort().withName("http").withContainerPort(primary.getAddress().getPort()).endPort()
        .endContainer().endSpec().withNewStatus().withPodIP("127.0.0.1").endStatus().build())
        .create();
    client.v1().events().inNamespace("dhcp").resource(new EventBuilder().withNewMetadata()
        .withName("e1").endMetadata().withNewInvolvedObject().withName("campus-a")
        .withKind("DhcpFailoverPair").withNamespace("dhcp").endInvolvedObject()
        .withType("Warning").withReason("NodeNotReady").withMessage("secondary: NORMAL -> SHUTDOWN")
        .withLastTimestamp("2026-12-07T11:00:00Z").build()).create();
  }

  private static void reply(com.sun.net.httpserver.HttpExchange ex, int code, String body)
      throws java.io.IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(code, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  @AfterEach
  void tearDown() {
    primary.stop(0);
    client.close();
    server.destroy();
  }

  private Run run(String stdin, String... args) {
    CommandLine cl = DfpCommand.commandLine(new BufferedReader(new StringReader(stdin)));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--kubeconfig", kubeconfig.toString()));
    return new Run(cl.execute(all.toArray(String[]::new)), out.toString(), err.toString());
  }

  @Test
  void statusAsksTheReachableNodeAndFallsBackToThePairsStatusForTheOther() {
    Run r = run("", "status", "campus-a");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("DhcpFailoverPair dhcp/campus-a  mode HotStandby  phase Degraded");
    assertThat(r.out()).containsPattern(
        "(?m)^state +COMMUNICATIONS-INTERRUPTED since 2026-12-07T11:00:00Z \\(.*\\) +NORMAL since 2026-12-07T10:00:00Z");
    assertThat(r.out()).containsPattern("(?m)^unacked updates +4 \\(queued 0\\) +-$");
    assertThat(r.out()).containsPattern(
        "(?m)^reported by +the node \\(/status\\) +the pair's status; node unreachable: no pod campus-a-secondary-0$");
    assertThat(r.out()).containsPattern("(?m)^198\\.18\\.0\\.0/22 +primary +825 +91 +3 +0 +0 +919 +-$");
    assertThat(r.out()).containsPattern("(?m) +Warning +NodeNotReady +secondary: NORMAL -> SHUTDOWN$");
  }

  @Test
  void aPairThatIsNotThereIsNamedWithItsNamespace() {
    Run r = run("", "status", "campus-b");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: no DhcpFailoverPair \"campus-b\" in namespace dhcp"
        + " (kubectl get dfp -n dhcp lists them)\n");
    assertThat(run("", "status", "campus-a", "-n", "other").err())
        .contains("no DhcpFailoverPair \"campus-a\" in namespace other");
  }

  @Test
  void leasesGoesThroughThePodProxyWithTheQuery() {
    Run r = run("", "leases", "campus-a", "--mac", "02-00-00-00-00-01");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Bindings for mac=02:00:00:00:00:01 in dhcp/campus-a",
        "secondary (campus-a-secondary-0): no pod campus-a-secondary-0");
    assertThat(r.out()).containsPattern("(?m)^state +ACTIVE +\\(no answer\\)$");
  }

  @Test
  void partnerDownPostsOnlyOnceConfirmed() {
    Run refused = run("campus-b\n", "partner-down", "campus-a", "--node", "primary");
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.out()).contains("Now: primary COMMUNICATIONS-INTERRUPTED, secondary NORMAL");
    assertThat(refused.err()).contains("not confirmed: nothing was done");
    assertThat(partnerDownCalls).isEmpty();

    Run typed = run("campus-a\n", "partner-down", "campus-a", "--node", "primary");
    assertThat(typed.code()).as(typed.err()).isZero();
    assertThat(typed.out()).endsWith("campus-a-primary-0: state PARTNER-DOWN\n");
    assertThat(partnerDownCalls).containsExactly("POST");

    Run noPod = run("", "partner-down", "campus-a", "--node", "secondary", "--yes");
    assertThat(noPod.code()).isEqualTo(1);
    assertThat(noPod.err()).contains("no pod campus-a-secondary-0 in namespace dhcp");
  }

  @Test
  void continueUpgradeSetsTheAnnotation() {
    Run r = run("", "continue-upgrade", "campus-a");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("no roll is paused for approval now (upgrade Idle)");
    assertThat(client.genericKubernetesResources(Cluster.PAIRS).inNamespace("dhcp")
        .withName("campus-a").get().getMetadata().getAnnotations())
        .containsKey("dhcpfailover.io/continue-upgrade");
  }

  /**
   * Every request the plugin makes is one the ClusterRoles of deploy/05-user-clusterroles.yaml
   * grant: status and leases with plugin-view, partner-down and continue-upgrade with
   * plugin-admin, and partner-down not with plugin-view (a real API server would refuse it).
   */
  @Test
  void thePluginRolesGrantEveryRequestThePluginMakes() throws Exception {
    Map<String, Set<String>> roles = new HashMap<>();
    for (String doc :
        Files.readString(Path.of("../deploy/05-user-clusterroles.yaml")).split("(?m)^---$")) {
      ClusterRole role = Serialization.unmarshal(doc, ClusterRole.class);
      Set<String> grants = new TreeSet<>();
      for (PolicyRule rule : role.getRules()) {
        for (String group : rule.getApiGroups()) {
          for (String resource : rule.getResources()) {
            for (String verb : rule.getVerbs()) {
              grants.add(group + "/" + resource + "/" + verb);
            }
          }
        }
      }
      roles.put(role.getMetadata().getName(), grants);
    }
    Set<String> view = roles.get("dhcp-failover-operator-plugin-view");
    Set<String> admin = roles.get("dhcp-failover-operator-plugin-admin");
    assertThat(view).isNotEmpty();
    assertThat(admin).containsAll(view);
    requests();

    assertThat(run("", "status", "campus-a").code()).isZero();
    assertThat(run("", "leases", "campus-a", "--ip", "198.18.0.100").code()).isZero();
    Set<String> reads = requests();
    assertThat(reads).contains("/pods/proxy/get", "dhcpfailover.io/dhcpfailoverpairs/get");
    assertThat(view).containsAll(reads);

    assertThat(run("", "partner-down", "campus-a", "--node", "primary", "--yes").code()).isZero();
    assertThat(run("", "continue-upgrade", "campus-a").code()).isZero();
    Set<String> actions = requests();
    assertThat(actions).contains("/pods/proxy/create", "dhcpfailover.io/dhcpfailoverpairs/patch");
    assertThat(admin).containsAll(actions);
    assertThat(view).doesNotContain("/pods/proxy/create", "dhcpfailover.io/dhcpfailoverpairs/patch");
  }

  /**
   * The requests recorded since the last call, as RBAC sees them (group/resource[/sub]/verb);
   * discovery (/api, /apis, /version) is open to every authenticated user and left out.
   */
  private Set<String> requests() throws InterruptedException {
    Set<String> seen = new TreeSet<>();
    RecordedRequest r;
    while ((r = server.takeRequest(200, TimeUnit.MILLISECONDS)) != null) {
      String path = r.getPath().replaceAll("\\?.*", "");
      String[] p = path.substring(1).split("/");
      int at;
      String group;
      if (p[0].equals("api") && p.length > 3 && p[2].equals("namespaces")) {
        group = "";
        at = 3;
      } else if (p[0].equals("apis") && p.length > 4 && p[3].equals("namespaces")) {
        group = p[1];
        at = 4;
      } else {
        assertThat(path).as("a discovery path").matches("/(api|apis|version)(/[^/]+){0,2}");
        continue;
      }
      // namespaces/NS/RESOURCE[/NAME[/SUB...]], at = the index of NS
      String resource = p[at + 1];
      boolean list = p.length <= at + 2;
      String sub = p.length > at + 3 ? "/" + p[at + 3] : "";
      String verb = switch (r.getMethod()) {
        case "GET" -> list ? (r.getPath().contains("watch=true") ? "watch" : "list") : "get";
        case "POST" -> "create";
        case "PATCH" -> "patch";
        case "PUT" -> "update";
        case "DELETE" -> "delete";
        default -> r.getMethod();
      };
      seen.add(group + "/" + resource + sub + "/" + verb);
    }
    return seen;
  }
}
