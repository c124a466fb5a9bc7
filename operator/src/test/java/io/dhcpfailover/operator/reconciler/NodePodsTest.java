package io.dhcpfailover.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.operator.model.DesiredStateBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import org.junit.jupiter.api.Test;

/** Node pod events reach their pair: by its label, and only when the containers change. */
class NodePodsTest {

  private static PodBuilder pod(String pairLabel) {
    PodBuilder b = new PodBuilder().withNewMetadata().withName("lab-secondary-0").withNamespace("dhcp").endMetadata();
    if (pairLabel != null) {
      b.editMetadata().addToLabels(DesiredStateBuilder.PAIR_LABEL, pairLabel).endMetadata();
    }
    return b;
  }

  private static Pod withContainer(int restarts, boolean ready) {
    return pod("lab")
        .withNewStatus()
        .withPhase("Running")
        .addNewContainerStatus()
        .withName("dhcp-node")
        .withRestartCount(restarts)
        .withReady(ready)
        .endContainerStatus()
        .endStatus()
        .build();
  }

  @Test
  void aNodePodMapsToThePairNamedByItsLabel() {
    assertThat(NodePods.pairOf(pod("lab").build())).containsExactly(new ResourceID("lab", "dhcp"));
    assertThat(NodePods.pairOf(pod(null).build())).isEmpty();
    assertThat(NodePods.pairOf(pod(" ").build())).isEmpty();
  }

  @Test
  void aRestartOrAReadinessChangeReconcilesOtherUpdatesDoNot() {
    Pod running = withContainer(0, true);
    assertThat(NodePods.containersChanged(withContainer(1, false), running)).as("crashed and restarted").isTrue();
    assertThat(NodePods.containersChanged(withContainer(0, false), running)).as("no longer ready").isTrue();
    Pod relabelled = new PodBuilder(running).editMetadata().addToAnnotations("note", "x").endMetadata().build();
    assertThat(NodePods.containersChanged(relabelled, running)).as("metadata only").isFalse();
    assertThat(NodePods.containersChanged(pod("lab").build(), running)).as("status gone").isTrue();
  }
}
