package io.dhcpfailover.operator.status;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPairStatus;
import io.dhcpfailover.api.v1alpha1.ConfigStatus;
import io.dhcpfailover.api.v1alpha1.FailoverState;
import io.dhcpfailover.api.v1alpha1.NodeStatus;
import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.api.v1alpha1.UpgradeStatus;
import io.dhcpfailover.operator.upgrade.Step;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Computes the operator's part of the status from the pair (its spec validity and what the nodes
 * reported). Pure: the clock is a parameter. A condition keeps its {@code lastTransitionTime} while
 * its status stays the same.
 *
 * <p>ConfigSynced compares the config version of the pair file the operator rendered with the one
 * each node reports ({@code status.<role>.configVersion}): True (BothNodesCurrent) when both run
 * it; False (ConfigRejected) with the node's {@code configError} when a node refused a pair file,
 * in which case it keeps serving its running configuration; False (RestartPending) when a node
 * accepted the file but part of it takes effect only on a restart, which the roll brings (the pod
 * template carries those inputs); False (ConfigPending) with each node's version while a node has
 * not picked the file up yet.
 */
public final class StatusAggregator {

  public static final String READY = "Ready";
  public static final String DEGRADED = "Degraded";
  public static final String PROGRESSING = "Progressing";
  public static final String INVALID_SPEC = "InvalidSpec";
  public static final String CONFIG_SYNCED = "ConfigSynced";

  /** ConfigSynced True: both nodes run the rendered pair file. */
  public static final String BOTH_NODES_CURRENT = "BothNodesCurrent";

  /** ConfigSynced False: a node reports a configError and runs its previous configuration. */
  public static final String CONFIG_REJECTED = "ConfigRejected";

  /**
   * ConfigSynced False: a node runs its previous configuration until it restarts, because the
   * change needs a restart (the operator rolls it like an upgrade).
   */
  public static final String RESTART_PENDING = "RestartPending";

  /** ConfigSynced False: a node runs another version than the rendered one, or reports none. */
  public static final String CONFIG_PENDING = "ConfigPending";

  /** Degraded True and Ready False: a node's container does not start (see {@link NodeFailure}). */
  public static final String NODE_FAILING = "NodeFailing";

  private StatusAggregator() {}

  /** Status of a pair whose spec was refused; {@code problems} name the fields. */
  public static OperatorStatus invalid(DhcpFailoverPair pair, List<String> problems, Instant now) {
    String message = String.join("; ", problems);
    List<Condition> previous = previousConditions(pair);
    List<Condition> conditions = new ArrayList<>();
    conditions.add(condition(previous, pair, READY, "False", "InvalidSpec", message, now));
    conditions.add(
        condition(previous, pair, DEGRADED, "False", "InvalidSpec", "spec refused", now));
    conditions.add(
        condition(previous, pair, PROGRESSING, "False", "InvalidSpec", "spec refused", now));
    conditions.add(condition(previous, pair, INVALID_SPEC, "True", "InvalidSpec", message, now));
    conditions.add(
        condition(
            previous,
            pair,
            CONFIG_SYNCED,
            "False",
            "InvalidSpec",
            "spec refused, pair file not rendered; " + nodeVersions(pair.getStatus()),
            now));
    return new OperatorStatus(pair.getMetadata().getGeneration(), "Invalid", conditions, true);
  }

  /**
   * Status of a valid pair.
   *
   * @param changed true when this reconcile created or updated an owned object
   * @param configVersion the config version of the pair file rendered for the pair
   */
  public static OperatorStatus aggregate(
      DhcpFailoverPair pair, boolean changed, String configVersion, Instant now) {
    return aggregate(pair, changed, new Step.Idle(), null, configVersion, List.of(), now);
  }

  /**
   * Status of a valid pair during or outside a roll.
   *
   * @param changed true when this reconcile created or updated an owned object
   * @param step the roll's step decided in this reconcile; an active step makes the pair
   *     Upgrading and Progressing (reason and message from the step)
   * @param upgrade the {@code status.upgrade} to write, or null to leave it alone
   * @param configVersion the config version of the pair file rendered for the pair
   * @param failures the nodes whose container does not start: the pair is Degraded and not Ready
   */
  public static OperatorStatus aggregate(
      DhcpFailoverPair pair,
      boolean changed,
      Step step,
      UpgradeStatus upgrade,
      String configVersion,
      List<NodeFailure> failures,
      Instant now) {
    DhcpFailoverPairStatus status = pair.getStatus();
    FailoverState p = state(Role.PRIMARY.nodeStatus(status));
    FailoverState s = state(Role.SECONDARY.nodeStatus(status));
    boolean bothNormal = p == FailoverState.NORMAL && s == FailoverState.NORMAL;
    boolean serving = serving(p) || serving(s);
    boolean degraded = down(p) || down(s) || (p == null) != (s == null);

    List<Condition> previous = previousConditions(pair);
    List<Condition> conditions = new ArrayList<>();
    String states = "primary " + orNone(p) + ", secondary " + orNone(s);
    String failing = String.join("; ", failures.stream().map(NodeFailure::describe).toList());
    if (!failures.isEmpty()) {
      conditions.add(condition(previous, pair, READY, "False", NODE_FAILING, failing, now));
    } else if (bothNormal) {
      conditions.add(condition(previous, pair, READY, "True", "BothNormal", states, now));
    } else if (serving) {
      conditions.add(condition(previous, pair, READY, "True", "Serving", states, now));
    } else {
      conditions.add(condition(previous, pair, READY, "False", "NotServing", states, now));
    }
    if (!failures.isEmpty()) {
      conditions.add(condition(previous, pair, DEGRADED, "True", NODE_FAILING, failing, now));
    } else if (degraded) {
      conditions.add(
          condition(previous, pair, DEGRADED, "True", degradedReason(p, s), states, now));
    } else {
      conditions.add(condition(previous, pair, DEGRADED, "False", "NoNodeDown", states, now));
    }
    boolean progressing = changed || (!bothNormal && !degraded);
    if (step.active() || step instanceof Step.Done) {
      conditions.add(
          condition(
              previous,
              pair,
              PROGRESSING,
              step.active() ? "True" : "False",
              step.conditionReason(),
              step.message(),
              now));
    } else {
      conditions.add(
          condition(
              previous,
              pair,
              PROGRESSING,
              progressing ? "True" : "False",
              changed ? "ResourcesApplied" : progressing ? "NodesStarting" : "Settled",
              states,
              now));
    }
    conditions.add(condition(previous, pair, INVALID_SPEC, "False", "Valid", "spec accepted", now));
    Condition configSynced = configSynced(previous, pair, configVersion, now);
    conditions.add(configSynced);

    String phase;
    if (step.active()) {
      phase = "Upgrading";
    } else if (bothNormal) {
      phase = "Running";
    } else if (degraded || !failures.isEmpty()) {
      phase = "Degraded";
    } else {
      phase = "Pending";
    }
    boolean configPending = CONFIG_PENDING.equals(configSynced.getReason())
        || RESTART_PENDING.equals(configSynced.getReason());
    return new OperatorStatus(
        pair.getMetadata().getGeneration(),
        phase,
        conditions,
        bothNormal && !changed && !step.active() && !configPending && failures.isEmpty(),
        upgrade,
        configVersion);
  }

  private static Condition configSynced(
      List<Condition> previous, DhcpFailoverPair pair, String rendered, Instant now) {
    DhcpFailoverPairStatus status = pair.getStatus();
    List<String> rejections = configRejections(pair);
    if (!rejections.isEmpty()) {
      return condition(
          previous, pair, CONFIG_SYNCED, "False", CONFIG_REJECTED, String.join("; ", rejections),
          now);
    }
    List<String> restarts = restartsPending(pair);
    if (!restarts.isEmpty()) {
      return condition(
          previous, pair, CONFIG_SYNCED, "False", RESTART_PENDING, String.join("; ", restarts),
          now);
    }
    String p = configVersion(Role.PRIMARY.nodeStatus(status));
    String s = configVersion(Role.SECONDARY.nodeStatus(status));
    if (rendered.equals(p) && rendered.equals(s)) {
      return condition(
          previous, pair, CONFIG_SYNCED, "True", BOTH_NODES_CURRENT,
          "primary and secondary run " + rendered, now);
    }
    return condition(
        previous, pair, CONFIG_SYNCED, "False", CONFIG_PENDING,
        "rendered " + rendered + "; " + nodeVersions(status), now);
  }

  /**
   * One entry per node that reports a {@code configError}: {@code "<role>: <error>"}. Such a node
   * runs its previous configuration.
   */
  public static List<String> configRejections(DhcpFailoverPair pair) {
    return configErrors(pair, ConfigStatus.REJECTED);
  }

  /**
   * One entry per node that accepted the pair file but takes part of it only on a restart: {@code
   * "<role>: <what>"}.
   */
  public static List<String> restartsPending(DhcpFailoverPair pair) {
    return configErrors(pair, ConfigStatus.RESTART_PENDING);
  }

  private static List<String> configErrors(DhcpFailoverPair pair, ConfigStatus wanted) {
    List<String> errors = new ArrayList<>();
    for (Role role : Role.PAIR) {
      NodeStatus node = role.nodeStatus(pair.getStatus());
      if (node != null && node.effectiveConfigStatus() == wanted) {
        String error = node.getConfigError();
        errors.add(role + ": " + (error == null || error.isBlank() ? "no reason given" : error));
      }
    }
    return errors;
  }

  private static String nodeVersions(DhcpFailoverPairStatus status) {
    return runs(Role.PRIMARY, configVersion(Role.PRIMARY.nodeStatus(status)))
        + ", "
        + runs(Role.SECONDARY, configVersion(Role.SECONDARY.nodeStatus(status)));
  }

  private static String runs(Role role, String version) {
    return version == null ? role + " reports no config version" : role + " runs " + version;
  }

  /** A node's reported config version, or null when it reported none. */
  private static String configVersion(NodeStatus node) {
    return node == null || node.getConfigVersion() == null || node.getConfigVersion().isBlank()
        ? null
        : node.getConfigVersion();
  }

  /** True when the operator-owned keys of the pair already equal {@code desired}. */
  public static boolean isCurrent(DhcpFailoverPair pair, OperatorStatus desired) {
    DhcpFailoverPairStatus status = pair.getStatus();
    if (status == null) {
      return false;
    }
    return Objects.equals(status.getObservedGeneration(), desired.observedGeneration())
        && Objects.equals(status.getPhase(), desired.phase())
        && Objects.equals(status.getConditions(), desired.conditions())
        && (desired.configVersion() == null
            || desired.configVersion().equals(status.getConfigVersion()))
        && (desired.upgrade() == null
            || Serialization.asJson(desired.upgrade())
                .equals(Serialization.asJson(status.getUpgrade())));
  }

  /** A node's reported failover state, or null when it reported none. */
  public static FailoverState state(NodeStatus node) {
    return node == null ? null : node.getState();
  }

  private static String degradedReason(FailoverState p, FailoverState s) {
    if (p == FailoverState.PARTNER_DOWN || s == FailoverState.PARTNER_DOWN) {
      return "PartnerDown";
    }
    if (p == FailoverState.COMMUNICATIONS_INTERRUPTED
        || s == FailoverState.COMMUNICATIONS_INTERRUPTED) {
      return "CommunicationsInterrupted";
    }
    return "NodeDown";
  }

  /** Whether a node in {@code state} answers clients; a node that reported nothing does not. */
  static boolean serving(FailoverState state) {
    return state != null && state.serving();
  }

  /** Whether {@code state} means a node or its link is down; false for a node that reported nothing. */
  public static boolean down(FailoverState state) {
    return state != null && state.down();
  }

  private static String orNone(FailoverState state) {
    return state == null ? "not reported" : state.wireName();
  }

  private static List<Condition> previousConditions(DhcpFailoverPair pair) {
    return pair.getStatus() == null || pair.getStatus().getConditions() == null
        ? List.of()
        : pair.getStatus().getConditions();
  }

  /** The condition of {@code type}, or null. */
  public static Condition find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  private static Condition condition(
      List<Condition> previous,
      DhcpFailoverPair pair,
      String type,
      String status,
      String reason,
      String message,
      Instant now) {
    Condition old = find(previous, type);
    String transition =
        old != null && status.equals(old.getStatus()) && old.getLastTransitionTime() != null
            ? old.getLastTransitionTime()
            : now.toString();
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(pair.getMetadata().getGeneration())
        .withLastTransitionTime(transition)
        .build();
  }
}
