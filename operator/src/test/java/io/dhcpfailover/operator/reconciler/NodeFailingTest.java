package io.dhcpfailover.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.FailoverState;
import io.dhcpfailover.api.v1alpha1.NodeStatus;
import io.dhcpfailover.operator.Fixtures;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node pod that fails to start shows in the pair: Degraded (reason NodeFailing) and Ready False
 * name the node and its last message, and each distinct message is one Warning event. Pod status
 * is written as the kubelet writes it: a merge patch of the pod's status subresource.
 */
class NodeFailingTest {
  private static final String REFUSED =
      "CONFIG_INVALID spec.mclt: must be more than 0s";

  private ReconcilerHarness k8s;

  @BeforeEach
  void start() {
    k8s = new ReconcilerHarness();
    k8s.create(Fixtures.pair("hot-standby"));
    k8s.reconcile();
    runPod("primary");
    runPod("secondary");
    nodeWrites("primary", FailoverState.PARTNER_DOWN);
  }

  @AfterEach
  void stop() {
    k8s.close();
  }

  @Test
  void crashLoopingNodeMakesThePairDegradedAndNotReady() {
    kubeletReports("secondary", crashLooping(2, REFUSED));

    k8s.reconcile();

    DhcpFailoverPair pair = k8s.get();
    Condition degraded = condition(pair, "Degraded");
    assertThat(degraded.getStatus()).isEqualTo("True");
    assertThat(degraded.getReason()).isEqualTo("NodeFailing");
    assertThat(degraded.getMessage())
        .contains("secondary")
        .contains("CrashLoopBackOff")
        .contains("exit code 2")
        .contains(REFUSED);
    Condition ready = condition(pair, "Ready");
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("NodeFailing");
    assertThat(pair.getStatus().getPhase()).isEqualTo("Degraded");
  }

  @Test
  void eachDistinctMessageIsOneWarning() {
    kubeletReports("secondary", crashLooping(2, REFUSED));
    k8s.reconcile();
    k8s.reconcile();
    kubeletReports("secondary", crashLooping(2, REFUSED).withRestartCount(7).build());
    k8s.reconcile();

    assertThat(warnings()).hasSize(1);
    assertThat(warnings().get(0)).contains("secondary").contains(REFUSED);

    kubeletReports("secondary", crashLooping(1, "CONFIG_INVALID spec.subnets[0]: bad range"));
    k8s.reconcile();
    k8s.reconcile();

    assertThat(warnings()).hasSize(2);
    assertThat(warnings()).anySatisfy(m -> assertThat(m).contains("spec.subnets[0]: bad range"));
  }

  @Test
  void containerThatJustExitedCountsBeforeTheBackOff() {
    ContainerStatus exited =
        new ContainerStatusBuilder()
            .withName("dhcp-node")
            .withReady(false)
            .withRestartCount(0)
            .withNewState()
            .withNewTerminated()
            .withExitCode(2)
            .withReason("Error")
            .withMessage(REFUSED)
            .endTerminated()
            .endState()
            .build();
    kubeletReports("secondary", exited);

    k8s.reconcile();

    Condition degraded = condition(k8s.get(), "Degraded");
    assertThat(degraded.getReason()).isEqualTo("NodeFailing");
    assertThat(degraded.getMessage()).contains("exit code 2").contains(REFUSED);
  }

  @Test
  void nodeThatRunsAgainIsNoLongerFailing() {
    kubeletReports("secondary", crashLooping(2, REFUSED));
    k8s.reconcile();
    ContainerStatus running =
        crashLooping(2, REFUSED)
            .withReady(true)
            .withNewState()
            .withNewRunning()
            .withStartedAt("2025-06-01T12:00:00Z")
            .endRunning()
            .endState()
            .build();
    kubeletReports("secondary", running);
    nodeWrites("secondary", FailoverState.RECOVER_WAIT);

    k8s.reconcile();

    Condition degraded = condition(k8s.get(), "Degraded");
    assertThat(degraded.getReason()).isNotEqualTo("NodeFailing");
    assertThat(condition(k8s.get(), "Ready").getReason()).isNotEqualTo("NodeFailing");
  }

  private static ContainerStatusBuilder crashLooping(int exitCode, String message) {
    return new ContainerStatusBuilder()
        .withName("dhcp-node")
        .withReady(false)
        .withRestartCount(3)
        .withNewState()
        .withNewWaiting()
        .withReason("CrashLoopBackOff")
        .withMessage("back-off 40s restarting failed container=dhcp-node")
        .endWaiting()
        .endState()
        .withNewLastState()
        .withNewTerminated()
        .withExitCode(exitCode)
        .withReason("Error")
        .withMessage(message)
        .endTerminated()
        .endLastState();
  }

  private void kubeletReports(String role, ContainerStatusBuilder status) {
    kubeletReports(role, status.build());
  }

  /** What the kubelet does: a merge patch of the pod's status subresource. */
  private void kubeletReports(String role, ContainerStatus status) {
    k8s.client
        .pods()
        .inNamespace(ReconcilerHarness.NS)
        .withName("campus-a-" + role + "-0")
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(
                Map.of(
                    "status",
                    Map.of(
                        "phase", "Running",
                        "conditions", List.of(Map.of("type", "Ready", "status", "False")),
                        "containerStatuses", List.of(status)))));
  }

  private void runPod(String role) {
    ReconcilerHarness.runPod(k8s.client, role);
  }

  private void nodeWrites(String role, FailoverState state) {
    NodeStatus node = new NodeStatus();
    node.setState(state);
    node.setUpdated(Instant.now().toString());
    ReconcilerHarness.nodeWrites(k8s.client, role, node);
  }

  private List<String> warnings() {
    return k8s.client.v1().events().inNamespace(ReconcilerHarness.NS).list().getItems().stream()
        .filter(e -> "Warning".equals(e.getType()) && "NodeFailing".equals(e.getReason()))
        .map(Event::getMessage)
        .toList();
  }

  private static Condition condition(DhcpFailoverPair pair, String type) {
    return pair.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type));
  }
}
