package io.dhcpfailover.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The alert rules of {@code deploy/monitoring/dhcp-failover.rules.yaml}, loaded unchanged into a
 * real Prometheus that scrapes a real pair every second, with the target labels the rules and the
 * dashboard group by ({@code namespace}, {@code pair}, {@code role}, {@code pod}). While the pair
 * is NORMAL no alert is even pending; after the primary is killed with SIGKILL,
 * DhcpFailoverCommunicationsInterrupted fires for the secondary once its minute has passed, and
 * after the administrative partner-down DhcpFailoverPartnerDown fires (critical) in its place
 * while DhcpFailoverPairNotNormal is still pending for the pair.
 *
 * <p>Segment 198.18.72.0/24 on the bridge of a lan namespace: primary p (.2), secondary s (.3)
 * and the Prometheus host mon (.9), which reaches both nodes' HTTP port 8067 and nothing else.
 */
class PrometheusAlertIT {
  static final String PRIMARY = "198.18.72.2";
  static final String SECONDARY = "198.18.72.3";
  static final String PROMETHEUS = "198.18.72.9";
  static final String PROMETHEUS_URL = "http://" + PROMETHEUS + ":9090";
  static final String NAMESPACE = "it-monitoring";
  static final String PAIR = "it-prom";
  static final Path RULES = MonitoringMetricsIT.MONITORING.resolve("dhcp-failover.rules.yaml");
  /** Above the rules' {@code for: 1m}, with room for a loaded machine. */
  static final Duration ALERT_TIMEOUT = Duration.ofMinutes(3);

  private static final ObjectMapper JSON = new ObjectMapper();

  private NetLab lab;

  @BeforeEach
  void requirements() {
    Requirements.requireNetworkNamespaces();
    Requirements.requireCommand("curl", "curl");
    Requirements.requireCommand("prometheus", "prometheus");
  }

  @Test
  void noAlertWhileNormalThenTheSurvivorsAlertsFireAfterAKill() throws Exception {
    Path rules = RULES.toAbsolutePath().normalize();
    assertThat(rules).isRegularFile();
    List<String> alertNames = alertNames(Files.readString(rules));
    assertThat(alertNames).contains("DhcpFailoverCommunicationsInterrupted", "DhcpFailoverPartnerDown");

    lab = new NetLab("promalert");
    try {
      NodeProcess primary;
      NodeProcess secondary;
      lab.host("lan");
      lab.bridge("lan", "br0");
      for (String h : List.of("p", "s", "mon")) {
        lab.host(h);
      }
      lab.attach("p", "eth1", "lan", "br0", PRIMARY + "/24");
      lab.attach("s", "eth1", "lan", "br0", SECONDARY + "/24");
      lab.attach("mon", "eth0", "lan", "br0", PROMETHEUS + "/24");
      Path pair = writePair();
      Path tls = NodeProcess.tlsInit(lab, pair);
      primary = node(pair, tls, "primary", "p", PRIMARY).start();
      secondary = node(pair, tls, "secondary", "s", SECONDARY).start();
      primary.awaitStarted(Duration.ofSeconds(60));
      secondary.awaitStarted(Duration.ofSeconds(60));
      PairLab.awaitState(primary, "NORMAL", Duration.ofSeconds(120));
      PairLab.awaitState(secondary, "NORMAL", Duration.ofSeconds(120));

      startPrometheus(rules);
      rulesLoaded(alertNames);
      Awaitility.await("Prometheus scrapes both nodes")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(() -> {
            assertThat(byRole(query("up{job=\"dhcp-failover-node\"} == 1"))).containsOnlyKeys("primary", "secondary");
            assertThat(byRole(query("dhcp_failover_state{state=\"NORMAL\"} == 1")))
                .containsOnlyKeys("primary", "secondary");
          });

      // NORMAL: every rule evaluates without error on the scraped series and none matches, not
      // even as pending (a rule whose expression held would be pending after one evaluation)
      long evaluatedAfter = System.currentTimeMillis() + 1_000;
      long quietUntil = System.currentTimeMillis() + 15_000;
      while (System.currentTimeMillis() < quietUntil) {
        assertThat(alerts()).as("alerts while the pair is NORMAL").isEmpty();
        Thread.sleep(1_000);
      }
      assertRulesEvaluatedOkAfter(evaluatedAfter);
      assertThat(PairLab.state(primary)).isEqualTo("NORMAL");
      assertThat(PairLab.state(secondary)).isEqualTo("NORMAL");
      assertThat(alerts()).as("alerts while the pair is NORMAL").isEmpty();

      long killed = System.currentTimeMillis();
      primary.kill9();
      PairLab.awaitState(secondary, "COMMUNICATIONS-INTERRUPTED", Duration.ofSeconds(60));
      JsonNode interrupted = awaitFiring("DhcpFailoverCommunicationsInterrupted");
      assertThat(System.currentTimeMillis() - killed)
          .as("firing only after the rule's minute").isGreaterThanOrEqualTo(60_000);
      assertSurvivorLabels(interrupted, "warning");
      assertThat(byRole(query("up{job=\"dhcp-failover-node\"} == 0"))).containsOnlyKeys("primary");

      NetLab.Result pd = lab.exec("s", Duration.ofSeconds(60), NodeProcess.java(), "-jar", NodeProcess.jar(),
          "partner-down", "--http", "http://" + SECONDARY + ":8067");
      assertThat(pd.exitCode()).as(pd.out() + pd.err()).isZero();
      PairLab.awaitState(secondary, "PARTNER-DOWN", Duration.ofSeconds(30));
      JsonNode partnerDown = awaitFiring("DhcpFailoverPartnerDown");
      assertSurvivorLabels(partnerDown, "critical");

      List<JsonNode> now = alerts();
      assertThat(named(now, "DhcpFailoverCommunicationsInterrupted"))
          .as("COMMUNICATIONS-INTERRUPTED ended with the partner-down: %s", now).isEmpty();
      List<JsonNode> notNormal = named(now, "DhcpFailoverPairNotNormal");
      assertThat(notNormal).as("the pair out of NORMAL, one alert per pair: %s", now).hasSize(1);
      // pending for its 5 minutes after the kill, unless a slow machine took that long to get here
      assertThat(notNormal.get(0).path("state").asText())
          .isIn(System.currentTimeMillis() - killed < 280_000 ? List.of("pending") : List.of("pending", "firing"));
      assertThat(notNormal.get(0).path("labels").has("role")).as("grouped by pair: %s", notNormal).isFalse();
      assertThat(notNormal.get(0).path("labels").path("namespace").asText()).isEqualTo(NAMESPACE);
      assertThat(notNormal.get(0).path("labels").path("pair").asText()).isEqualTo(PAIR);
      assertThat(now).as("alerts with the pair in PARTNER-DOWN")
          .allSatisfy(a -> assertThat(a.path("labels").path("alertname").asText())
              .isIn("DhcpFailoverPartnerDown", "DhcpFailoverPairNotNormal"));
    } catch (AssertionError | Exception e) {
      String log = lab.errors("prometheus");
      System.err.println("prometheus log (end):\n" + log.substring(Math.max(0, log.length() - 8_000)));
      throw e;
    } finally {
      lab.close();
    }
  }

  private Path writePair() throws IOException {
    Path pair = lab.dir().resolve("pair.yaml");
    Files.writeString(pair, """
        apiVersion: dhcpfailover.io/v1alpha1
        kind: DhcpFailoverPair
        metadata:
          name: %s
        spec:
          mode: HotStandby
          mclt: 30s
          maxResponseDelay: 5s
          primary:
            address: %s
            interfaces: [eth1]
          secondary:
            address: %s
            interfaces: [eth1]
          subnets:
            - subnet: 198.18.72.0/24
              ranges: ["198.18.72.100-198.18.72.200"]
              leaseTime: 10m
              routers: [198.18.72.1]
        """.formatted(PAIR, PRIMARY, SECONDARY));
    return pair;
  }

  private NodeProcess node(Path pair, Path tls, String role, String host, String address) {
    return new NodeProcess(lab, host, role, "http://" + address + ":8067", "serve", "--pair", pair.toString(),
        "--role", role, "--data-dir", lab.dir().resolve(role + "-data").toString(), "--http-port", "8067",
        "--tls-dir", tls.resolve(role).toString());
  }

  /**
   * Prometheus in the mon namespace: both nodes scraped every second with static target labels as
   * the PodMonitor would give them, the project's rule file evaluated every second, its data in
   * the lab's directory.
   */
  private void startPrometheus(Path rules) throws Exception {
    Path config = lab.dir().resolve("prometheus.yml");
    Files.writeString(config, """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        rule_files:
          - %s
        scrape_configs:
          - job_name: dhcp-failover-node
            metrics_path: /metrics
            static_configs:
              - targets: ["%s:8067"]
                labels: {namespace: %s, pair: %s, role: primary, pod: %s-primary-0}
              - targets: ["%s:8067"]
                labels: {namespace: %s, pair: %s, role: secondary, pod: %s-secondary-0}
        """.formatted(rules, PRIMARY, NAMESPACE, PAIR, PAIR, SECONDARY, NAMESPACE, PAIR, PAIR));
    Path tsdb = Files.createDirectories(lab.dir().resolve("tsdb"));
    Process p = lab.start("mon", "prometheus", "prometheus", "--config.file=" + config,
        "--storage.tsdb.path=" + tsdb, "--web.listen-address=" + PROMETHEUS + ":9090");
    Awaitility.await("Prometheus ready")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> {
          if (!p.isAlive()) {
            throw new AssertionError("prometheus exited with " + p.exitValue() + ":\n" + lab.errors("prometheus"));
          }
          NetLab.Result r = lab.exec("mon", Duration.ofSeconds(10), "curl", "-s", "-o", "/dev/null", "-w",
              "%{http_code}", "--max-time", "5", PROMETHEUS_URL + "/-/ready");
          return r.out().trim().equals("200");
        });
  }

  /** Prometheus holds the rule file's group with every alert of the file, and nothing else. */
  private void rulesLoaded(List<String> alertNames) throws Exception {
    JsonNode groups = api("/api/v1/rules").path("groups");
    List<String> loaded = new ArrayList<>();
    for (JsonNode g : groups) {
      assertThat(g.path("name").asText()).isEqualTo("dhcp-failover");
      g.path("rules").forEach(r -> loaded.add(r.path("name").asText()));
    }
    assertThat(loaded).containsExactlyElementsOf(alertNames);
  }

  /** Every rule was evaluated after {@code millis} (epoch) without an error. */
  private void assertRulesEvaluatedOkAfter(long millis) throws Exception {
    for (JsonNode g : api("/api/v1/rules").path("groups")) {
      for (JsonNode r : g.path("rules")) {
        String name = r.path("name").asText();
        assertThat(r.path("health").asText()).as("health of %s: %s", name, r.path("lastError")).isEqualTo("ok");
        assertThat(OffsetDateTime.parse(r.path("lastEvaluation").asText()).toInstant().toEpochMilli())
            .as("last evaluation of %s", name).isGreaterThan(millis);
      }
    }
  }

  private JsonNode awaitFiring(String alertname) {
    JsonNode[] firing = new JsonNode[1];
    Awaitility.await(alertname + " firing for the secondary")
        .atMost(ALERT_TIMEOUT)
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(() -> {
          List<JsonNode> all = alerts();
          List<JsonNode> mine = named(all, alertname);
          assertThat(mine).as("%s among %s", alertname, all).hasSize(1);
          assertThat(mine.get(0).path("state").asText()).as("%s", mine.get(0)).isEqualTo("firing");
          firing[0] = mine.get(0);
        });
    return firing[0];
  }

  private static void assertSurvivorLabels(JsonNode alert, String severity) {
    JsonNode labels = alert.path("labels");
    assertThat(labels.path("role").asText()).as("%s", alert).isEqualTo("secondary");
    assertThat(labels.path("pod").asText()).isEqualTo(PAIR + "-secondary-0");
    assertThat(labels.path("pair").asText()).isEqualTo(PAIR);
    assertThat(labels.path("namespace").asText()).isEqualTo(NAMESPACE);
    assertThat(labels.path("severity").asText()).isEqualTo(severity);
    assertThat(alert.path("annotations").path("summary").asText()).contains(PAIR + "/secondary");
  }

  private List<JsonNode> alerts() throws Exception {
    List<JsonNode> list = new ArrayList<>();
    api("/api/v1/alerts").path("alerts").forEach(list::add);
    return list;
  }

  private static List<JsonNode> named(List<JsonNode> alerts, String alertname) {
    return alerts.stream().filter(a -> a.path("labels").path("alertname").asText().equals(alertname)).toList();
  }

  /** The vector result of an instant query, as role label to value. */
  private Map<String, String> byRole(JsonNode data) {
    Map<String, String> m = new TreeMap<>();
    for (JsonNode s : data.path("result")) {
      m.put(s.path("metric").path("role").asText(), s.path("value").path(1).asText());
    }
    return m;
  }

  private JsonNode query(String promql) throws Exception {
    return api("/api/v1/query", "--data-urlencode", "query=" + promql);
  }

  /** GET on Prometheus's HTTP API from the mon namespace; the {@code data} of a successful answer. */
  private JsonNode api(String path, String... curlArgs) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-G", "--max-time", "10"));
    cmd.addAll(List.of(curlArgs));
    cmd.add(PROMETHEUS_URL + path);
    NetLab.Result r = lab.exec("mon", Duration.ofSeconds(20), cmd.toArray(String[]::new));
    assertThat(r.exitCode()).as("curl %s: %s", path, r.err()).isZero();
    JsonNode answer = JSON.readTree(r.out());
    assertThat(answer.path("status").asText()).as("%s: %s", path, r.out()).isEqualTo("success");
    return answer.path("data");
  }

  /** The {@code alert:} names of a rule file, in order. */
  static List<String> alertNames(String ruleFile) {
    List<String> names = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^\\s*- alert:\\s*(\\S+)").matcher(ruleFile);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
