package io.dhcpfailover.operator.reconciler;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.operator.model.DesiredStateBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The node pods as an event source: a node that crashes at start, restarts or turns ready
 * reconciles its pair at once, so NodeFailing shows without waiting for the next change of the
 * pair or its StatefulSets. Pods belong to a StatefulSet, not to the pair, so they are mapped to
 * their pair by the pair label the operator puts on them.
 */
final class NodePods {
  private NodePods() {}

  static InformerEventSource<Pod, DhcpFailoverPair> eventSource(EventSourceContext<DhcpFailoverPair> context) {
    var pods =
        InformerEventSourceConfiguration.from(Pod.class, DhcpFailoverPair.class)
            .withName("node-pods")
            .withLabelSelector("app.kubernetes.io/managed-by=" + DesiredStateBuilder.MANAGER)
            .withSecondaryToPrimaryMapper(NodePods::pairOf)
            .withOnUpdateFilter(NodePods::containersChanged)
            .build();
    return new InformerEventSource<>(pods, context);
  }

  /** The pair a node pod belongs to, by its pair label; none for a pod without it. */
  static Set<ResourceID> pairOf(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    String pair = labels == null ? null : labels.get(DesiredStateBuilder.PAIR_LABEL);
    if (pair == null || pair.isBlank()) {
      return Set.of();
    }
    return Set.of(new ResourceID(pair, pod.getMetadata().getNamespace()));
  }

  /** Only what the pair's status reads: the pod's phase and its containers' states. */
  static boolean containersChanged(Pod now, Pod before) {
    if (now.getStatus() == null || before.getStatus() == null) {
      return now.getStatus() != before.getStatus();
    }
    return !Objects.equals(now.getStatus().getPhase(), before.getStatus().getPhase())
        || !Objects.equals(now.getStatus().getContainerStatuses(), before.getStatus().getContainerStatuses());
  }
}
