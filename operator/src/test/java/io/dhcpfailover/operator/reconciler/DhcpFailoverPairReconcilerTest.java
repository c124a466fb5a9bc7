package io.dhcpfailover.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.UpgradePhase;
import io.dhcpfailover.api.v1alpha1.FailoverState;
import io.dhcpfailover.api.v1alpha1.ConfigStatus;
import io.dhcpfailover.api.v1alpha1.ConfigVersion;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.LeaseCounts;
import io.dhcpfailover.api.v1alpha1.NodeStatus;
import io.dhcpfailover.operator.Fixtures;
import io.dhcpfailover.operator.model.DesiredStateBuilder;
import io.dhcpfailover.operator.status.StatusAggregator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.dhcpfailover.lab.MergePatchCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import org.junit.jupiter.api.AfterEach;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reconciler against fabric8's mock API server in CRUD mode (merge patches per RFC 7386). */
class DhcpFailoverPairReconcilerTest {

  static final String NS = "dhcp";
  KubernetesMockServer server;
  KubernetesClient client;
  DhcpFailoverPairReconciler reconciler;
  ReconcilerHarness harness;

  @AfterEach
  void stopServer() {
    harness.close();
  }

  @BeforeEach
  void setUp() {
    harness = new ReconcilerHarness();
    server = harness.server;
    client = harness.client;
    reconciler = harness.reconciler;
  }

  @Test
  void applyingAPairRendersExactlyTheExpectedObjects() {
    create(Fixtures.pair("hot-standby"));
    reconcile();
    assertThat(names(client.apps().statefulSets().inNamespace(NS).list().getItems()))
        .containsExactlyInAnyOrder("campus-a-primary", "campus-a-secondary");
    assertThat(names(client.configMaps().inNamespace(NS).list().getItems()))
        .containsExactly("campus-a-pair");
    assertThat(names(client.serviceAccounts().inNamespace(NS).list().getItems()))
        .containsExactly("campus-a-node");
    assertThat(names(client.rbac().roles().inNamespace(NS).list().getItems()))
        .containsExactly("campus-a-node");
    assertThat(names(client.rbac().roleBindings().inNamespace(NS).list().getItems()))
        .containsExactly("campus-a-node");
    assertThat(names(client.secrets().inNamespace(NS).list().getItems()))
        .containsExactly("campus-a-peer-tls");
    DhcpFailoverPair pair = get();
    assertThat(pair.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(pair.getStatus().getObservedGeneration()).isEqualTo(pair.getMetadata().getGeneration());
    assertCondition(pair, "InvalidSpec", "False");
    assertCondition(pair, "Ready", "False");
    assertThat(eventReasons()).contains("Created");
  }

  @Test
  void peerTlsDisabledCreatesNoSecret() {
    DhcpFailoverPair pair = Fixtures.pair("hot-standby");
    pair.getSpec().setPeerTLS(io.dhcpfailover.api.v1alpha1.PeerTls.DISABLED);
    create(pair);
    reconcile();
    assertThat(client.secrets().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(client.apps().statefulSets().inNamespace(NS).withName("campus-a-primary").get()
            .getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .doesNotContain("--tls-dir");
  }

  @Test
  void secondReconcileChangesNothing() {
    create(Fixtures.pair("hot-standby"));
    reconcile();
    reconcile();
    Map<String, String> before = resourceVersions();
    reconcile();
    assertThat(resourceVersions()).isEqualTo(before);
  }

  @Test
  void subnetChangeUpdatesTheConfigMapButNotTheStatefulSets() {
    create(Fixtures.pair("hot-standby"));
    reconcile();
    Map<String, String> before = resourceVersions();
    DhcpFailoverPair pair = get();
    pair.getSpec().getSubnets().get(0).setLeaseTime("2h");
    client.resource(pair).update();
    reconcile();
    Map<String, String> after = resourceVersions();
    assertThat(after.get("ConfigMap/campus-a-pair")).isNotEqualTo(before.get("ConfigMap/campus-a-pair"));
    assertThat(after.get("StatefulSet/campus-a-primary")).isEqualTo(before.get("StatefulSet/campus-a-primary"));
    assertThat(after.get("StatefulSet/campus-a-secondary")).isEqualTo(before.get("StatefulSet/campus-a-secondary"));
    assertThat(configMap().getData().get("pair.yaml")).contains("leaseTime: \"2h\"");
  }

  @Test
  void imageChangeWithoutRunningNodesUpdatesBothTemplatesSecondaryFirst() {
    create(Fixtures.pair("hot-standby"));
    reconcile();
    DhcpFailoverPair pair = get();
    pair.getSpec().setImage(NEW_IMAGE);
    client.resource(pair).update();
    reconcile();
    assertThat(image("campus-a-secondary")).isEqualTo(NEW_IMAGE);
    assertThat(image("campus-a-primary")).isEqualTo(OLD_IMAGE);
    reconcile();
    assertThat(image("campus-a-primary")).isEqualTo(NEW_IMAGE);
  }

  @Test
  void imageChangeRestartsTheSecondaryAndHoldsThePrimaryUntilTheSecondaryIsNormalAgain() {
    create(Fixtures.pair("hot-standby"));
    reconcile();
    runPod("primary");
    runPod("secondary");
    nodeWrites("primary", state("NORMAL"));
    nodeWrites("secondary", state("NORMAL"));
    reconcile();
    assertThat(get().getStatus().getPhase()).isEqualTo("Running");

    DhcpFailoverPair pair = get();
    pair.getSpec().setImage(NEW_IMAGE);
    client.resource(pair).update();
    reconcile();
    assertThat(image("campus-a-secondary")).isEqualTo(NEW_IMAGE);
    assertThat(image("campus-a-primary")).isEqualTo(OLD_IMAGE);
    assertThat(get().getStatus().getUpgrade().getPhase()).isEqualTo(UpgradePhase.RESTARTING_SECONDARY);
    assertThat(get().getStatus().getPhase()).isEqualTo("Upgrading");
    assertCondition(get(), "Progressing", "True");

    reconcile();
    assertThat(pod("secondary")).as("secondary pod deleted").isNull();
    assertThat(pod("primary")).isNotNull();
    nodeWrites("secondary", state("SHUTDOWN"));
    nodeWrites("primary", state("PARTNER-DOWN"));
    reconcile();
    runPod("secondary");
    nodeWrites("secondary", state("RECOVER-WAIT"));
    reconcile();
    DhcpFailoverPair waiting = get();
    assertThat(waiting.getStatus().getUpgrade().getPhase()).isEqualTo(UpgradePhase.WAITING_FOR_SECONDARY_NORMAL);
    assertThat(waiting.getStatus().getUpgrade().getDeadline()).isNotNull();
    assertThat(image("campus-a-primary")).isEqualTo(OLD_IMAGE);

    nodeWrites("secondary", state("NORMAL"));
    nodeWrites("primary", state("NORMAL"));
    reconcile();
    assertThat(image("campus-a-primary")).isEqualTo(NEW_IMAGE);
    assertThat(eventReasons()).contains("UpgradeStarted", "RestartingNode", "NodeBackToNormal");

    reconcile();
    assertThat(pod("primary")).as("primary pod deleted").isNull();
    runPod("primary");
    nodeWrites("primary", state("NORMAL"));
    reconcile();
    DhcpFailoverPair done = get();
    assertThat(done.getStatus().getUpgrade().getPhase()).isEqualTo(UpgradePhase.IDLE);
    assertThat(done.getStatus().getUpgrade().getLastFrom()).isEqualTo(OLD_IMAGE);
    assertThat(done.getStatus().getUpgrade().getLastTo()).isEqualTo(NEW_IMAGE);
    assertThat(done.getStatus().getUpgrade().getLastCompleted()).isNotNull();
    assertThat(done.getStatus().getUpgrade().getNode()).isNull();
    assertThat(done.getStatus().getPhase()).isEqualTo("Running");
    assertThat(eventReasons()).contains("UpgradeCompleted");
  }

  @Test
  void invalidSpecGetsConditionAndEventAndLeavesStatefulSetsAlone() {
    create(Fixtures.pair("hot-standby"));
    reconcile();
    Map<String, String> before = resourceVersions();
    DhcpFailoverPair pair = get();
    pair.getSpec().getSecondary().setAddress(pair.getSpec().getPrimary().getAddress());
    pair.getSpec().setImage("ghcr.io/dhcpfailover/dhcp-node:0.9.0");
    client.resource(pair).update();
    reconcile();
    DhcpFailoverPair after = get();
    assertThat(after.getStatus().getPhase()).isEqualTo("Invalid");
    Condition invalid = condition(after, "InvalidSpec");
    assertThat(invalid.getStatus()).isEqualTo("True");
    assertThat(invalid.getMessage()).contains("spec.secondary.address");
    assertThat(client.v1().events().inNamespace(NS).list().getItems())
        .anySatisfy(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getReason()).isEqualTo("InvalidSpec");
              assertThat(e.getMessage()).contains("spec.secondary.address");
            });
    Map<String, String> afterVersions = resourceVersions();
    assertThat(afterVersions.get("StatefulSet/campus-a-primary")).isEqualTo(before.get("StatefulSet/campus-a-primary"));
    assertThat(afterVersions.get("StatefulSet/campus-a-secondary")).isEqualTo(before.get("StatefulSet/campus-a-secondary"));
  }

  @Test
  void invalidSpecIsReportedOnceWhileUnchanged() {
    DhcpFailoverPair pair = Fixtures.pair("hot-standby");
    pair.getSpec().setMclt("forever");
    create(pair);
    reconcile();
    reconcile();
    assertThat(eventReasons().stream().filter("InvalidSpec"::equals)).hasSize(1);
    assertThat(client.apps().statefulSets().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void nodeStatusWrittenBetweenReconcilesSurvivesTheOperatorStatusWrite() {
    create(Fixtures.pair("hot-standby"));
    reconcile();
    DhcpFailoverPair cached = get();
    NodeStatus primary = state("NORMAL");
    primary.setLeases(new LeaseCounts(412, 80, 40));
    nodeWrites("primary", primary);
    nodeWrites("secondary", state("NORMAL"));
    // reconcile from the stale cached copy, as an informer cache may hand it over
    reconciler.reconcile(cached, null);
    DhcpFailoverPair after = get();
    assertThat(after.getStatus().getPrimary().getState()).isEqualTo(FailoverState.NORMAL);
    assertThat(after.getStatus().getPrimary().getLeases().getActive()).isEqualTo(412L);
    assertThat(after.getStatus().getSecondary().getState()).isEqualTo(FailoverState.NORMAL);
    reconcile();
    after = get();
    assertThat(after.getStatus().getPhase()).isEqualTo("Running");
    assertCondition(after, "Ready", "True");
    assertThat(after.getStatus().getConditions())
        .extracting(Condition::getType)
        .containsExactly("Ready", "Degraded", "Progressing", "InvalidSpec", "ConfigSynced");
    assertThat(after.getStatus().getPrimary().getLeases().getActive()).isEqualTo(412L);
  }

  @Test
  void nodeGoingDownMakesThePairDegradedWithAWarning() {
    create(Fixtures.pair("hot-standby"));
    reconcile();
    nodeWrites("primary", state("NORMAL"));
    nodeWrites("secondary", state("NORMAL"));
    reconcile();
    nodeWrites("primary", state("PARTNER-DOWN"));
    reconcile();
    DhcpFailoverPair after = get();
    assertThat(after.getStatus().getPhase()).isEqualTo("Degraded");
    assertCondition(after, "Degraded", "True");
    assertCondition(after, "Ready", "True");
    assertThat(client.v1().events().inNamespace(NS).list().getItems())
        .anySatisfy(
            e -> {
              assertThat(e.getReason()).isEqualTo("NodeNotReady");
              assertThat(e.getMessage()).isEqualTo("primary: NORMAL -> PARTNER-DOWN");
            });
  }

  @Test
  void statusCarriesTheConfigVersionOfTheRenderedPairFile() {
    create(Fixtures.pair("hot-standby"));
    reconcile();
    DhcpFailoverPair pair = get();
    DhcpFailoverPair file =
        Serialization.unmarshal(configMap().getData().get("pair.yaml"), DhcpFailoverPair.class);
    assertThat(pair.getStatus().getConfigVersion())
        .matches("[0-9a-f]{12}")
        .isEqualTo(ConfigVersion.of(file))
        .isEqualTo(ConfigVersion.of(pair));
    assertThat(pair.getStatus().getPrimary()).isNull();
    assertThat(condition(pair, "ConfigSynced"))
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("ConfigPending");
              assertThat(c.getMessage())
                  .isEqualTo(
                      "rendered " + pair.getStatus().getConfigVersion() + "; primary reports no"
                          + " config version, secondary reports no config version");
            });
  }

  @Test
  void bothNodesRunningTheRenderedConfigMakeConfigSynced() {
    create(Fixtures.pair("hot-standby"));
    reconcile();
    String rendered = get().getStatus().getConfigVersion();
    nodeWrites("primary", running("NORMAL", rendered));
    nodeWrites("secondary", running("NORMAL", rendered));
    reconcile();
    Condition synced = condition(get(), "ConfigSynced");
    assertThat(synced.getStatus()).isEqualTo("True");
    assertThat(synced.getReason()).isEqualTo("BothNodesCurrent");
    assertThat(synced.getMessage()).isEqualTo("primary and secondary run " + rendered);
  }

  /**
   * A pair whose two nodes report the rendered config version, then a spec change the nodes apply
   * live (the first subnet's lease time); returns the version the nodes run.
   */
  private String bothNodesRunningThenLeaseTimeChangedTo(String leaseTime) {
    create(Fixtures.pair("hot-standby"));
    reconcile();
    String old = get().getStatus().getConfigVersion();
    nodeWrites("primary", running("NORMAL", old));
    nodeWrites("secondary", running("NORMAL", old));
    reconcile();
    DhcpFailoverPair pair = get();
    pair.getSpec().getSubnets().get(0).setLeaseTime(leaseTime);
    client.resource(pair).update();
    reconcile();
    return old;
  }

  @Test
  void aSpecChangeIsConfigPendingUntilBothNodesRunIt() {
    String old = bothNodesRunningThenLeaseTimeChangedTo("2h");
    String rendered = get().getStatus().getConfigVersion();
    assertThat(rendered).isNotEqualTo(old);
    assertCondition(get(), "ConfigSynced", "False");
    assertThat(condition(get(), "ConfigSynced").getMessage())
        .isEqualTo("rendered " + rendered + "; primary runs " + old + ", secondary runs " + old);

    nodeWrites("secondary", running("NORMAL", rendered));
    reconcile();
    assertThat(condition(get(), "ConfigSynced").getReason()).isEqualTo("ConfigPending");
    assertThat(condition(get(), "ConfigSynced").getMessage())
        .isEqualTo("rendered " + rendered + "; primary runs " + old + ", secondary runs " + rendered);

    nodeWrites("primary", running("NORMAL", rendered));
    reconcile();
    assertCondition(get(), "ConfigSynced", "True");
  }

  @Test
  void aNodeRejectingThePairFileMakesConfigRejectedWithOneWarningPerError() {
    String old = bothNodesRunningThenLeaseTimeChangedTo("7h");
    String error = "new configuration rejected, running " + old + ": spec.subnets: bad";
    NodeStatus rejecting = running("NORMAL", old);
    rejecting.setConfigError(error);
    nodeWrites("secondary", rejecting);
    nodeWrites("primary", running("NORMAL", get().getStatus().getConfigVersion()));
    reconcile();
    reconcile();

    Condition synced = condition(get(), "ConfigSynced");
    assertThat(synced.getStatus()).isEqualTo("False");
    assertThat(synced.getReason()).isEqualTo("ConfigRejected");
    assertThat(synced.getMessage()).isEqualTo("secondary: " + error);
    assertThat(get().getStatus().getPhase()).isEqualTo("Running");
    assertThat(warnings("ConfigRejected")).containsExactly("secondary: " + error);

    rejecting.setConfigStatus(ConfigStatus.RESTART_PENDING);
    rejecting.setConfigError("changes to interfaces take effect after a restart; running " + old);
    nodeWrites("secondary", rejecting);
    reconcile();
    assertThat(condition(get(), "ConfigSynced").getReason()).isEqualTo("RestartPending");
    assertThat(warnings("ConfigRejected")).as("a pending restart is no warning").hasSize(1);

    rejecting.setConfigStatus(ConfigStatus.REJECTED);
    rejecting.setConfigError("new configuration rejected, running " + old + ": spec: boom");
    nodeWrites("secondary", rejecting);
    reconcile();
    assertThat(warnings("ConfigRejected"))
        .containsExactlyInAnyOrder(
            "secondary: " + error,
            "secondary: new configuration rejected, running " + old + ": spec: boom");
  }

  @Test
  void invalidSpecLeavesTheRenderedConfigVersionAndSaysSoInConfigSynced() {
    create(Fixtures.pair("hot-standby"));
    reconcile();
    String rendered = get().getStatus().getConfigVersion();
    nodeWrites("primary", running("NORMAL", rendered));
    nodeWrites("secondary", running("NORMAL", rendered));
    reconcile();
    DhcpFailoverPair pair = get();
    pair.getSpec().setMclt("forever");
    client.resource(pair).update();
    reconcile();
    DhcpFailoverPair after = get();
    assertThat(after.getStatus().getConfigVersion()).isEqualTo(rendered);
    Condition synced = condition(after, "ConfigSynced");
    assertThat(synced.getStatus()).isEqualTo("False");
    assertThat(synced.getReason()).isEqualTo("InvalidSpec");
    assertThat(synced.getMessage())
        .isEqualTo(
            "spec refused, pair file not rendered; primary runs " + rendered
                + ", secondary runs " + rendered);
  }

  @Test
  void conditionKeepsItsTransitionTimeWhileUnchanged() {
    create(Fixtures.pair("hot-standby"));
    reconcile();
    String first = condition(get(), "InvalidSpec").getLastTransitionTime();
    DhcpFailoverPair pair = get();
    pair.getSpec().getSubnets().get(0).setLeaseTime("3h");
    client.resource(pair).update();
    DhcpFailoverPairReconciler later =
        new DhcpFailoverPairReconciler(
            client,
            new DesiredStateBuilder(DesiredStateBuilder.defaultImageFor("0.1.0")),
            Clock.fixed(Instant.parse("2025-06-01T13:00:00Z"), ZoneOffset.UTC),
            new SimpleMeterRegistry());
    later.reconcile(get(), null);
    assertThat(condition(get(), "InvalidSpec").getLastTransitionTime()).isEqualTo(first);
  }

  @Test
  void deletedPairLeavesOwnedObjectsToTheGarbageCollector() {
    create(Fixtures.pair("hot-standby"));
    reconcile();
    String uid = get().getMetadata().getUid();
    client.resource(get()).delete();
    assertThat(get()).isNull();
    // the mock has no garbage collector: check what a real one would act on
    for (StatefulSet sts : client.apps().statefulSets().inNamespace(NS).list().getItems()) {
      assertThat(sts.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(ref -> {
            assertThat(ref.getUid()).isEqualTo(uid);
            assertThat(ref.getController()).isTrue();
            assertThat(ref.getBlockOwnerDeletion()).isTrue();
          });
    }
    assertThat(configMap().getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo(uid);
  }

  // --- helpers -------------------------------------------------------------------------------

  static final String OLD_IMAGE = DesiredStateBuilder.defaultImageFor("0.1.0");
  static final String NEW_IMAGE = "ghcr.io/dhcpfailover/dhcp-node:0.2.0";

  private String image(String statefulSet) {
    StatefulSet sts = client.apps().statefulSets().inNamespace(NS).withName(statefulSet).get();
    return sts.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  private void runPod(String role) {
    ReconcilerHarness.runPod(client, role);
  }

  private Pod pod(String role) {
    return client.pods().inNamespace(NS).withName("campus-a-" + role + "-0").get();
  }

  private static NodeStatus running(String state, String configVersion) {
    NodeStatus node = state(state);
    node.setConfigVersion(configVersion);
    return node;
  }

  private List<String> warnings(String reason) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> "Warning".equals(e.getType()) && reason.equals(e.getReason()))
        .map(Event::getMessage)
        .collect(Collectors.toList());
  }

  /** A node's entry as a node writes it: stamped with the (real) time, as the mock stamps pods. */
  private static NodeStatus state(String state) {
    NodeStatus node = new NodeStatus();
    node.setState(FailoverState.of(state));
    node.setUpdated(Instant.now().toString());
    return node;
  }

  private void create(DhcpFailoverPair pair) {
    pair.getMetadata().setUid(null);
    client.resource(pair).create();
  }

  private DhcpFailoverPair get() {
    return client.resources(DhcpFailoverPair.class).inNamespace(NS).withName("campus-a").get();
  }

  private void reconcile() {
    reconciler.reconcile(get(), null);
  }

  private void nodeWrites(String role, NodeStatus node) {
    ReconcilerHarness.nodeWrites(client, role, node);
  }

  private ConfigMap configMap() {
    return client.configMaps().inNamespace(NS).withName("campus-a-pair").get();
  }

  private Map<String, String> resourceVersions() {
    return harness.resourceVersions();
  }

  private List<String> eventReasons() {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .map(Event::getReason)
        .collect(Collectors.toList());
  }

  private static List<String> names(List<? extends io.fabric8.kubernetes.api.model.HasMetadata> items) {
    return items.stream().map(o -> o.getMetadata().getName()).collect(Collectors.toList());
  }

  private static Condition condition(DhcpFailoverPair pair, String type) {
    return StatusAggregator.find(pair.getStatus().getConditions(), type);
  }

  private static void assertCondition(DhcpFailoverPair pair, String type, String status) {
    assertThat(condition(pair, type)).as("condition %s", type).isNotNull();
    assertThat(condition(pair, type).getStatus()).as("condition %s", type).isEqualTo(status);
  }

}
