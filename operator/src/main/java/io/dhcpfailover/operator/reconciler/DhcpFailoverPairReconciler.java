package io.dhcpfailover.operator.reconciler;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.FailoverState;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPairStatus;
import io.dhcpfailover.api.v1alpha1.UpgradePhase;
import io.dhcpfailover.api.v1alpha1.UpgradeStatus;
import io.dhcpfailover.api.validation.ConfigError;
import io.dhcpfailover.api.validation.PairValidator;
import io.dhcpfailover.operator.dependent.OwnedResourceApplier;
import io.dhcpfailover.operator.dependent.PeerTlsSecret;
import io.dhcpfailover.operator.dependent.OwnedResourceApplier.Applied;
import io.dhcpfailover.operator.dependent.OwnedResourceApplier.Outcome;
import io.dhcpfailover.operator.model.DesiredState;
import io.dhcpfailover.operator.model.DesiredStateBuilder;
import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.operator.status.EventRecorder;
import io.dhcpfailover.operator.status.NodeFailure;
import io.dhcpfailover.operator.status.OperatorStatus;
import io.dhcpfailover.operator.status.StatusAggregator;
import io.dhcpfailover.operator.status.StatusWriter;
import io.dhcpfailover.operator.upgrade.NodeStates;
import io.dhcpfailover.operator.upgrade.ObservedObjects;
import io.dhcpfailover.operator.upgrade.Step;
import io.dhcpfailover.operator.upgrade.UpgradeProgress;
import io.dhcpfailover.operator.upgrade.UpgradeSequencer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles one {@link DhcpFailoverPair}: validate the spec, render the desired objects, ask the
 * {@link UpgradeSequencer} for the roll's next step, create or update each owned object (a
 * StatefulSet whose change needs a node restart only when the sequencer names it), carry out the
 * step, report what the nodes do (failover states, and whether both run the rendered pair file),
 * and look again later while the pair is not settled (every five seconds while a roll is under
 * way). The reconciler never blocks on a roll: each pass decides from what it observes.
 *
 * <p>Deleting a pair needs no work here: every owned object carries a controller owner reference,
 * so the garbage collector removes them (the lease volumes of a StatefulSet stay, as usual).
 *
 * <p>Events are not generation-aware: a node writing its status is a change the operator reacts
 * to. Its own status write only happens when its keys differ, so reconciles settle.
 */
@ControllerConfiguration(name = "dhcpfailoverpair", generationAwareEventProcessing = false)
public class DhcpFailoverPairReconciler implements Reconciler<DhcpFailoverPair> {
  private static final Logger LOG = LoggerFactory.getLogger(DhcpFailoverPairReconciler.class);

  /** Annotation on the pair with the node states seen by the last reconcile. */
  public static final String NODE_STATES_ANNOTATION = "dhcpfailover.io/observed-node-states";

  static final Duration UNSETTLED_RECHECK = Duration.ofSeconds(15);
  static final Duration SETTLED_RECHECK = Duration.ofMinutes(5);
  static final Duration ROLLING_RECHECK = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final DesiredStateBuilder builder;
  private final OwnedResourceApplier applier;
  private final PeerTlsSecret peerTls;
  private final StatusWriter statusWriter;
  private final EventRecorder events;
  private final Clock clock;
  private final MeterRegistry metrics;
  private final UpgradeSequencer sequencer = new UpgradeSequencer();

  public DhcpFailoverPairReconciler(
      KubernetesClient client, DesiredStateBuilder builder, Clock clock, MeterRegistry metrics) {
    this.client = client;
    this.builder = builder;
    this.applier = new OwnedResourceApplier(client);
    this.peerTls = new PeerTlsSecret(client);
    this.statusWriter = new StatusWriter(client);
    this.events = new EventRecorder(client, clock);
    this.clock = clock;
    this.metrics = metrics;
  }

  @Override
  public List<EventSource<?, DhcpFailoverPair>> prepareEventSources(
      EventSourceContext<DhcpFailoverPair> context) {
    var statefulSets =
        InformerEventSourceConfiguration.from(StatefulSet.class, DhcpFailoverPair.class)
            .withLabelSelector("app.kubernetes.io/managed-by=" + DesiredStateBuilder.MANAGER)
            .build();
    return List.of(new InformerEventSource<>(statefulSets, context), NodePods.eventSource(context));
  }

  @Override
  public UpdateControl<DhcpFailoverPair> reconcile(
      DhcpFailoverPair pair, Context<DhcpFailoverPair> context) {
    String ref = pair.getMetadata().getNamespace() + "/" + pair.getMetadata().getName();
    metrics.counter("dhcpfailover_reconciliations_total").increment();

    List<String> problems =
        PairValidator.validate(pair).stream().map(ConfigError::toString).toList();
    if (!problems.isEmpty()) {
      return refuse(pair, ref, problems);
    }

    DesiredState desired = builder.build(pair);
    Instant now = clock.instant();
    ObservedObjects observed = observe(pair, desired);
    Step step = sequencer.nextStep(pair, observed, NodeStates.of(pair), now);

    boolean changed = peerTlsSecret(pair, now);
    for (HasMetadata object : desired.all()) {
      if (object instanceof StatefulSet sts && heldBack(sts, observed, step)) {
        continue;
      }
      Applied applied = applier.apply(object);
      if (applied.outcome() == Outcome.CREATED) {
        events.normal(pair, "Created", "Created " + applied.describe());
      } else if (applied.outcome() == Outcome.UPDATED) {
        events.normal(pair, "Updated", "Updated " + applied.describe());
      }
      changed |= applied.outcome() != Outcome.UNCHANGED;
    }
    UpgradeStatus upgrade = carryOut(pair, ref, observed, step, now);

    reportNodeStateChanges(pair, ref);
    warnOnce(pair, ref, StatusAggregator.CONFIG_SYNCED, StatusAggregator.CONFIG_REJECTED,
        StatusAggregator.configRejections(pair));
    List<NodeFailure> failures = nodeFailures(observed);
    warnOnce(pair, ref, StatusAggregator.DEGRADED, StatusAggregator.NODE_FAILING,
        failures.stream().map(NodeFailure::describe).toList());
    OperatorStatus status =
        StatusAggregator.aggregate(
            pair, changed, step, upgrade, desired.configVersion(), failures, now);
    writeStatus(pair, ref, status);
    Duration next =
        step.active() ? ROLLING_RECHECK : status.settled() ? SETTLED_RECHECK : UNSETTLED_RECHECK;
    return UpdateControl.<DhcpFailoverPair>noUpdate().rescheduleAfter(next);
  }

  /**
   * Creates the pair's peer-TLS Secret, or renews what is due in it, before the StatefulSets that
   * mount it; nothing when {@code spec.peerTLS} is Disabled. Returns whether it changed.
   */
  private boolean peerTlsSecret(DhcpFailoverPair pair, Instant now) {
    if (!DesiredStateBuilder.peerTls(pair)) {
      return false;
    }
    PeerTlsSecret.Result result = peerTls.reconcile(pair, now);
    String name = "Secret " + DesiredStateBuilder.peerTlsSecretName(pair);
    switch (result.outcome()) {
      case CREATED -> events.normal(pair, "Created", "Created " + name + ": " + String.join("; ", result.reasons()));
      case UPDATED -> events.normal(pair, "CertificatesRenewed", name + ": " + String.join("; ", result.reasons()));
      default -> { }
    }
    return result.outcome() != Outcome.UNCHANGED;
  }

  /** The live StatefulSets and their pods {@code <name>-<role>-0}. */
  private ObservedObjects observe(DhcpFailoverPair pair, DesiredState desired) {
    String namespace = pair.getMetadata().getNamespace();
    Map<Role, StatefulSet> wanted = new EnumMap<>(Role.class);
    Map<Role, StatefulSet> live = new EnumMap<>(Role.class);
    Map<Role, Pod> pods = new EnumMap<>(Role.class);
    for (Role role : Role.PAIR) {
      String name = DesiredStateBuilder.statefulSetName(pair, role);
      wanted.put(role, desired.statefulSet(role));
      StatefulSet sts = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
      if (sts != null) {
        live.put(role, sts);
      }
      Pod pod = client.pods().inNamespace(namespace).withName(name + "-0").get();
      if (pod != null) {
        pods.put(role, pod);
      }
    }
    return new ObservedObjects(wanted, live, pods);
  }

  /**
   * True when a StatefulSet must keep its live form: its new form needs a node restart and the
   * sequencer has not named it. A change that needs no restart is written at once (OnDelete: the
   * pod picks it up at its next restart).
   */
  private static boolean heldBack(StatefulSet sts, ObservedObjects observed, Step step) {
    Role role = Role.parse(sts.getMetadata().getLabels().get(DesiredStateBuilder.ROLE_LABEL));
    ObservedObjects.Node node = observed.node(role);
    if (node.statefulSet() == null || !node.templateStale()) {
      return false;
    }
    return !(step instanceof Step.UpdateTemplate update && update.role() == role);
  }

  /** Deletes a pod when the step says so, records events, and computes {@code status.upgrade}. */
  private UpgradeStatus carryOut(
      DhcpFailoverPair pair, String ref, ObservedObjects observed, Step step, Instant now) {
    UpgradeStatus previous = pair.getStatus() == null ? null : pair.getStatus().getUpgrade();
    UpgradePhase previousPhase = previous == null ? null : previous.getPhase();
    boolean phaseChanged = !Objects.equals(previousPhase, step.phase());
    if (phaseChanged) {
      LOG.info("UPGRADE_STEP {} {}: {}", ref, step.phase(), step.message());
    }
    if (previousPhase != null
        && (previousPhase.waitingForNode() || previousPhase == UpgradePhase.STUCK)
        && !(step instanceof Step.WaitForNode)
        && !(step instanceof Step.Stuck)) {
      events.normal(pair, "NodeBackToNormal", "both nodes NORMAL after restarting the "
          + previous.getNode());
    }
    if (step instanceof Step.UpdateTemplate update) {
      if (!UpgradeSequencer.rolling(previous)) {
        events.normal(pair, "UpgradeStarted", "rolling " + observed.node(update.role()).liveImage()
            + " -> " + observed.node(update.role()).desiredImage() + ", secondary first");
      }
      if (update.role() == Role.PRIMARY) {
        forgetApproval(pair);
      }
    } else if (step instanceof Step.DeletePod delete) {
      String podName = DesiredStateBuilder.statefulSetName(pair, delete.role()) + "-0";
      events.normal(pair, "RestartingNode", "deleting pod " + podName + " ("
          + delete.reason().wireName() + ")");
      client.pods().inNamespace(pair.getMetadata().getNamespace()).withName(podName).delete();
    } else if (step instanceof Step.Stuck && phaseChanged) {
      events.warning(pair, "UpgradeStuck", step.message());
    } else if (step instanceof Step.PausedForApproval && phaseChanged) {
      events.normal(pair, "UpgradePaused", step.message());
    } else if (step instanceof Step.Done done) {
      events.normal(pair, "UpgradeCompleted", step.message());
    }
    return UpgradeProgress.after(
        step, previous, observed, UpgradeSequencer.stepTimeout(pair), now);
  }

  /** Removes the approval annotation once the primary's restart has begun. */
  private void forgetApproval(DhcpFailoverPair pair) {
    Map<String, String> annotations = pair.getMetadata().getAnnotations();
    if (annotations == null || !annotations.containsKey(UpgradeSequencer.CONTINUE_ANNOTATION)) {
      return;
    }
    Map<String, Object> remove = new HashMap<>();
    remove.put(UpgradeSequencer.CONTINUE_ANNOTATION, null);
    client
        .resources(DhcpFailoverPair.class)
        .inNamespace(pair.getMetadata().getNamespace())
        .withName(pair.getMetadata().getName())
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(Map.of("metadata", Map.of("annotations", remove))));
  }

  /** An invalid spec: condition, Warning event, and no change to any owned object. */
  private UpdateControl<DhcpFailoverPair> refuse(
      DhcpFailoverPair pair, String ref, List<String> problems) {
    String message = String.join("; ", problems);
    Condition previous =
        pair.getStatus() == null
            ? null
            : StatusAggregator.find(pair.getStatus().getConditions(), StatusAggregator.INVALID_SPEC);
    boolean alreadyReported =
        previous != null
            && "True".equals(previous.getStatus())
            && message.equals(previous.getMessage());
    if (!alreadyReported) {
      LOG.warn("INVALID_SPEC {}: {}", ref, message);
      events.warning(pair, "InvalidSpec", message);
    }
    writeStatus(pair, ref, StatusAggregator.invalid(pair, problems, clock.instant()));
    return UpdateControl.noUpdate();
  }

  private void writeStatus(DhcpFailoverPair pair, String ref, OperatorStatus status) {
    if (StatusAggregator.isCurrent(pair, status)) {
      return;
    }
    statusWriter.write(pair, status);
    LOG.info("STATUS {} phase {}", ref, status.phase());
  }

  /**
   * Compares the node states with those seen last time (kept in an annotation on the pair) and
   * records an event for each change; a node going down or silent is a Warning.
   */
  private void reportNodeStateChanges(DhcpFailoverPair pair, String ref) {
    Map<Role, String> now = new LinkedHashMap<>();
    DhcpFailoverPairStatus status = pair.getStatus();
    for (Role role : Role.PAIR) {
      FailoverState state = StatusAggregator.state(role.nodeStatus(status));
      now.put(role, state == null ? null : state.wireName());
    }
    String encoded = encode(now);
    Map<String, String> annotations = pair.getMetadata().getAnnotations();
    String before = annotations == null ? null : annotations.get(NODE_STATES_ANNOTATION);
    if (encoded.equals(before)) {
      return;
    }
    Map<Role, String> last = decode(before);
    for (Role role : Role.PAIR) {
      String was = last.get(role);
      String is = now.get(role);
      if (Objects.equals(was, is)) {
        continue;
      }
      String message = role.id() + ": " + orNone(was) + " -> " + orNone(is);
      LOG.info("NODE_STATE_CHANGED {} {}", ref, message);
      if (is == null || StatusAggregator.down(FailoverState.of(is))) {
        events.warning(pair, "NodeNotReady", message);
      } else {
        events.normal(pair, "NodeStateChanged", message);
      }
    }
    client
        .resources(DhcpFailoverPair.class)
        .inNamespace(pair.getMetadata().getNamespace())
        .withName(pair.getMetadata().getName())
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(
                Map.of("metadata", Map.of("annotations", Map.of(NODE_STATES_ANNOTATION, encoded)))));
  }

  private static List<NodeFailure> nodeFailures(ObservedObjects observed) {
    List<NodeFailure> failures = new ArrayList<>();
    for (Role role : Role.PAIR) {
      NodeFailure failure = NodeFailure.of(role, observed.node(role).pod());
      if (failure != null) {
        failures.add(failure);
      }
    }
    return failures;
  }

  /**
   * A Warning event (and a log line) for each message not yet in the condition {@code type} with
   * reason {@code reason}, so each distinct problem is reported once while it lasts, not on every
   * reconcile: node configuration errors (ConfigSynced, ConfigRejected) and failing node
   * containers (Degraded, NodeFailing).
   */
  private void warnOnce(
      DhcpFailoverPair pair, String ref, String type, String reason, List<String> messages) {
    Condition previous =
        pair.getStatus() == null
            ? null
            : StatusAggregator.find(pair.getStatus().getConditions(), type);
    String reported =
        previous != null && reason.equals(previous.getReason()) && previous.getMessage() != null
            ? previous.getMessage()
            : "";
    for (String message : messages) {
      if (!reported.contains(message)) {
        LOG.warn("{} {} {}", reason.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT),
            ref, message);
        events.warning(pair, reason, message);
      }
    }
  }

  private static String encode(Map<Role, String> states) {
    List<String> parts = new ArrayList<>();
    states.forEach((role, state) -> parts.add(role.id() + "=" + (state == null ? "" : state)));
    return String.join(",", parts);
  }

  private static Map<Role, String> decode(String encoded) {
    Map<Role, String> states = new LinkedHashMap<>();
    if (encoded == null) {
      return states;
    }
    for (String part : encoded.split(",")) {
      String[] kv = part.split("=", 2);
      for (Role role : Role.PAIR) {
        if (role.id().equals(kv[0]) && kv.length == 2 && !kv[1].isEmpty()) {
          states.put(role, kv[1]);
        }
      }
    }
    return states;
  }

  private static String orNone(String state) {
    return state == null ? "none" : state;
  }
}
