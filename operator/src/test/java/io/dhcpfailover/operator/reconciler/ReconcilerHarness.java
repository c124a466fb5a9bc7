package io.dhcpfailover.operator.reconciler;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.NodeStatus;
import io.dhcpfailover.lab.MergePatchCrudDispatcher;
import io.dhcpfailover.operator.model.DesiredStateBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A reconciler against fabric8's mock API server in CRUD mode (merge patches per RFC 7386), with
 * the generated CRD created first so the status subresource works. Pairs are named {@code
 * campus-a} in namespace {@code dhcp}, as in the fixtures.
 */
final class ReconcilerHarness implements AutoCloseable {
  static final String NS = "dhcp";
  static final String NAME = "campus-a";

  final KubernetesMockServer server;
  final KubernetesClient client;
  final DhcpFailoverPairReconciler reconciler;

  ReconcilerHarness() {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new MergePatchCrudDispatcher(),
            false);
    server.init();
    client = server.createClient();
    try (InputStream in =
        getClass()
            .getClassLoader()
            .getResourceAsStream("META-INF/fabric8/dhcpfailoverpairs.dhcpfailover.io-v1.yml")) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .resource(Serialization.unmarshal(in, CustomResourceDefinition.class))
          .create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    reconciler =
        new DhcpFailoverPairReconciler(
            client,
            new DesiredStateBuilder(DesiredStateBuilder.defaultImageFor("0.1.0")),
            Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC),
            new SimpleMeterRegistry());
  }

  void create(DhcpFailoverPair pair) {
    pair.getMetadata().setUid(null);
    client.resource(pair).create();
  }

  DhcpFailoverPair get() {
    return client.resources(DhcpFailoverPair.class).inNamespace(NS).withName(NAME).get();
  }

  void reconcile() {
    reconciler.reconcile(get(), null);
  }

  /** The resourceVersion of every owned object and of the pair, by {@code Kind/name}. */
  Map<String, String> resourceVersions() {
    Map<String, String> versions = new TreeMap<>();
    put(versions, "StatefulSet", client.apps().statefulSets().inNamespace(NS).list().getItems());
    put(versions, "ConfigMap", client.configMaps().inNamespace(NS).list().getItems());
    put(versions, "Secret", client.secrets().inNamespace(NS).list().getItems());
    put(versions, "ServiceAccount", client.serviceAccounts().inNamespace(NS).list().getItems());
    put(versions, "Role", client.rbac().roles().inNamespace(NS).list().getItems());
    put(versions, "RoleBinding", client.rbac().roleBindings().inNamespace(NS).list().getItems());
    versions.put("DhcpFailoverPair/" + NAME, get().getMetadata().getResourceVersion());
    return versions;
  }

  private static void put(
      Map<String, String> versions, String kind, List<? extends HasMetadata> items) {
    items.forEach(
        o -> versions.put(kind + "/" + o.getMetadata().getName(), o.getMetadata().getResourceVersion()));
  }

  /** What the StatefulSet controller would do: a Ready pod from the set's current template. */
  static void runPod(KubernetesClient client, String role) {
    StatefulSet sts =
        client.apps().statefulSets().inNamespace(NS).withName(NAME + "-" + role).get();
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(NAME + "-" + role + "-0")
            .withNamespace(NS)
            .withLabels(sts.getSpec().getTemplate().getMetadata().getLabels())
            .withAnnotations(sts.getSpec().getTemplate().getMetadata().getAnnotations())
            .endMetadata()
            .withSpec(sts.getSpec().getTemplate().getSpec())
            .withNewStatus()
            .addNewCondition()
            .withType("Ready")
            .withStatus("True")
            .endCondition()
            .endStatus()
            .build();
    client.pods().inNamespace(NS).resource(pod).create();
  }

  /** What a node does: a merge patch of its own entry of the pair's status. */
  static void nodeWrites(KubernetesClient client, String role, NodeStatus node) {
    client
        .resources(DhcpFailoverPair.class)
        .inNamespace(NS)
        .withName(NAME)
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(Map.of("status", Map.of(role, node))));
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
