package io.dhcpfailover.operator.upgrade;

import io.dhcpfailover.api.v1alpha1.FailoverState;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPairStatus;
import io.dhcpfailover.api.v1alpha1.NodeStatus;
import io.dhcpfailover.api.v1alpha1.UpgradeSpec;
import io.dhcpfailover.operator.Fixtures;
import io.dhcpfailover.operator.model.DesiredStateBuilder;
import io.dhcpfailover.api.v1alpha1.Role;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * A pair and the objects of its two nodes, with a hand-written stand-in for the StatefulSet
 * controller and the nodes: steps are carried out on plain objects, pods are started from the
 * current template, nodes report the states a test gives them.
 */
final class FakePair {
  static final String V1 = "ghcr.io/dhcpfailover/dhcp-node:0.1.0";
  static final String V2 = "ghcr.io/dhcpfailover/dhcp-node:0.2.0";
  static final String V3 = "ghcr.io/dhcpfailover/dhcp-node:0.3.0";

  final DesiredStateBuilder builder = new DesiredStateBuilder(V1);
  final DhcpFailoverPair pair = Fixtures.pair("hot-standby");
  final Map<Role, StatefulSet> live = new EnumMap<>(Role.class);
  final Map<Role, Pod> pods = new EnumMap<>(Role.class);
  Instant now = Instant.parse("2025-06-01T12:00:00Z");

  FakePair() {
    pair.getSpec().setImage(V1);
    pair.setStatus(new DhcpFailoverPairStatus());
  }

  /** Both StatefulSets created from the spec, both pods Ready, both nodes NORMAL. */
  static FakePair running() {
    FakePair fake = new FakePair();
    for (Role role : Role.PAIR) {
      fake.live.put(role, fake.desired(role));
      fake.startPod(role);
      fake.report(role, "NORMAL");
    }
    return fake;
  }

  StatefulSet desired(Role role) {
    return Serialization.clone(builder.build(pair).statefulSet(role));
  }

  ObservedObjects observed() {
    Map<Role, StatefulSet> desired = new EnumMap<>(Role.class);
    for (Role role : Role.PAIR) {
      desired.put(role, desired(role));
    }
    return new ObservedObjects(desired, new EnumMap<>(live), new EnumMap<>(pods));
  }

  Step next() {
    return new UpgradeSequencer().nextStep(pair, observed(), NodeStates.of(pair), now);
  }

  /** Decides the next step and carries it out as the reconciler would. */
  Step step() {
    Step step = next();
    apply(step);
    return step;
  }

  void apply(Step step) {
    ObservedObjects observed = observed();
    if (step instanceof Step.UpdateTemplate update) {
      live.put(update.role(), desired(update.role()));
      if (update.role() == Role.PRIMARY && pair.getMetadata().getAnnotations() != null) {
        pair.getMetadata().getAnnotations().remove(UpgradeSequencer.CONTINUE_ANNOTATION);
      }
    } else if (step instanceof Step.DeletePod delete) {
      pods.remove(delete.role());
    }
    pair.getStatus()
        .setUpgrade(
            UpgradeProgress.after(
                step,
                pair.getStatus().getUpgrade(),
                observed,
                UpgradeSequencer.stepTimeout(pair),
                now));
  }

  void startPod(Role role) {
    StatefulSet sts = live.get(role);
    pods.put(
        role,
        new PodBuilder()
            .withNewMetadata()
            .withName(sts.getMetadata().getName() + "-0")
            .withAnnotations(new HashMap<>(sts.getSpec().getTemplate().getMetadata().getAnnotations()))
            .withCreationTimestamp(now.toString())
            .endMetadata()
            .withSpec(Serialization.clone(sts.getSpec().getTemplate().getSpec()))
            .withNewStatus()
            .addNewCondition()
            .withType("Ready")
            .withStatus("True")
            .withLastTransitionTime(now.toString())
            .endCondition()
            .endStatus()
            .build());
  }

  void startUnreadyPod(Role role) {
    startPod(role);
    pods.get(role).getStatus().getConditions().get(0).setStatus("False");
  }

  /** The node's pod turns not Ready now (failed readiness probes, a full store, its node down). */
  void notReady(Role role) {
    PodCondition ready = pods.get(role).getStatus().getConditions().get(0);
    ready.setStatus("False");
    ready.setLastTransitionTime(now.toString());
  }

  void report(Role role, String state) {
    report(role, state, now);
  }

  /** The node writes its entry with {@code state} at {@code at} (null state: no entry). */
  void report(Role role, String state, Instant at) {
    NodeStatus node = null;
    if (state != null) {
      node = new NodeStatus();
      node.setState(FailoverState.of(state));
      node.setUpdated(at == null ? null : at.toString());
    }
    if (role == Role.PRIMARY) {
      pair.getStatus().setPrimary(node);
    } else {
      pair.getStatus().setSecondary(node);
    }
  }

  void setImage(String image) {
    pair.getSpec().setImage(image);
  }

  void supervised() {
    UpgradeSpec upgrade = new UpgradeSpec();
    upgrade.setSupervised(true);
    pair.getSpec().setUpgrade(upgrade);
  }

  void approve() {
    if (pair.getMetadata().getAnnotations() == null) {
      pair.getMetadata().setAnnotations(new HashMap<>());
    }
    pair.getMetadata().getAnnotations().put(UpgradeSequencer.CONTINUE_ANNOTATION, "");
  }

  void advance(Duration duration) {
    now = now.plus(duration);
  }

  String image(Role role) {
    return live.get(role).getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  boolean serving(Role role) {
    return observed().node(role).serving();
  }
}
