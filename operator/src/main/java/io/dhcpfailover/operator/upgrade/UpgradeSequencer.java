package io.dhcpfailover.operator.upgrade;

import io.dhcpfailover.api.validation.Durations;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.FailoverState;
import io.dhcpfailover.api.v1alpha1.UpgradeSpec;
import io.dhcpfailover.api.v1alpha1.UpgradePhase;
import io.dhcpfailover.api.v1alpha1.UpgradeStatus;
import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.operator.upgrade.NodeStates.NodeState;
import io.dhcpfailover.operator.upgrade.ObservedObjects.Node;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides the next step of rolling a change that needs the nodes restarted, one node at a time, so
 * that one node always serves. Pure: it reads the pair (spec, annotations, {@code status.upgrade}),
 * the observed objects and the node states, and never calls the API server; the reconciler carries
 * the step out and asks again a few seconds later. Everything it needs is in the cluster, so an
 * operator restarted mid-roll carries on where the roll stands.
 *
 * <p>A node's pod template revision is the {@code dhcpfailover.io/config-hash} annotation of its
 * template; the StatefulSets use the OnDelete strategy, so a pod only moves to a new template when
 * the operator deletes it. A node is <em>serving</em> when its pod exists, is not being deleted and
 * is Ready (the node's {@code /readyz}: it fulfils its role in its failover state); it is
 * <em>healthy</em> when serving, NORMAL, and its NORMAL was reported after the pod was created (a
 * report without a time, or a pod without a creation time, proves nothing).
 *
 * <p>The safety rule, which every step below keeps: <b>a node is only restarted (its template
 * updated or its pod deleted) while its partner can carry the pair</b>, i.e. the partner is
 * serving in NORMAL or PARTNER-DOWN (it serves the other node's clients too), reported after its
 * pod was created, <b>or the partner has served nobody for longer than {@link
 * #RESTART_BOUND}</b>, a constant of 2 minutes, the time a restart is taken to last (then a
 * restart cannot take away service the partner would have given meanwhile; this is also what lets
 * a pair whose nodes are both down be repaired). <b>Except while the partner is about to
 * serve</b>: it has reported STARTUP, RECOVER, RECOVER-WAIT or RECOVER-DONE ({@link
 * #ABOUT_TO_SERVE}) since its pod, not being deleted, was created. It serves nobody until it is
 * done, in RECOVER-WAIT up to MCLT (an hour by default), and the node may meanwhile give the only
 * service the pair gives, so how long the partner has served nobody proves nothing: <b>the node is
 * then only restarted once it has itself served nobody for longer than {@link
 * #RESTART_BOUND}</b>, when restarting it cannot reduce service. How long a node has served nobody
 * comes from its pod, or without a pod from its last report ({@link #servedNobodySince}); when
 * that is not known, it counts as serving. A node that is not Ready may still be serving (a
 * readiness probe timing out, its Kubernetes node NotReady), so its own readiness does not
 * suffice: only being out of service for longer than the bound does, and only while its partner
 * is about to serve.
 *
 * <ol>
 *   <li>No live StatefulSet yet (new pair): nothing to roll, the reconciler creates them.
 *   <li>A node that serves nobody (no pod, not Ready, or being deleted) and is out of date is
 *       restarted at once, if its partner allows it by the safety rule: its template is updated,
 *       then its pod deleted. This is how a roll stuck on a bad image (a node that never gets back
 *       to NORMAL is not Ready) recovers when the change is reverted while the partner serves
 *       alone, and how a second change mid-roll reaches the node being restarted. While the
 *       partner does not allow it, e.g. the restarted secondary still recovers (even for an hour
 *       in RECOVER-WAIT) and the primary turns not Ready, the node is left alone and step 3 waits,
 *       until the primary has been not Ready for longer than the bound.
 *   <li>Otherwise, while a node is not healthy: before any restart the roll waits ({@link
 *       Step.WaitForNormal}, naming the node and its state), so the only serving node is never
 *       taken down. Once a restart happened, the roll waits for the restarted node to be back and
 *       both nodes NORMAL (through RECOVER, RECOVER-WAIT, RECOVER-DONE, which MCLT bounds): {@link
 *       Step.WaitForNode} until {@code since + spec.upgrade.stepTimeout} (default MCLT plus five
 *       minutes), then {@link Step.Stuck} naming the node and the state it is stuck in. Stuck is
 *       re-decided on every pass, so the roll resumes by itself when the pair recovers.
 *   <li>Both nodes healthy: the secondary first. If its StatefulSet template differs from the
 *       desired one, update it ({@link Step.UpdateTemplate}); if its pod runs an older template
 *       than its StatefulSet, delete the pod ({@link Step.DeletePod}): the leaving node sends
 *       SHUTDOWN and the primary serves alone in PARTNER-DOWN. Then step 3 waits.
 *   <li>Then the primary the same way, with the secondary serving alone. In supervised mode
 *       ({@code spec.upgrade.supervised}) the roll pauses first ({@link Step.PausedForApproval})
 *       until the pair carries the {@value #CONTINUE_ANNOTATION} annotation, which the reconciler
 *       removes when it updates the primary's template.
 *   <li>Nothing out of date, both healthy, and a roll was under way ({@code status.upgrade.node}
 *       set): {@link Step.Done}, recording the image before and after the roll.
 * </ol>
 *
 * <p>A change of the spec mid-roll needs no special case: each decision compares with the newest
 * desired template, so the roll converges to it, still one node at a time.
 */
public final class UpgradeSequencer {

  /** Pair annotation that lets a supervised roll restart the primary. */
  public static final String CONTINUE_ANNOTATION = "dhcpfailover.io/continue-upgrade";

  /** Added to MCLT for the default step timeout. */
  public static final Duration STEP_TIMEOUT_MARGIN = Duration.ofMinutes(5);

  /**
   * How long a node restart is taken to last at most, a constant: the pod deleted and re-created,
   * the JVM started, the lease journal replayed, the first readiness probes passed (seconds in the
   * end-to-end tests, well under a minute on a loaded node). A node whose partner has served
   * nobody for longer than this may be restarted (see the safety rule).
   */
  public static final Duration RESTART_BOUND = Duration.ofMinutes(2);

  /**
   * Failover states of a node on its way to serving: starting, or recovering its bindings from the
   * partner, RECOVER-WAIT lasting until MCLT has passed. Reported by a pod that is not being
   * deleted, since that pod was created, they make the node <em>about to serve</em>.
   */
  public static final Set<FailoverState> ABOUT_TO_SERVE =
      EnumSet.of(
          FailoverState.STARTUP,
          FailoverState.RECOVER,
          FailoverState.RECOVER_WAIT,
          FailoverState.RECOVER_DONE);

  /** Longest time a running node goes without refreshing its status entry (its heartbeat). */
  public static final Duration NODE_HEARTBEAT = Duration.ofSeconds(30);

  private static final List<Role> ORDER = List.of(Role.SECONDARY, Role.PRIMARY);

  /** Decides the next step; see the class documentation for the algorithm. */
  public Step nextStep(
      DhcpFailoverPair pair, ObservedObjects observed, NodeStates states, Instant now) {
    // 1. a new pair: nothing to roll
    for (Role role : ORDER) {
      if (observed.statefulSets().get(role) == null) {
        return new Step.Idle();
      }
    }
    UpgradeStatus upgrade = pair.getStatus() == null ? null : pair.getStatus().getUpgrade();
    boolean rolling = rolling(upgrade);

    // 2. a node that serves nobody may be restarted at once, if its partner can carry the pair
    for (Role role : ORDER) {
      Node node = observed.node(role);
      if (node.serving()
          || !outOfDate(node)
          || !partnerAllowsRestart(role, observed, states, now)) {
        continue;
      }
      if (needsApproval(pair, role, upgrade)) {
        return new Step.PausedForApproval();
      }
      Step action = action(role, node);
      if (action != null) {
        return action;
      }
    }

    // 3. wait while a node is not healthy
    for (Role role : ORDER) {
      if (!healthy(observed.node(role), states.get(role))) {
        if (rolling) {
          return waitOrStuck(pair, observed, states, upgrade, now);
        }
        if (outOfDate(observed.node(Role.PRIMARY))
            || outOfDate(observed.node(Role.SECONDARY))) {
          return new Step.WaitForNormal(describe(role, observed.node(role), states.get(role)));
        }
        return new Step.Idle();
      }
    }

    // 4, 5. both healthy: the secondary, then the primary
    for (Role role : ORDER) {
      Node node = observed.node(role);
      if (!outOfDate(node)) {
        continue;
      }
      if (needsApproval(pair, role, upgrade)) {
        return new Step.PausedForApproval();
      }
      Step action = action(role, node);
      if (action != null) {
        return action;
      }
    }

    // 6. done
    if (rolling) {
      return new Step.Done(
          upgrade.getFromImage(), observed.node(Role.PRIMARY).desiredImage(), now);
    }
    return new Step.Idle();
  }

  /** The step timeout: {@code spec.upgrade.stepTimeout}, or MCLT plus five minutes. */
  public static Duration stepTimeout(DhcpFailoverPair pair) {
    Duration mclt = Durations.parseOr(pair.getSpec().getMclt(), Duration.ofHours(1));
    Duration fallback = mclt.plus(STEP_TIMEOUT_MARGIN);
    UpgradeSpec spec = pair.getSpec().getUpgrade();
    return spec == null ? fallback : Durations.parseOr(spec.getStepTimeout(), fallback);
  }

  /** True when {@code status.upgrade} records a roll in which a node was restarted. */
  public static boolean rolling(UpgradeStatus upgrade) {
    return upgrade != null
        && upgrade.getNode() != null
        && upgrade.getPhase() != null
        && !upgrade.getPhase().idle();
  }

  /** True when the node's template or pod differs from the desired template. */
  static boolean outOfDate(Node node) {
    return node.templateStale() || node.podStale();
  }

  /** The restart reason of an out-of-date node. */
  static RestartReason reason(Node node) {
    if (!node.templateStale()) {
      if (node.podImage() == null) {
        return RestartReason.POD_OUT_OF_DATE;
      }
      return node.podImage().equals(node.liveImage())
          ? RestartReason.POD_TEMPLATE_CHANGED
          : RestartReason.IMAGE_CHANGED;
    }
    return Objects.equals(node.desiredImage(), node.liveImage())
        ? RestartReason.POD_TEMPLATE_CHANGED
        : RestartReason.IMAGE_CHANGED;
  }

  private static Step action(Role role, Node node) {
    if (node.templateStale()) {
      return new Step.UpdateTemplate(role, reason(node));
    }
    if (node.podStale()) {
      return new Step.DeletePod(role, reason(node));
    }
    return null;
  }

  private static boolean needsApproval(DhcpFailoverPair pair, Role role, UpgradeStatus upgrade) {
    if (role != Role.PRIMARY) {
      return false;
    }
    UpgradeSpec spec = pair.getSpec().getUpgrade();
    if (spec == null || !Boolean.TRUE.equals(spec.getSupervised())) {
      return false;
    }
    boolean primaryUnderWay =
        rolling(upgrade) && upgrade.getNode() == Role.PRIMARY
            && upgrade.getPhase() != UpgradePhase.PAUSED_BEFORE_PRIMARY;
    Map<String, String> annotations = pair.getMetadata().getAnnotations();
    boolean approved = annotations != null && annotations.containsKey(CONTINUE_ANNOTATION);
    return !primaryUnderWay && !approved;
  }

  static boolean healthy(Node node, NodeState state) {
    return node.serving() && state.normal() && reportedSincePodStart(node, state);
  }

  /**
   * The safety rule: true when restarting {@code role} cannot take the last service away, because
   * its partner is serving in NORMAL or PARTNER-DOWN, reported after its pod was created; or its
   * partner is about to serve ({@link #aboutToServe}) and the node itself has served nobody for
   * longer than {@link #RESTART_BOUND}; or its partner, not about to serve, has served nobody for
   * longer than that.
   */
  static boolean partnerAllowsRestart(
      Role role, ObservedObjects observed, NodeStates states, Instant now) {
    Node partner = observed.node(role.partner());
    NodeState state = states.get(role.partner());
    if (partner.serving()
        && (state.normal() || state.partnerDown())
        && reportedSincePodStart(partner, state)) {
      return true;
    }
    if (aboutToServe(partner, state)) {
      return servedNobodyLongerThanTheBound(observed.node(role), states.get(role), now);
    }
    return servedNobodyLongerThanTheBound(partner, state, now);
  }

  /**
   * True when the node reported a state of {@link #ABOUT_TO_SERVE} since its pod was created and
   * that pod is not being deleted: it will serve, however long it serves nobody before.
   */
  static boolean aboutToServe(Node node, NodeState state) {
    return !node.terminating()
        && state.state() != null
        && ABOUT_TO_SERVE.contains(state.state())
        && reportedSincePodStart(node, state);
  }

  private static boolean servedNobodyLongerThanTheBound(Node node, NodeState state, Instant now) {
    Instant since = servedNobodySince(node, state);
    return since != null && Duration.between(since, now).compareTo(RESTART_BOUND) > 0;
  }

  /**
   * Since when a node has served nobody, or null while it serves or when that is not known. With a
   * pod, the pod tells ({@link Node#servedNobodySince()}). Without one, its report does: a node
   * that never reported has never served; one that did has served nobody since its last report
   * plus {@link #NODE_HEARTBEAT}, since a running node reports every state change and at least
   * that often.
   */
  static Instant servedNobodySince(Node node, NodeState state) {
    if (node.pod() != null) {
      return node.servedNobodySince();
    }
    if (state.state() == null) {
      return Instant.EPOCH;
    }
    return state.reportedAt() == null ? null : state.reportedAt().plus(NODE_HEARTBEAT);
  }

  private static boolean reportedSincePodStart(Node node, NodeState state) {
    Instant created = node.podCreated();
    return created != null && state.reportedAt() != null && !state.reportedAt().isBefore(created);
  }

  private static Step waitOrStuck(
      DhcpFailoverPair pair,
      ObservedObjects observed,
      NodeStates states,
      UpgradeStatus upgrade,
      Instant now) {
    Role role = upgrade.getNode() == Role.PRIMARY ? Role.PRIMARY : Role.SECONDARY;
    UpgradePhase phase = upgrade.getPhase();
    boolean continuing =
        phase.restarting()
            || phase.waitingForNode()
            || phase == UpgradePhase.WAITING_FOR_NORMAL
            || phase == UpgradePhase.STUCK;
    Instant since = continuing ? NodeStates.instant(upgrade.getSince()) : null;
    if (since == null) {
      since = now;
    }
    Instant deadline = since.plus(stepTimeout(pair));
    if (now.isBefore(deadline)) {
      return new Step.WaitForNode(role, since, deadline);
    }
    Role culprit =
        healthy(observed.node(role), states.get(role)) ? role.partner() : role;
    return new Step.Stuck(
        culprit,
        describeState(observed.node(culprit), states.get(culprit)),
        since,
        deadline);
  }

  private static String describe(Role role, Node node, NodeState state) {
    return role.id() + " is " + describeState(node, state);
  }

  private static String describeState(Node node, NodeState state) {
    if (node.pod() == null) {
      return "without a pod";
    }
    if (node.terminating()) {
      return "being deleted";
    }
    if (!node.serving()) {
      return "not Ready" + (state.state() == null ? "" : " (" + state.state() + ")");
    }
    if (state.state() == null) {
      return "not reporting a state";
    }
    if (state.normal()) {
      return "NORMAL, reported before its pod started";
    }
    return state.state().wireName();
  }
}
