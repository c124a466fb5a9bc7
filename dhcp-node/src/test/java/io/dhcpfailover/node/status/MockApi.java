package io.dhcpfailover.node.status;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPairSpec;
import io.dhcpfailover.api.v1alpha1.NodeSpec;
import io.dhcpfailover.api.v1alpha1.SubnetSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fabric8 mock API server in CRUD mode with the DhcpFailoverPair CRD (status subresource enabled)
 * installed, and a client to it that does not retry on its own.
 */
final class MockApi implements AutoCloseable {

  static final String NAMESPACE = "dhcp";

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private MockApi(KubernetesMockServer server) {
    this.server = server;
    this.client =
        server.createClient(
            b ->
                b.editOrNewConfig()
                    .withRequestRetryBackoffLimit(0)
                    .withRequestTimeout(5_000)
                    .withConnectionTimeout(2_000)
                    .endConfig());
  }

  /** Starts a mock server on a free port and installs the CRD. */
  static MockApi start() {
    KubernetesMockServer server = newServer();
    server.init();
    MockApi api = new MockApi(server);
    api.installCrd();
    return api;
  }

  /** Starts a mock server on the given port (e.g. one that was stopped) and installs the CRD. */
  static MockApi startOn(int port) {
    KubernetesMockServer server = newServer();
    try {
      server.init(InetAddress.getByName("localhost"), port);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    MockApi api = new MockApi(server);
    api.installCrd();
    return api;
  }

  private static KubernetesMockServer newServer() {
    return new KubernetesMockServer(
        new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
  }

  KubernetesClient client() {
    return client;
  }

  int port() {
    return server.getPort();
  }

  /** The CRD as the API module describes it, with the status subresource; schema left open. */
  static CustomResourceDefinition crd() {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName("dhcpfailoverpairs." + DhcpFailoverPair.GROUP)
        .endMetadata()
        .withNewSpec()
        .withGroup(DhcpFailoverPair.GROUP)
        .withScope("Namespaced")
        .withNewNames()
        .withKind("DhcpFailoverPair")
        .withPlural("dhcpfailoverpairs")
        .withSingular("dhcpfailoverpair")
        .withShortNames("dfp")
        .endNames()
        .addNewVersion()
        .withName(DhcpFailoverPair.VERSION)
        .withServed(true)
        .withStorage(true)
        .withNewSchema()
        .withNewOpenAPIV3Schema()
        .withType("object")
        .withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema()
        .endSchema()
        .withNewSubresources()
        .withNewStatus()
        .endStatus()
        .endSubresources()
        .endVersion()
        .endSpec()
        .build();
  }

  private void installCrd() {
    client.apiextensions().v1().customResourceDefinitions().resource(crd()).create();
  }

  /** Creates a small valid pair. */
  DhcpFailoverPair createPair(String name) {
    NodeSpec primary = new NodeSpec();
    primary.setAddress("198.18.0.2");
    NodeSpec secondary = new NodeSpec();
    secondary.setAddress("198.18.0.3");
    SubnetSpec subnet = new SubnetSpec();
    subnet.setSubnet("198.18.0.0/22");
    subnet.setRanges(List.of("198.18.0.100-198.18.3.250"));
    DhcpFailoverPairSpec spec = new DhcpFailoverPairSpec();
    spec.setPrimary(primary);
    spec.setSecondary(secondary);
    spec.setSubnets(List.of(subnet));
    DhcpFailoverPair pair = new DhcpFailoverPair();
    pair.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    pair.setSpec(spec);
    return client.resources(DhcpFailoverPair.class).inNamespace(NAMESPACE).resource(pair).create();
  }

  /** The pair as stored, or null. */
  DhcpFailoverPair get(String name) {
    return client.resources(DhcpFailoverPair.class).inNamespace(NAMESPACE).withName(name).get();
  }

  /** A status merge patch as the operator would send it: only its own keys. */
  void operatorPatchStatus(String name, String json) {
    client
        .resources(DhcpFailoverPair.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), json);
  }

  /** Takes every request the server has recorded so far, in order. */
  List<RecordedRequest> takeRequests() throws InterruptedException {
    List<RecordedRequest> requests = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
      requests.add(r);
    }
    return requests;
  }

  void stop() {
    server.destroy();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
