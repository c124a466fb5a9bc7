package io.dhcpfailover.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.FailoverState;
import io.dhcpfailover.api.v1alpha1.NodeStatus;
import io.dhcpfailover.operator.Fixtures;
import io.dhcpfailover.operator.model.DesiredStateBuilder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With the operator running (its informers on the API server), a node pod that starts crashing
 * shows in the pair by itself: nothing else about the pair or its StatefulSets changes, so only
 * the pod's own events can bring the reconcile.
 */
class NodePodEventsTest {
  private ReconcilerHarness k8s;
  private Operator operator;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void start() {
    k8s = new ReconcilerHarness();
    operator =
        new Operator(o -> o.withKubernetesClient(k8s.client).withUseSSAToPatchPrimaryResource(false).withCloseClientOnStop(false));
    operator.register(
        new DhcpFailoverPairReconciler(
            k8s.client, new DesiredStateBuilder(DesiredStateBuilder.defaultImageFor("0.1.0")),
            Clock.systemUTC(), registry),
        c -> c.settingNamespaces(ReconcilerHarness.NS));
    operator.start();
    k8s.create(Fixtures.pair("hot-standby"));
    await().atMost(Duration.ofSeconds(30)).until(() ->
        k8s.client.apps().statefulSets().inNamespace(ReconcilerHarness.NS).withName(ReconcilerHarness.NAME + "-secondary").get() != null);
    ReconcilerHarness.runPod(k8s.client, "primary");
    ReconcilerHarness.runPod(k8s.client, "secondary");
  }

  private double reconciles() {
    return registry.counter("dhcpfailover_reconciliations_total").count();
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.stop();
    }
    k8s.close();
  }

  @Test
  void aCrashingNodeShowsWithoutAnyOtherChange() {
    await().atMost(Duration.ofSeconds(30)).until(() -> k8s.get().getStatus() != null
        && k8s.get().getStatus().getConfigVersion() != null);
    String rendered = k8s.get().getStatus().getConfigVersion();
    for (String role : List.of("primary", "secondary")) {
      NodeStatus node = new NodeStatus();
      node.setState(FailoverState.NORMAL);
      node.setPartnerState(FailoverState.NORMAL);
      node.setConfigVersion(rendered);
      node.setUpdated(Instant.now().toString());
      ReconcilerHarness.nodeWrites(k8s.client, role, node);
    }
    // settled: the next periodic check is minutes away, so only the pod's event can bring this one
    await().atMost(Duration.ofSeconds(30)).until(() -> k8s.get().getStatus() != null
        && "Running".equals(k8s.get().getStatus().getPhase())
        && k8s.get().getStatus().getConditions().stream().anyMatch(c -> "ConfigSynced".equals(c.getType()) && "True".equals(c.getStatus())));
    // and quiet: no reconcile for 3 s (its own status writes bring none once nothing changes)
    double[] seen = {-1};
    await().pollInterval(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).until(() -> {
      double now = reconciles();
      boolean quiet = now == seen[0];
      seen[0] = now;
      return quiet;
    });
    k8s.client.pods().inNamespace(ReconcilerHarness.NS).withName(ReconcilerHarness.NAME + "-secondary-0")
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("status", Map.of(
            "phase", "Running",
            "conditions", List.of(Map.of("type", "Ready", "status", "False")),
            "containerStatuses", List.of(new ContainerStatusBuilder()
                .withName("dhcp-node").withReady(false).withRestartCount(1)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(2).withReason("Error")
                .withMessage("CONFIG_INVALID spec.mclt: must be more than 0s").endTerminated().endLastState()
                .build())))));

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      DhcpFailoverPair pair = k8s.get();
      Condition degraded = pair.getStatus().getConditions().stream()
          .filter(c -> "Degraded".equals(c.getType())).findFirst().orElseThrow();
      assertThat(degraded.getReason()).isEqualTo("NodeFailing");
      assertThat(degraded.getMessage()).contains("secondary").contains("spec.mclt");
    });
  }
}
