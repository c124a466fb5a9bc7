package io.dhcpfailover.operator.upgrade;

import static io.dhcpfailover.api.v1alpha1.Role.PRIMARY;
import static io.dhcpfailover.api.v1alpha1.Role.SECONDARY;
import static io.dhcpfailover.operator.upgrade.FakePair.V2;
import static io.dhcpfailover.operator.upgrade.UpgradeSequencer.NODE_HEARTBEAT;
import static io.dhcpfailover.operator.upgrade.UpgradeSequencer.RESTART_BOUND;
import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.UpgradePhase;
import io.dhcpfailover.api.v1alpha1.FailoverState;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPairStatus;
import io.dhcpfailover.api.v1alpha1.NodeStatus;
import io.dhcpfailover.api.v1alpha1.UpgradeSpec;
import io.dhcpfailover.api.v1alpha1.UpgradeStatus;
import io.dhcpfailover.api.v1alpha1.Role;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The safety rule of the roll, checked over many generated pairs: a restart step ({@link
 * Step.UpdateTemplate} or {@link Step.DeletePod}) is only ever returned for a node whose partner is
 * healthy (Ready, NORMAL or PARTNER-DOWN, reported after its pod started), or whose partner is
 * about to serve (RECOVER, RECOVER-WAIT, RECOVER-DONE or STARTUP reported after its pod, not being
 * deleted, started) and the node itself has served nobody for longer than {@link
 * UpgradeSequencer#RESTART_BOUND}, or whose partner, not about to serve, has served nobody for
 * longer than that (without a pod: never reported, or last reported longer ago than that plus the
 * node's heartbeat). And where the rule allows a restart of a node that serves nobody and is out of
 * date, one happens, so the rule cannot be kept by never restarting. Each node of a case is up to
 * date or not, its pod absent, Ready, not Ready, never Ready or being deleted, of any age, in any
 * failover state reported before or after its pod started or without a time; any roll may be
 * under way. The expected answers are computed here from the generated parameters, not from the
 * objects.
 */
class UpgradeSequencerInvariantTest {
  private static final long SEED = 0x5EED_2025_0601L;
  private static final int CASES = 20_000;

  enum Version { CURRENT, TEMPLATE_STALE, POD_STALE }

  enum PodForm { NONE, READY, NOT_READY, NEVER_READY, TERMINATING }

  private static final String[] STATES = {
    null, "NORMAL", "PARTNER-DOWN", "COMMUNICATIONS-INTERRUPTED", "RECOVER", "RECOVER-WAIT",
    "RECOVER-DONE", "STARTUP", "POTENTIAL-CONFLICT", "PAUSED", "SHUTDOWN"
  };

  /** The states of a node on its way to serving. */
  private static final Set<String> ABOUT_TO_SERVE =
      Set.of("RECOVER", "RECOVER-WAIT", "RECOVER-DONE", "STARTUP");

  private static final Duration[] AGES = {
    Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(60), RESTART_BOUND.minusSeconds(1),
    RESTART_BOUND, RESTART_BOUND.plusSeconds(1), RESTART_BOUND.plus(NODE_HEARTBEAT),
    RESTART_BOUND.plus(NODE_HEARTBEAT).plusSeconds(1), Duration.ofMinutes(10), Duration.ofHours(2)
  };

  private static final UpgradePhase[] PHASES = UpgradePhase.values();

  /**
   * One node of a case.
   *
   * @param reportOffset when the node reported its state, relative to its pod's start (negative:
   *     before it), or null when the report carries no time
   */
  record NodeCase(
      Version version,
      PodForm pod,
      Duration podAge,
      Duration notReadyFor,
      Duration deletedAgo,
      String state,
      Duration reportOffset) {

    static NodeCase generate(Random random) {
      Duration age = pick(random, AGES);
      return new NodeCase(
          pick(random, Version.values()),
          pick(random, PodForm.values()),
          age,
          min(pick(random, AGES), age),
          random.nextInt(4) == 0 ? Duration.ofSeconds(-30) : min(pick(random, AGES), age),
          pick(random, STATES),
          pick(random, new Duration[] {
            null, Duration.ofSeconds(-10), Duration.ZERO, min(Duration.ofSeconds(5), age)
          }));
    }

    boolean serving() {
      return pod == PodForm.READY;
    }

    boolean outOfDate() {
      return version == Version.TEMPLATE_STALE
          || version == Version.POD_STALE && pod != PodForm.NONE && pod != PodForm.TERMINATING;
    }

    /** True when this node reported {@code state} after its pod started. */
    boolean reportedSincePodStart() {
      return pod != PodForm.NONE && reportOffset != null && !reportOffset.isNegative();
    }

    /** Ready, NORMAL or PARTNER-DOWN, reported after its pod started. */
    boolean healthy() {
      return pod == PodForm.READY
          && ("NORMAL".equals(state) || "PARTNER-DOWN".equals(state))
          && reportedSincePodStart();
    }

    /** On its way to serving: a recovering or starting state reported by its live pod. */
    boolean aboutToServe() {
      return pod != PodForm.TERMINATING
          && state != null
          && ABOUT_TO_SERVE.contains(state)
          && reportedSincePodStart();
    }

    /** True when this node has served nobody for longer than the bound at {@code now}. */
    boolean servedNobodyLongerThanTheBound(Instant now) {
      Instant created = now.minus(podAge);
      Instant reported = reportOffset == null ? null : created.plus(reportOffset);
      Instant down =
          switch (pod) {
            case NONE -> state == null ? Instant.EPOCH
                : reported == null ? null : reported.plus(NODE_HEARTBEAT);
            case READY -> null;
            case NOT_READY -> now.minus(notReadyFor);
            case NEVER_READY -> created;
            case TERMINATING -> now.minus(deletedAgo);
          };
      return down != null && Duration.between(down, now).compareTo(RESTART_BOUND) > 0;
    }

    /** Puts this node's StatefulSet, pod and report into the case. */
    void applyTo(Case c, Role role) {
      StatefulSet live = version == Version.TEMPLATE_STALE ? OLD.get(role) : DESIRED.get(role);
      c.live.put(role, live);
      Instant created = c.now.minus(podAge);
      Pod p = podOf(version == Version.CURRENT ? live : OLD.get(role), created);
      PodCondition ready = p.getStatus().getConditions().get(0);
      switch (pod) {
        case NONE -> p = null;
        case READY -> ready.setStatus("True");
        case NOT_READY -> ready.setLastTransitionTime(c.now.minus(notReadyFor).toString());
        case NEVER_READY -> p.getStatus().setConditions(new ArrayList<>());
        case TERMINATING -> {
          ready.setStatus(c.random.nextBoolean() ? "True" : "False");
          p.getMetadata().setDeletionTimestamp(c.now.minus(deletedAgo).toString());
        }
      }
      if (p != null) {
        c.pods.put(role, p);
      }
      NodeStatus report = null;
      if (state != null) {
        report = new NodeStatus();
        report.setState(FailoverState.of(state));
        report.setUpdated(reportOffset == null ? null : created.plus(reportOffset).toString());
      }
      if (role == PRIMARY) {
        c.pair.getStatus().setPrimary(report);
      } else {
        c.pair.getStatus().setSecondary(report);
      }
    }
  }

  /** True when restarting {@code node} cannot take the last service away from the pair. */
  static boolean restartAllowed(NodeCase node, NodeCase partner, Instant now) {
    if (partner.healthy()) {
      return true;
    }
    if (partner.aboutToServe()) {
      return node.servedNobodyLongerThanTheBound(now);
    }
    return partner.servedNobodyLongerThanTheBound(now);
  }

  /** One generated pair: the pair resource, its live objects and the time of the decision. */
  static final class Case {
    final Random random;
    final DhcpFailoverPair pair = PAIR;
    final Map<Role, StatefulSet> live = new EnumMap<>(Role.class);
    final Map<Role, Pod> pods = new EnumMap<>(Role.class);
    final Instant now = Instant.parse("2025-06-01T12:00:00Z");

    /** Starts a case on the shared pair resource, reset to no roll, no status, no annotations. */
    Case(Random random) {
      this.random = random;
      pair.setStatus(new DhcpFailoverPairStatus());
      pair.getSpec().setUpgrade(null);
      pair.getMetadata().setAnnotations(null);
    }

    Step next() {
      return new UpgradeSequencer()
          .nextStep(pair, new ObservedObjects(DESIRED, live, pods), NodeStates.of(pair), now);
    }

    boolean supervised() {
      return pair.getSpec().getUpgrade() != null
          && Boolean.TRUE.equals(pair.getSpec().getUpgrade().getSupervised());
    }
  }

  /** The pair on V2, its StatefulSets as rendered for V2 and as they were on V1: built once. */
  private static final DhcpFailoverPair PAIR;
  private static final Map<Role, StatefulSet> DESIRED = new EnumMap<>(Role.class);
  private static final Map<Role, StatefulSet> OLD = new EnumMap<>(Role.class);

  static {
    FakePair fake = new FakePair();
    for (Role role : Role.PAIR) {
      OLD.put(role, fake.desired(role));
    }
    fake.setImage(V2);
    for (Role role : Role.PAIR) {
      DESIRED.put(role, fake.desired(role));
    }
    PAIR = fake.pair;
  }

  /**
   * A pod of {@code sts}'s template (its spec shared: nothing here changes it), created at {@code
   * created}, Ready False since then. Plain setters: a builder would deep-copy the spec.
   */
  private static Pod podOf(StatefulSet sts, Instant created) {
    ObjectMeta metadata = new ObjectMeta();
    metadata.setName(sts.getMetadata().getName() + "-0");
    metadata.setAnnotations(sts.getSpec().getTemplate().getMetadata().getAnnotations());
    metadata.setCreationTimestamp(created.toString());
    PodCondition ready = new PodCondition();
    ready.setType("Ready");
    ready.setStatus("False");
    ready.setLastTransitionTime(created.toString());
    PodStatus status = new PodStatus();
    status.setConditions(new ArrayList<>(List.of(ready)));
    Pod pod = new Pod();
    pod.setMetadata(metadata);
    pod.setSpec(sts.getSpec().getTemplate().getSpec());
    pod.setStatus(status);
    return pod;
  }

  @Test
  void restartIsOnlyDecidedWhenThePartnerIsHealthyOrOutOfServiceLongerThanARestart() {
    Random seeds = new Random(SEED);
    int restarts = 0;
    int refused = 0;
    int heldForAPartnerAboutToServe = 0;
    int allowedWhileThePartnerIsAboutToServe = 0;
    for (int i = 0; i < CASES; i++) {
      long seed = seeds.nextLong();
      Random random = new Random(seed);
      Map<Role, NodeCase> nodes = new EnumMap<>(Role.class);
      nodes.put(PRIMARY, NodeCase.generate(random));
      nodes.put(SECONDARY, NodeCase.generate(random));
      Case c = build(nodes, random);

      Step step = c.next();
      Role restarted =
          step instanceof Step.UpdateTemplate u ? u.role()
              : step instanceof Step.DeletePod d ? d.role()
              : null;
      String description = "case seed " + seed + ": " + nodes + " -> " + step;
      if (restarted != null) {
        restarts++;
        assertThat(restartAllowed(nodes.get(restarted), nodes.get(restarted.partner()), c.now))
            .as("restart of the %s allowed by its partner, %s", restarted, description)
            .isTrue();
      }
      for (Role role : Role.PAIR) {
        NodeCase node = nodes.get(role);
        NodeCase partner = nodes.get(role.partner());
        if (node.serving() || !node.outOfDate()) {
          continue;
        }
        boolean allowed = restartAllowed(node, partner, c.now);
        if (!allowed) {
          refused++;
          if (partner.servedNobodyLongerThanTheBound(c.now)) {
            heldForAPartnerAboutToServe++;
          }
          continue;
        }
        if (partner.aboutToServe()) {
          allowedWhileThePartnerIsAboutToServe++;
        }
        if (role == SECONDARY || !c.supervised()) {
          // the rule does not stop a restart that is safe
          assertThat(restarted).as("a restart, " + description).isNotNull();
        }
      }
    }
    // the cases reach both sides of the rule
    assertThat(restarts).isGreaterThan(CASES / 20);
    assertThat(refused).isGreaterThan(CASES / 20);
    // and the partner out of service longer than the bound, but about to serve
    assertThat(heldForAPartnerAboutToServe).isGreaterThan(CASES / 100);
    // and the node itself out of service longer than the bound while its partner is about to serve
    assertThat(allowedWhileThePartnerIsAboutToServe).isGreaterThan(CASES / 100);
  }

  private static Case build(Map<Role, NodeCase> nodes, Random random) {
    Case c = new Case(random);
    if (random.nextBoolean()) {
      UpgradeSpec upgrade = new UpgradeSpec();
      upgrade.setSupervised(true);
      c.pair.getSpec().setUpgrade(upgrade);
    }
    if (random.nextBoolean()) {
      c.pair.getMetadata().setAnnotations(Map.of(UpgradeSequencer.CONTINUE_ANNOTATION, ""));
    }
    for (Role role : Role.PAIR) {
      nodes.get(role).applyTo(c, role);
    }
    if (random.nextInt(3) > 0) {
      UpgradePhase phase = pick(random, PHASES);
      UpgradeStatus upgrade = new UpgradeStatus();
      upgrade.setPhase(phase);
      upgrade.setNode(phase.name().contains("PRIMARY") ? PRIMARY : SECONDARY);
      upgrade.setSince(c.now.minus(pick(random, AGES)).toString());
      upgrade.setFromImage(FakePair.V1);
      c.pair.getStatus().setUpgrade(upgrade);
    }
    return c;
  }

  private static <T> T pick(Random random, T[] values) {
    return values[random.nextInt(values.length)];
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
