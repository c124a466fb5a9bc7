package io.dhcpfailover.operator.status;

import io.dhcpfailover.api.v1alpha1.Role;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Set;

/**
 * A node whose container does not start, read from its pod's container status as the kubelet
 * writes it: waiting in a back-off or start error (CrashLoopBackOff, ImagePullBackOff, ...), or
 * terminated with a non-zero exit code. The exit code and message are those of the last run (the
 * container's termination message: with {@code FallbackToLogsOnError}, the node's last log lines).
 *
 * @param role the node
 * @param reason the kubelet's reason, e.g. CrashLoopBackOff or Error
 * @param exitCode the last run's exit code, or null when it never ran
 * @param message the last run's termination message, or the kubelet's message; may be empty
 */
public record NodeFailure(Role role, String reason, Integer exitCode, String message) {

  /** The node's container in the pod. */
  public static final String CONTAINER = "dhcp-node";

  /** Longest message kept: the condition and the event stay readable. */
  static final int MAX_MESSAGE = 1024;

  /** Waiting reasons that mean the container cannot start or keeps exiting. */
  static final Set<String> FAILING_WAITS =
      Set.of(
          "CrashLoopBackOff",
          "ImagePullBackOff",
          "ErrImagePull",
          "InvalidImageName",
          "CreateContainerConfigError",
          "CreateContainerError",
          "RunContainerError");

  /** The failure of {@code role}'s pod, or null when its node container is not failing. */
  public static NodeFailure of(Role role, Pod pod) {
    ContainerStatus status = nodeContainer(pod);
    if (status == null || status.getState() == null) {
      return null;
    }
    ContainerState state = status.getState();
    ContainerStateTerminated last =
        status.getLastState() == null ? null : status.getLastState().getTerminated();
    ContainerStateWaiting waiting = state.getWaiting();
    if (waiting != null && FAILING_WAITS.contains(waiting.getReason())) {
      return last != null
          ? new NodeFailure(role, waiting.getReason(), last.getExitCode(), text(last.getMessage()))
          : new NodeFailure(role, waiting.getReason(), null, text(waiting.getMessage()));
    }
    ContainerStateTerminated terminated = state.getTerminated();
    if (terminated != null && terminated.getExitCode() != null && terminated.getExitCode() != 0) {
      return new NodeFailure(
          role, terminated.getReason(), terminated.getExitCode(), text(terminated.getMessage()));
    }
    return null;
  }

  /** One line for conditions, events and logs: {@code secondary: CrashLoopBackOff, exit code 2: ...}. */
  public String describe() {
    StringBuilder out = new StringBuilder(role.id()).append(": ");
    out.append(reason == null || reason.isBlank() ? "failing" : reason);
    if (exitCode != null) {
      out.append(", exit code ").append(exitCode);
    }
    if (message != null && !message.isEmpty()) {
      out.append(": ").append(message);
    }
    return out.toString();
  }

  private static ContainerStatus nodeContainer(Pod pod) {
    if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return null;
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(c -> CONTAINER.equals(c.getName()))
        .findFirst()
        .orElse(null);
  }

  /** The message on one line (log lines joined by " | "), at most {@link #MAX_MESSAGE} chars. */
  private static String text(String message) {
    if (message == null) {
      return "";
    }
    String oneLine = String.join(" | ", message.strip().lines().map(String::strip)
        .filter(l -> !l.isEmpty()).toList());
    return oneLine.length() <= MAX_MESSAGE ? oneLine : oneLine.substring(0, MAX_MESSAGE) + "...";
  }
}
