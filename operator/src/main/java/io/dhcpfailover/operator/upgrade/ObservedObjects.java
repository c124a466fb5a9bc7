package io.dhcpfailover.operator.upgrade;

import io.dhcpfailover.operator.model.DesiredStateBuilder;
import io.dhcpfailover.api.v1alpha1.Role;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Instant;
import java.util.Map;

/**
 * What the sequencer decides from, per role: the StatefulSet the spec asks for, the StatefulSet in
 * the cluster and its pod {@code <name>-<role>-0}. Any live object may be null (not created yet,
 * or a pod between deletion and re-creation).
 *
 * <p>A pod template's revision is its {@value DesiredStateBuilder#CONFIG_HASH_ANNOTATION}
 * annotation, a hash of every input that needs a node restart; a pod carries the revision of the
 * template it was created from.
 *
 * @param desired the rendered StatefulSets
 * @param statefulSets the live StatefulSets
 * @param pods the live pods
 */
public record ObservedObjects(
    Map<Role, StatefulSet> desired,
    Map<Role, StatefulSet> statefulSets,
    Map<Role, Pod> pods) {

  /** The node's objects as one view. */
  public Node node(Role role) {
    return new Node(desired.get(role), statefulSets.get(role), pods.get(role));
  }

  /**
   * One node's objects.
   *
   * @param desired the rendered StatefulSet (never null)
   * @param statefulSet the live StatefulSet, or null
   * @param pod the live pod, or null
   */
  public record Node(StatefulSet desired, StatefulSet statefulSet, Pod pod) {

    /** Revision of the desired template. */
    public String desiredRevision() {
      return revision(desired.getSpec().getTemplate());
    }

    /** Revision of the live StatefulSet's template, or null without a StatefulSet. */
    public String liveRevision() {
      return statefulSet == null || statefulSet.getSpec() == null
          ? null
          : revision(statefulSet.getSpec().getTemplate());
    }

    /** Revision the pod was created from, or null without a pod or annotation. */
    public String podRevision() {
      return pod == null || pod.getMetadata().getAnnotations() == null
          ? null
          : pod.getMetadata().getAnnotations().get(DesiredStateBuilder.CONFIG_HASH_ANNOTATION);
    }

    /** Image of the desired template. */
    public String desiredImage() {
      return image(desired.getSpec().getTemplate());
    }

    /** Image of the live template, or null. */
    public String liveImage() {
      return statefulSet == null || statefulSet.getSpec() == null
          ? null
          : image(statefulSet.getSpec().getTemplate());
    }

    /** Image the pod runs, or null without a pod or container. */
    public String podImage() {
      if (pod == null
          || pod.getSpec() == null
          || pod.getSpec().getContainers() == null
          || pod.getSpec().getContainers().isEmpty()) {
        return null;
      }
      return pod.getSpec().getContainers().get(0).getImage();
    }

    /** True when the live template must be replaced by the desired one. */
    public boolean templateStale() {
      return statefulSet != null && !desiredRevision().equals(liveRevision());
    }

    /** True when a pod exists, is not being deleted, and runs an older template than its set. */
    public boolean podStale() {
      return pod != null && !terminating() && !java.util.Objects.equals(podRevision(), liveRevision());
    }

    /** True when the pod is being deleted. */
    public boolean terminating() {
      return pod != null && pod.getMetadata().getDeletionTimestamp() != null;
    }

    /** True when the pod exists, is not being deleted, and is Ready: the node serves clients. */
    public boolean serving() {
      PodCondition ready = readyCondition();
      return !terminating() && ready != null && "True".equals(ready.getStatus());
    }

    /**
     * Since when the node's pod has served nobody: its deletion time while being deleted
     * (Kubernetes sets it to the end of the grace period), the last transition of its Ready
     * condition while not Ready, or its creation when it never had one. Null while it serves,
     * without a pod, or when the time is not known.
     */
    public Instant servedNobodySince() {
      if (pod == null) {
        return null;
      }
      if (terminating()) {
        return NodeStates.instant(pod.getMetadata().getDeletionTimestamp());
      }
      if (serving()) {
        return null;
      }
      PodCondition ready = readyCondition();
      return ready == null ? podCreated() : NodeStates.instant(ready.getLastTransitionTime());
    }

    private PodCondition readyCondition() {
      if (pod == null || pod.getStatus() == null || pod.getStatus().getConditions() == null) {
        return null;
      }
      return pod.getStatus().getConditions().stream()
          .filter(c -> "Ready".equals(c.getType()))
          .findFirst()
          .orElse(null);
    }

    /** When the pod was created, or null. */
    public Instant podCreated() {
      return pod == null ? null : NodeStates.instant(pod.getMetadata().getCreationTimestamp());
    }

    private static String revision(PodTemplateSpec template) {
      if (template == null
          || template.getMetadata() == null
          || template.getMetadata().getAnnotations() == null) {
        return null;
      }
      return template.getMetadata().getAnnotations().get(DesiredStateBuilder.CONFIG_HASH_ANNOTATION);
    }

    private static String image(PodTemplateSpec template) {
      if (template == null
          || template.getSpec() == null
          || template.getSpec().getContainers() == null
          || template.getSpec().getContainers().isEmpty()) {
        return null;
      }
      return template.getSpec().getContainers().get(0).getImage();
    }
  }
}
