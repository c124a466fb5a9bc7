package io.dhcpfailover.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  private static final String PAIR = """
      {'metadata':{'name':'campus-a','namespace':'dhcp'},
       'spec':{'mode':'HotStandby','image':'ghcr.io/dhcpfailover/dhcp-node:0.1.0'},
       'status':{'phase':'Running',
         'primary':{'state':'NORMAL','since':'2026-12-07T11:55:00Z'},
         'secondary':{'state':'PARTNER-DOWN','since':'2026-12-07T11:59:00Z','link':'Down'},
         'upgrade':{'phase':'Idle','lastFrom':'a:1','lastTo':'a:2','lastCompleted':'2026-12-07T11:00:00Z'},
         'conditions':[{'type':'Ready','status':'True','reason':'BothNormal','message':'both nodes NORMAL',
                        'lastTransitionTime':'2026-12-07T11:56:00Z'}]}}""";

  private static final String PRIMARY = """
      {'role':'primary','state':'NORMAL','since':'2026-12-07T11:55:00Z','partnerState':'NORMAL',
       'link':'Up','partner':'198.18.0.3','lastContact':'2026-12-07T11:59:58Z','unackedUpdates':2,
       'queuedUpdates':1,'serving':true,'version':'0.1.0','configStatus':'Current',
       'subnets':[{'subnet':'198.18.0.0/22','size':919,'active':1,'free':458,'backup':460,
                   'expired':0,'abandoned':0,
                   'newClientReserve':{'percent':25,'addresses':114,'available':458,'depleted':false}}]}""";

  @Test
  void theReserveColumnSaysWhenNewClientsMustSendAgain() throws Exception {
    assertThat(StatusView.reserve(json("{'percent':25,'addresses':37,'depleted':true}")))
        .isEqualTo("37 reached");
    assertThat(StatusView.reserve(json("{'percent':25,'addresses':37,'depleted':false}")))
        .isEqualTo("37");
    assertThat(StatusView.reserve(json("{'percent':0,'addresses':0,'depleted':false}")))
        .isEqualTo("off");
    assertThat(StatusView.reserve(json("{}").path("newClientReserve"))).as("an older node").isEqualTo("-");
  }

  @Test
  void statusShowsBothNodesPoolsUpgradeConditionsAndEvents() throws Exception {
    JsonNode pair = json(PAIR);
    List<StatusView.Node> nodes = List.of(
        new StatusView.Node("campus-a-primary-0", json(PRIMARY), null, pair.at("/status/primary")),
        new StatusView.Node("campus-a-secondary-0", null, "connection refused",
            pair.at("/status/secondary")));
    List<JsonNode> events = List.of(json("""
        {'type':'Warning','reason':'NodeNotReady','message':'primary: NORMAL -> PARTNER-DOWN',
         'lastTimestamp':'2026-12-07T11:59:30Z','count':3}"""));

    String text = StatusView.render(pair, nodes, events, NOW);

    assertThat(text).startsWith("DhcpFailoverPair dhcp/campus-a  mode HotStandby  phase Running");
    assertThat(text).containsPattern(
        "(?m)^state +NORMAL since 2026-12-07T11:55:00Z \\(5m ago\\) +PARTNER-DOWN since 2026-12-07T11:59:00Z \\(1m ago\\)$");
    assertThat(text).containsPattern("(?m)^partner link +Up to 198\\.18\\.0\\.3 +Down$");
    assertThat(text).containsPattern("(?m)^last contact +2s ago +-$");
    assertThat(text).containsPattern("(?m)^unacked updates +2 \\(queued 1\\) +-$");
    assertThat(text).contains("the pair's status; node unreachable: connection refused");
    assertThat(text).containsPattern(
        "(?m)^198\\.18\\.0\\.0/22 +primary +458 +460 +1 +0 +0 +919 +114$");
    assertThat(text).contains("UPGRADE  Idle", "last roll a:1 -> a:2, finished 1h ago");
    assertThat(text).containsPattern("(?m)^Ready +True +BothNormal +4m ago +both nodes NORMAL$");
    assertThat(text).containsPattern("(?m)^30s ago +Warning +NodeNotReady +primary: NORMAL -> PARTNER-DOWN \\(x3\\)$");
    assertThat(text.lines()).allMatch(l -> l.equals(l.stripTrailing()));
  }

  @Test
  void statusOfAPairWithoutStatusYetSaysSo() throws Exception {
    JsonNode pair = json("{'metadata':{'name':'p','namespace':'n'},'spec':{}}");
    String text = StatusView.render(pair, List.of(
        new StatusView.Node("p-primary-0", null, "no pod p-primary-0", pair.at("/status/primary")),
        new StatusView.Node("p-secondary-0", null, "no pod p-secondary-0", pair.at("/status/secondary"))),
        List.of(), NOW);
    assertThat(text).contains("POOLS  no node answered", "UPGRADE  no roll yet",
        "CONDITIONS  none yet", "EVENTS  none", "node unreachable: no pod p-primary-0");
    assertThat(text).containsPattern("(?m)^state +- +-$");
  }

  @Test
  void leasesAreSideBySideWithTheirDifferencesNamed() throws Exception {
    JsonNode primary = json("""
        {'role':'primary','leases':[{'address':'198.18.0.100','state':'ACTIVE','mac':'02:00:00:00:00:01',
          'start':'2026-12-07T11:00:00Z','expires':'2026-12-07T23:00:00Z','petSent':'2026-12-08T00:00:00Z',
          'petAcked':'2026-12-08T00:00:00Z','flags':[]},
          {'address':'198.18.0.9','state':'EXPIRED','mac':'02:00:00:00:00:01','flags':['unacked']}]}""");
    JsonNode secondary = json("""
        {'role':'secondary','leases':[{'address':'198.18.0.100','state':'RELEASED','mac':'02:00:00:00:00:01',
          'start':'2026-12-07T11:00:00Z','expires':'2026-12-07T22:00:00Z','petSent':'2026-12-08T00:00:00Z',
          'petAcked':'2026-12-08T00:00:00Z','flags':['from-partner']}]}""");
    String text = LeasesView.render("dhcp/campus-a", "mac=02:00:00:00:00:01", List.of(
        new LeasesView.Answer("primary", "campus-a-primary-0", primary, null),
        new LeasesView.Answer("secondary", "campus-a-secondary-0", secondary, null)), NOW);

    assertThat(text).startsWith("Bindings for mac=02:00:00:00:00:01 in dhcp/campus-a\n");
    // sorted by address as numbers: .9 before .100
    assertThat(text.indexOf("198.18.0.9 ")).isLessThan(text.indexOf("198.18.0.100 "));
    assertThat(text).containsPattern(
        "(?m)^198\\.18\\.0\\.100 +PRIMARY \\(campus-a-primary-0\\) +SECONDARY \\(campus-a-secondary-0\\)$");
    assertThat(text).containsPattern("(?m)^state +ACTIVE +RELEASED$");
    assertThat(text).containsPattern(
        "(?m)^expires +2026-12-07T23:00:00Z \\(in 11h\\) +2026-12-07T22:00:00Z \\(in 10h\\)$");
    assertThat(text).containsPattern("(?m)^flags +- +from-partner$");
    assertThat(text).contains("the nodes disagree on: state (");
    assertThat(text).containsPattern("(?m)^state +EXPIRED +\\(no binding\\)$");
  }

  @Test
  void leasesSayWhenNoNodeHasABindingOrANodeDidNotAnswer() throws Exception {
    String none = LeasesView.render("dhcp/campus-a", "ip=198.18.0.7", List.of(
        new LeasesView.Answer("primary", "a-0", json("{'leases':[]}"), null),
        new LeasesView.Answer("secondary", "b-0", json("{'leases':[]}"), null)), NOW);
    assertThat(none).endsWith("\nno binding for ip=198.18.0.7 on either node\n");
    String partial = LeasesView.render("dhcp/campus-a", "ip=198.18.0.7", List.of(
        new LeasesView.Answer("primary", "a-0", json("{'leases':[]}"), null),
        new LeasesView.Answer("secondary", "b-0", null, "HTTP 503: error trying to reach service")),
        NOW);
    assertThat(partial).contains("secondary (b-0): HTTP 503: error trying to reach service",
        "no binding for ip=198.18.0.7 on the nodes that answered");
  }

  @Test
  void agesReadAsKubectlShowsThem() {
    assertThat(Text.duration(java.time.Duration.ofSeconds(59))).isEqualTo("59s");
    assertThat(Text.duration(java.time.Duration.ofSeconds(192))).isEqualTo("3m12s");
    assertThat(Text.duration(java.time.Duration.ofMinutes(125))).isEqualTo("2h5m");
    assertThat(Text.duration(java.time.Duration.ofHours(99))).isEqualTo("4d3h");
    assertThat(Text.when("not a time", NOW)).isEqualTo("not a time");
    assertThat(Text.age(null, NOW)).isEqualTo("-");
  }
}
