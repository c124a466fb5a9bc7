package io.dhcpfailover.operator.reconciler;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPairStatus;
import io.dhcpfailover.operator.dependent.OwnedResourceApplier;
import io.dhcpfailover.operator.dependent.OwnedResourceApplier.Applied;
import io.dhcpfailover.operator.dependent.OwnedResourceApplier.Outcome;
import io.dhcpfailover.operator.model.DesiredState;
import io.dhcpfailover.operator.model.DesiredStateBuilder;
import io.dhcpfailover.operator.model.NodeRole;
import io.dhcpfailover.operator.model.PairSpecValidator;
import io.dhcpfailover.operator.status.EventRecorder;
import io.dhcpfailover.operator.status.OperatorStatus;
import io.dhcpfailover.operator.status.StatusAggregator;
import io.dhcpfailover.operator.status.StatusWriter;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles one {@link DhcpFailoverPair}: validate the spec, render the desired objects, create or
 * update each owned object, report what the nodes do, and look again later while the pair is not
 * settled.
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

  private final KubernetesClient client;
  private final DesiredStateBuilder builder;
  private final OwnedResourceApplier applier;
  private final StatusWriter statusWriter;
  private final EventRecorder events;
  private final Clock clock;
  private final MeterRegistry metrics;

  public DhcpFailoverPairReconciler(
      KubernetesClient client, DesiredStateBuilder builder, Clock clock, MeterRegistry metrics) {
    this.client = client;
    this.builder = builder;
    this.applier = new OwnedResourceApplier(client);
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
    return List.of(new InformerEventSource<>(statefulSets, context));
  }

  @Override
  public UpdateControl<DhcpFailoverPair> reconcile(
      DhcpFailoverPair pair, Context<DhcpFailoverPair> context) {
    String ref = pair.getMetadata().getNamespace() + "/" + pair.getMetadata().getName();
    metrics.counter("dhcpfailover_reconciliations_total").increment();

    List<String> problems = PairSpecValidator.validate(pair.getSpec());
    if (!problems.isEmpty()) {
      return refuse(pair, ref, problems);
    }

    DesiredState desired = builder.build(pair);
    boolean changed = false;
    for (HasMetadata object : desired.all()) {
      Applied applied = applier.apply(object);
      if (applied.outcome() == Outcome.CREATED) {
        events.normal(pair, "Created", "Created " + applied.describe());
      } else if (applied.outcome() == Outcome.UPDATED) {
        events.normal(pair, "Updated", "Updated " + applied.describe());
      }
      changed |= applied.outcome() != Outcome.UNCHANGED;
    }

    reportNodeStateChanges(pair, ref);
    OperatorStatus status = StatusAggregator.aggregate(pair, changed, clock.instant());
    writeStatus(pair, ref, status);
    Duration next = status.settled() ? SETTLED_RECHECK : UNSETTLED_RECHECK;
    return UpdateControl.<DhcpFailoverPair>noUpdate().rescheduleAfter(next);
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
    Map<NodeRole, String> now = new LinkedHashMap<>();
    DhcpFailoverPairStatus status = pair.getStatus();
    now.put(NodeRole.PRIMARY, StatusAggregator.state(status == null ? null : status.getPrimary()));
    now.put(
        NodeRole.SECONDARY, StatusAggregator.state(status == null ? null : status.getSecondary()));
    String encoded = encode(now);
    Map<String, String> annotations = pair.getMetadata().getAnnotations();
    String before = annotations == null ? null : annotations.get(NODE_STATES_ANNOTATION);
    if (encoded.equals(before)) {
      return;
    }
    Map<NodeRole, String> last = decode(before);
    for (NodeRole role : NodeRole.values()) {
      String was = last.get(role);
      String is = now.get(role);
      if (Objects.equals(was, is)) {
        continue;
      }
      String message = role.id() + ": " + orNone(was) + " -> " + orNone(is);
      LOG.info("NODE_STATE_CHANGED {} {}", ref, message);
      if (is == null || StatusAggregator.in(StatusAggregator.DOWN, is)) {
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

  private static String encode(Map<NodeRole, String> states) {
    List<String> parts = new ArrayList<>();
    states.forEach((role, state) -> parts.add(role.id() + "=" + (state == null ? "" : state)));
    return String.join(",", parts);
  }

  private static Map<NodeRole, String> decode(String encoded) {
    Map<NodeRole, String> states = new LinkedHashMap<>();
    if (encoded == null) {
      return states;
    }
    for (String part : encoded.split(",")) {
      String[] kv = part.split("=", 2);
      for (NodeRole role : NodeRole.values()) {
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
