package io.dhcpfailover.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.Role;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

/** Which container states count as a node that fails to start, and how they read. */
class NodeFailureTest {

  private static Pod pod(ContainerStatus status) {
    return new PodBuilder().withNewStatus().withContainerStatuses(status).endStatus().build();
  }

  private static ContainerStatusBuilder container(String name) {
    return new ContainerStatusBuilder().withName(name).withRestartCount(1);
  }

  @Test
  void logLinesOfTheTerminationMessageReadAsOneLine() {
    Pod pod =
        pod(container("dhcp-node")
            .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
            .withNewLastState().withNewTerminated().withExitCode(2)
            .withMessage("CONFIG_INVALID refusing to start\n  spec.mclt: must be more than 0s\n\n")
            .endTerminated().endLastState()
            .build());

    assertThat(NodeFailure.of(Role.PRIMARY, pod).describe())
        .isEqualTo("primary: CrashLoopBackOff, exit code 2: CONFIG_INVALID refusing to start"
            + " | spec.mclt: must be more than 0s");
  }

  @Test
  void imageThatCannotBePulledFailsWithTheKubeletsMessage() {
    Pod pod =
        pod(container("dhcp-node")
            .withNewState().withNewWaiting().withReason("ImagePullBackOff")
            .withMessage("Back-off pulling image \"example/dhcp-node:0.9\"").endWaiting().endState()
            .build());

    NodeFailure failure = NodeFailure.of(Role.SECONDARY, pod);
    assertThat(failure.exitCode()).isNull();
    assertThat(failure.describe())
        .isEqualTo("secondary: ImagePullBackOff: Back-off pulling image \"example/dhcp-node:0.9\"");
  }

  @Test
  void startingRunningOrCleanlyExitedContainersAreNotFailing() {
    assertThat(NodeFailure.of(Role.PRIMARY, pod(container("dhcp-node")
        .withNewState().withNewWaiting().withReason("ContainerCreating").endWaiting().endState()
        .build()))).isNull();
    assertThat(NodeFailure.of(Role.PRIMARY, pod(container("dhcp-node")
        .withNewState().withNewRunning().endRunning().endState().build()))).isNull();
    assertThat(NodeFailure.of(Role.PRIMARY, pod(container("dhcp-node")
        .withNewState().withNewTerminated().withExitCode(0).endTerminated().endState()
        .build()))).isNull();
    assertThat(NodeFailure.of(Role.PRIMARY, null)).isNull();
  }

  @Test
  void otherContainersOfThePodAreNotTheNode() {
    Pod pod =
        pod(container("sidecar")
            .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
            .build());

    assertThat(NodeFailure.of(Role.PRIMARY, pod)).isNull();
  }

  @Test
  void longMessagesAreCut() {
    Pod pod =
        pod(container("dhcp-node")
            .withNewState().withNewTerminated().withExitCode(1).withReason("Error")
            .withMessage("x".repeat(5000)).endTerminated().endState()
            .build());

    assertThat(NodeFailure.of(Role.PRIMARY, pod).message())
        .hasSize(NodeFailure.MAX_MESSAGE + 3)
        .endsWith("...");
  }
}
